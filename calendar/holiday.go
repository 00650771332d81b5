package calendar

import (
	"maps"
	"slices"
	"sync"
	"time"
)

// Holiday is one day off under 国民の祝日に関する法律 (祝日法) or a special
// law: a 国民の祝日, a 振替休日, a 国民の休日 or a one-off 休日.
type Holiday struct {
	Date time.Time
	Name string
}

// The computed range. The law took effect on 1948-07-20; the equinox
// formulas below are published for 1900–2099, and no rule can predict
// what the Diet will decide after that, so later years return nothing
// rather than a guess.
const (
	MinHolidayYear = 1948
	MaxHolidayYear = 2099
)

// Dates on which parts of the law took effect.
var (
	lawStart        = D(1948, time.July, 20)     // 祝日法 施行
	substituteStart = D(1973, time.April, 12)    // 振替休日 introduced (Monday only)
	substitute2007  = D(2007, time.January, 1)   // 振替休日: next non-祝日 day
	sandwichStart   = D(1985, time.December, 27) // 国民の休日 introduced
)

// Names used for the days the law defines by rule rather than by date.
// The Cabinet Office CSV calls all of these just "休日"; we keep the
// distinction because users ask why a day is off.
const (
	nameSubstitute = "振替休日"
	nameSandwich   = "国民の休日"
)

// holidayTable is computed once for the whole supported range. Holidays
// are looked up for every day in AddBusinessDays loops, so recomputing a
// year each time would be wasteful, while the whole table is only a few
// thousand entries.
var holidayTable = sync.OnceValue(func() holidayData {
	data := holidayData{
		byYear: make(map[int][]Holiday, MaxHolidayYear-MinHolidayYear+1),
		byDate: make(map[time.Time]string),
	}
	for y := MinHolidayYear; y <= MaxHolidayYear; y++ {
		hs := computeHolidays(y)
		data.byYear[y] = hs
		for _, h := range hs {
			data.byDate[h.Date] = h.Name
		}
	}
	return data
})

type holidayData struct {
	byYear map[int][]Holiday
	byDate map[time.Time]string
}

// Holidays returns every holiday of the calendar year, sorted by date,
// including 振替休日 and 国民の休日. Years outside MinHolidayYear to
// MaxHolidayYear return nil. The slice is a fresh copy the caller may
// modify.
func Holidays(year int) []Holiday {
	return slices.Clone(holidayTable().byYear[year])
}

// HolidayName returns the name of the holiday on t's date, if any.
func HolidayName(t time.Time) (string, bool) {
	name, ok := holidayTable().byDate[civil(t)]
	return name, ok
}

// IsHoliday reports whether t's date is a national holiday, a 振替休日 or a
// 国民の休日. Ordinary Saturdays and Sundays are not holidays in this sense;
// use IsClosingDay for "the office is closed".
func IsHoliday(t time.Time) bool {
	_, ok := HolidayName(t)
	return ok
}

// IsClosingDay reports whether the city office is closed on t's date
// (閉庁日, 地方自治法4条の2): Saturdays, Sundays, holidays and the year-end
// break from 29 December to 3 January. Cities set this by 条例; these are
// the days nearly every 条例 lists.
func IsClosingDay(t time.Time) bool {
	d := civil(t)
	switch d.Weekday() {
	case time.Saturday, time.Sunday:
		return true
	}
	_, m, day := d.Date()
	if (m == time.December && day >= 29) || (m == time.January && day <= 3) {
		return true
	}
	return IsHoliday(d)
}

// IsBusinessDay reports whether the city office is open on t's date.
func IsBusinessDay(t time.Time) bool {
	return !IsClosingDay(t)
}

// AddBusinessDays moves n business days from t: forward for positive n,
// backward for negative n. The start day itself is never counted, so
// adding 1 to a Friday gives the next open day, usually Monday. With n == 0
// it returns t's date unchanged even if that is a closing day, because
// "zero days later" should not silently move a deadline.
// The result is a civil date (midnight UTC).
func AddBusinessDays(t time.Time, n int) time.Time {
	d := civil(t)
	step := 1
	if n < 0 {
		step, n = -1, -n
	}
	for n > 0 {
		d = d.AddDate(0, 0, step)
		if IsBusinessDay(d) {
			n--
		}
	}
	return d
}

// computeHolidays applies the law to one year: first the 国民の祝日 of
// 祝日法2条 (and the one-off days special laws treat as such), then 3条2項
// (振替休日) and 3条3項 (国民の休日), which are defined in terms of them.
func computeHolidays(y int) []Holiday {
	shuku := nationalDays(y)
	isShuku := make(map[time.Time]bool, len(shuku))
	for _, h := range shuku {
		isShuku[h.Date] = true
	}
	all := slices.Clone(shuku)
	// taken marks days already in the list, so that one day never gets
	// two entries.
	taken := maps.Clone(isShuku)

	// 振替休日 (3条2項). From 1973-04-12 a 祝日 on Sunday gave the Monday
	// off. Since 2007 it gives the nearest following day that is not a
	// 祝日, which matters when 5/3 falls on a Sunday: 5/4 and 5/5 are
	// 祝日 themselves, so 5/6 becomes the 振替休日.
	for _, h := range shuku {
		if h.Date.Weekday() != time.Sunday || h.Date.Before(substituteStart) {
			continue
		}
		next := h.Date.AddDate(0, 0, 1)
		if h.Date.Before(substitute2007) {
			// The old text gave only the Monday; if that Monday was a
			// 祝日 anyway, nothing further was added.
			if isShuku[next] {
				continue
			}
		} else {
			for isShuku[next] {
				next = next.AddDate(0, 0, 1)
			}
		}
		if !taken[next] {
			all = append(all, Holiday{Date: next, Name: nameSubstitute})
			taken[next] = true
		}
	}

	// 国民の休日 (3条3項, from 1985-12-27): a day that is not a 祝日 but
	// lies between two 祝日. The pre-2007 text excludes Sundays and days
	// that are already 振替休日; the 2007 text only requires the day not to
	// be a 祝日. We exclude Sundays throughout: no sandwiched Sunday occurs
	// in 2007–2099 (the only sandwich left is the September one after a
	// Monday 敬老の日), so both readings give the same list, and a Sunday
	// is a closing day anyway.
	for _, h := range shuku {
		mid := h.Date.AddDate(0, 0, 1)
		if mid.Year() != y || mid.Before(sandwichStart) || taken[mid] || mid.Weekday() == time.Sunday {
			continue
		}
		if isShuku[mid.AddDate(0, 0, 1)] {
			all = append(all, Holiday{Date: mid, Name: nameSandwich})
			taken[mid] = true
		}
	}

	// 2019-04-30 and 2019-05-02 are 国民の休日 by 3条3項, because the
	// special law treats 2019-05-01 as a 祝日. The Cabinet Office list and
	// public notices of the time call them plainly "休日", and users know
	// them by that name, so we do the same.
	for i, h := range all {
		if h.Date.Equal(D(2019, time.April, 30)) || h.Date.Equal(D(2019, time.May, 2)) {
			all[i].Name = "休日"
		}
	}

	slices.SortFunc(all, func(a, b Holiday) int { return a.Date.Compare(b.Date) })
	return all
}

// nationalDays returns the 国民の祝日 of year y (祝日法2条 as amended over
// time), plus the one-off days that special laws made holidays. It does
// not include 振替休日 or 国民の休日.
func nationalDays(y int) []Holiday {
	var hs []Holiday
	add := func(m time.Month, d int, name string) {
		hs = append(hs, Holiday{Date: D(y, m, d), Name: name})
	}

	add(time.January, 1, "元日")

	// Happy Monday law (平成10年改正) moved 成人の日 and 体育の日 from 2000.
	if y >= 2000 {
		add(time.January, nthMonday(y, time.January, 2), "成人の日")
	} else {
		add(time.January, 15, "成人の日")
	}

	// 建国記念の日 was added in 1966 and first observed in 1967.
	if y >= 1967 {
		add(time.February, 11, "建国記念の日")
	}

	// 天皇誕生日 follows the reigning emperor: 4/29 for 昭和天皇 (until
	// 1988), 12/23 for the 上皇 (1989–2018), 2/23 from 2020. 2019 had none
	// because the 上皇 abdicated before 12/23 and the new date only took
	// effect in 2020.
	if y >= 2020 {
		add(time.February, 23, "天皇誕生日")
	}

	add(time.March, vernalEquinox(y), "春分の日")

	// 4/29 kept its holiday after 昭和天皇 died: みどりの日 from 1989, then
	// 昭和の日 from 2007, when みどりの日 moved to 5/4.
	switch {
	case y >= 2007:
		add(time.April, 29, "昭和の日")
	case y >= 1989:
		add(time.April, 29, "みどりの日")
	default:
		add(time.April, 29, "天皇誕生日")
	}

	add(time.May, 3, "憲法記念日")
	if y >= 2007 {
		add(time.May, 4, "みどりの日")
	}
	add(time.May, 5, "こどもの日")

	// 海の日: 7/20 from 1996, third Monday of July from 2003. For the Tokyo
	// Olympics, special laws moved it to 7/23 in 2020 and 7/22 in 2021.
	switch {
	case y == 2020:
		add(time.July, 23, "海の日")
	case y == 2021:
		add(time.July, 22, "海の日")
	case y >= 2003:
		add(time.July, nthMonday(y, time.July, 3), "海の日")
	case y >= 1996:
		add(time.July, 20, "海の日")
	}

	// The Olympic special laws also moved スポーツの日 to the day of the
	// opening ceremony, so those years have no スポーツの日 in October.
	switch y {
	case 2020:
		add(time.July, 24, "スポーツの日")
	case 2021:
		add(time.July, 23, "スポーツの日")
	}

	// 山の日 from 2016 on 8/11; 8/10 in 2020 and 8/8 in 2021 (Olympic
	// closing ceremony). 2021-08-08 is a Sunday, which gives 8/9 as 振替休日.
	switch {
	case y == 2020:
		add(time.August, 10, "山の日")
	case y == 2021:
		add(time.August, 8, "山の日")
	case y >= 2016:
		add(time.August, 11, "山の日")
	}

	// 敬老の日: 9/15 from 1966, third Monday of September from 2003.
	switch {
	case y >= 2003:
		add(time.September, nthMonday(y, time.September, 3), "敬老の日")
	case y >= 1966:
		add(time.September, 15, "敬老の日")
	}

	add(time.September, autumnalEquinox(y), "秋分の日")

	// 体育の日: 10/10 from 1966, second Monday of October from 2000,
	// renamed スポーツの日 from 2020 (except the Olympic years above).
	switch {
	case y == 2020 || y == 2021:
	case y >= 2020:
		add(time.October, nthMonday(y, time.October, 2), "スポーツの日")
	case y >= 2000:
		add(time.October, nthMonday(y, time.October, 2), "体育の日")
	case y >= 1966:
		add(time.October, 10, "体育の日")
	}

	add(time.November, 3, "文化の日")
	add(time.November, 23, "勤労感謝の日")

	if y >= 1989 && y <= 2018 {
		add(time.December, 23, "天皇誕生日")
	}

	// One-off holidays created by special laws. The 2019 days are treated
	// as 国民の祝日 by their law, so they take part in the 振替休日 and
	// 国民の休日 rules above; that is how 4/30 and 5/2 became days off.
	switch y {
	case 1959:
		add(time.April, 10, "皇太子明仁親王の結婚の儀")
	case 1989:
		add(time.February, 24, "昭和天皇の大喪の礼")
	case 1990:
		add(time.November, 12, "即位礼正殿の儀")
	case 1993:
		add(time.June, 9, "皇太子徳仁親王の結婚の儀")
	case 2019:
		add(time.May, 1, "休日（祝日扱い）")
		add(time.October, 22, "即位礼正殿の儀の行われる日")
	}

	// In 1948 only the days after the law took effect count.
	return slices.DeleteFunc(hs, func(h Holiday) bool { return h.Date.Before(lawStart) })
}

// nthMonday returns the day of month of the n-th Monday of m in year y.
func nthMonday(y int, m time.Month, n int) int {
	first := D(y, m, 1).Weekday()
	offset := (int(time.Monday) - int(first) + 7) % 7
	return 1 + offset + 7*(n-1)
}

// vernalEquinox returns the March day of 春分の日. The law defines the day
// as 春分日, which the National Astronomical Observatory announces a year
// ahead; the standard approximation below reproduces its results for
// 1900–2099. Go's integer division truncates toward zero, which is what
// the formula for years before 1980 assumes for its negative quotients.
func vernalEquinox(y int) int {
	if y < 1980 {
		return int(20.8357 + 0.242194*float64(y-1980) - float64((y-1983)/4))
	}
	return int(20.8431 + 0.242194*float64(y-1980) - float64((y-1980)/4))
}

// autumnalEquinox returns the September day of 秋分の日; see vernalEquinox.
func autumnalEquinox(y int) int {
	if y < 1980 {
		return int(23.2588 + 0.242194*float64(y-1980) - float64((y-1983)/4))
	}
	return int(23.2488 + 0.242194*float64(y-1980) - float64((y-1980)/4))
}
