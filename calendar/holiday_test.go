package calendar

import (
	"fmt"
	"testing"
	"time"
)

// cabinetOffice holds every holiday of 2019–2027 as published by the
// Cabinet Office (内閣府, syukujitsu.csv), written out by hand so that the
// rules in holiday.go are checked against an independent source.
//
// The CSV labels every 振替休日 and 国民の休日 just "休日"; here they carry
// the names the API promises. Two other names differ from the CSV on
// purpose: 2019-10-14 is "体育の日" (the CSV writes "体育の日（スポーツの日）",
// but the rename took effect in 2020) and 2019-10-22 is
// "即位礼正殿の儀の行われる日" (CSV: "休日（祝日扱い）"), the name in its law.
var cabinetOffice = map[int][]string{
	2019: {
		"01-01 元日", "01-14 成人の日", "02-11 建国記念の日", "03-21 春分の日",
		"04-29 昭和の日", "04-30 休日", "05-01 休日（祝日扱い）", "05-02 休日",
		"05-03 憲法記念日", "05-04 みどりの日", "05-05 こどもの日", "05-06 振替休日",
		"07-15 海の日", "08-11 山の日", "08-12 振替休日", "09-16 敬老の日",
		"09-23 秋分の日", "10-14 体育の日", "10-22 即位礼正殿の儀の行われる日",
		"11-03 文化の日", "11-04 振替休日", "11-23 勤労感謝の日",
	},
	2020: {
		"01-01 元日", "01-13 成人の日", "02-11 建国記念の日", "02-23 天皇誕生日",
		"02-24 振替休日", "03-20 春分の日", "04-29 昭和の日", "05-03 憲法記念日",
		"05-04 みどりの日", "05-05 こどもの日", "05-06 振替休日", "07-23 海の日",
		"07-24 スポーツの日", "08-10 山の日", "09-21 敬老の日", "09-22 秋分の日",
		"11-03 文化の日", "11-23 勤労感謝の日",
	},
	2021: {
		"01-01 元日", "01-11 成人の日", "02-11 建国記念の日", "02-23 天皇誕生日",
		"03-20 春分の日", "04-29 昭和の日", "05-03 憲法記念日", "05-04 みどりの日",
		"05-05 こどもの日", "07-22 海の日", "07-23 スポーツの日", "08-08 山の日",
		"08-09 振替休日", "09-20 敬老の日", "09-23 秋分の日", "11-03 文化の日",
		"11-23 勤労感謝の日",
	},
	2022: {
		"01-01 元日", "01-10 成人の日", "02-11 建国記念の日", "02-23 天皇誕生日",
		"03-21 春分の日", "04-29 昭和の日", "05-03 憲法記念日", "05-04 みどりの日",
		"05-05 こどもの日", "07-18 海の日", "08-11 山の日", "09-19 敬老の日",
		"09-23 秋分の日", "10-10 スポーツの日", "11-03 文化の日", "11-23 勤労感謝の日",
	},
	2023: {
		"01-01 元日", "01-02 振替休日", "01-09 成人の日", "02-11 建国記念の日",
		"02-23 天皇誕生日", "03-21 春分の日", "04-29 昭和の日", "05-03 憲法記念日",
		"05-04 みどりの日", "05-05 こどもの日", "07-17 海の日", "08-11 山の日",
		"09-18 敬老の日", "09-23 秋分の日", "10-09 スポーツの日", "11-03 文化の日",
		"11-23 勤労感謝の日",
	},
	2024: {
		"01-01 元日", "01-08 成人の日", "02-11 建国記念の日", "02-12 振替休日",
		"02-23 天皇誕生日", "03-20 春分の日", "04-29 昭和の日", "05-03 憲法記念日",
		"05-04 みどりの日", "05-05 こどもの日", "05-06 振替休日", "07-15 海の日",
		"08-11 山の日", "08-12 振替休日", "09-16 敬老の日", "09-22 秋分の日",
		"09-23 振替休日", "10-14 スポーツの日", "11-03 文化の日", "11-04 振替休日",
		"11-23 勤労感謝の日",
	},
	2025: {
		"01-01 元日", "01-13 成人の日", "02-11 建国記念の日", "02-23 天皇誕生日",
		"02-24 振替休日", "03-20 春分の日", "04-29 昭和の日", "05-03 憲法記念日",
		"05-04 みどりの日", "05-05 こどもの日", "05-06 振替休日", "07-21 海の日",
		"08-11 山の日", "09-15 敬老の日", "09-23 秋分の日", "10-13 スポーツの日",
		"11-03 文化の日", "11-23 勤労感謝の日", "11-24 振替休日",
	},
	2026: {
		"01-01 元日", "01-12 成人の日", "02-11 建国記念の日", "02-23 天皇誕生日",
		"03-20 春分の日", "04-29 昭和の日", "05-03 憲法記念日", "05-04 みどりの日",
		"05-05 こどもの日", "05-06 振替休日", "07-20 海の日", "08-11 山の日",
		"09-21 敬老の日", "09-22 国民の休日", "09-23 秋分の日", "10-12 スポーツの日",
		"11-03 文化の日", "11-23 勤労感謝の日",
	},
	2027: {
		"01-01 元日", "01-11 成人の日", "02-11 建国記念の日", "02-23 天皇誕生日",
		"03-21 春分の日", "03-22 振替休日", "04-29 昭和の日", "05-03 憲法記念日",
		"05-04 みどりの日", "05-05 こどもの日", "07-19 海の日", "08-11 山の日",
		"09-20 敬老の日", "09-23 秋分の日", "10-11 スポーツの日", "11-03 文化の日",
		"11-23 勤労感謝の日",
	},
}

func TestHolidaysMatchCabinetOffice(t *testing.T) {
	for year := 2019; year <= 2027; year++ {
		want := make(map[string]bool)
		for _, s := range cabinetOffice[year] {
			want[fmt.Sprintf("%d-%s", year, s)] = true
		}
		got := make(map[string]bool)
		for _, h := range Holidays(year) {
			got[h.Date.Format("2006-01-02")+" "+h.Name] = true
		}
		for k := range want {
			if !got[k] {
				t.Errorf("%d: missing %s", year, k)
			}
		}
		for k := range got {
			if !want[k] {
				t.Errorf("%d: unexpected %s", year, k)
			}
		}
		if n := len(Holidays(year)); n != len(cabinetOffice[year]) {
			t.Errorf("%d: %d holidays, want %d", year, n, len(cabinetOffice[year]))
		}
	}
}

func TestHolidaysSortedAndConsistent(t *testing.T) {
	for y := MinHolidayYear; y <= MaxHolidayYear; y++ {
		hs := Holidays(y)
		if len(hs) == 0 {
			t.Fatalf("%d: no holidays", y)
		}
		for i, h := range hs {
			if h.Date.Year() != y {
				t.Errorf("%d: %v belongs to another year", y, h.Date)
			}
			if i > 0 && !hs[i-1].Date.Before(h.Date) {
				t.Errorf("%d: not strictly sorted at %v", y, h.Date)
			}
			if name, ok := HolidayName(h.Date); !ok || name != h.Name {
				t.Errorf("HolidayName(%v) = %q, %v; want %q", h.Date, name, ok, h.Name)
			}
		}
	}
	if Holidays(MinHolidayYear-1) != nil || Holidays(MaxHolidayYear+1) != nil {
		t.Error("years outside the supported range should have no holidays")
	}
}

// TestNoSandwichedSunday backs the comment in computeHolidays: from 2007 on
// the law no longer excludes Sundays from 国民の休日, and we may only ignore
// that because no Sunday is ever sandwiched between two 祝日.
func TestNoSandwichedSunday(t *testing.T) {
	for y := 2007; y <= MaxHolidayYear; y++ {
		shuku := make(map[time.Time]bool)
		for _, h := range nationalDays(y) {
			shuku[h.Date] = true
		}
		for d := range shuku {
			mid := d.AddDate(0, 0, 1)
			if mid.Weekday() == time.Sunday && !shuku[mid] && shuku[mid.AddDate(0, 0, 1)] {
				t.Errorf("%v is a Sunday between two 祝日", mid)
			}
		}
	}
}

func TestHolidayName(t *testing.T) {
	tests := []struct {
		date time.Time
		want string // "" means not a holiday
	}{
		// Pre-2007 rules and one-off days.
		{D(1948, time.May, 5), ""}, // before the law took effect
		{D(1948, time.September, 23), "秋分の日"},
		{D(1959, time.April, 10), "皇太子明仁親王の結婚の儀"},
		{D(1973, time.April, 30), "振替休日"}, // first ever 振替休日
		{D(1967, time.January, 2), ""},    // Sunday 元日 before 振替休日 existed
		{D(1988, time.April, 29), "天皇誕生日"},
		{D(1988, time.May, 4), "国民の休日"},
		{D(1989, time.February, 24), "昭和天皇の大喪の礼"},
		{D(1989, time.April, 29), "みどりの日"},
		{D(1989, time.December, 23), "天皇誕生日"},
		{D(1990, time.November, 12), "即位礼正殿の儀"},
		{D(1993, time.June, 9), "皇太子徳仁親王の結婚の儀"},
		{D(1995, time.July, 20), ""},
		{D(1996, time.July, 20), "海の日"},
		{D(1998, time.May, 4), "振替休日"}, // 5/3 was a Sunday
		{D(1999, time.January, 15), "成人の日"},
		{D(1999, time.October, 10), "体育の日"},
		{D(1999, time.October, 11), "振替休日"},
		{D(2000, time.January, 10), "成人の日"},
		{D(2000, time.October, 9), "体育の日"},
		{D(2002, time.September, 15), "敬老の日"},
		{D(2003, time.July, 21), "海の日"},
		{D(2003, time.September, 15), "敬老の日"},
		{D(2006, time.January, 2), "振替休日"},
		{D(2006, time.May, 4), "国民の休日"},
		{D(2007, time.April, 29), "昭和の日"},
		{D(2007, time.April, 30), "振替休日"},
		{D(2007, time.May, 4), "みどりの日"},
		{D(2008, time.May, 6), "振替休日"}, // 5/4 Sunday, 5/5 already a 祝日
		{D(2009, time.September, 22), "国民の休日"},
		{D(2012, time.September, 22), "秋分の日"},
		{D(2015, time.September, 22), "国民の休日"},
		{D(2015, time.August, 11), ""},
		{D(2016, time.August, 11), "山の日"},
		{D(2018, time.December, 23), "天皇誕生日"},
		{D(2018, time.December, 24), "振替休日"},
		{D(2019, time.December, 23), ""},
		{D(2019, time.February, 23), ""},
		// Olympic years: the usual days are ordinary days.
		{D(2020, time.July, 20), ""},
		{D(2020, time.August, 11), ""},
		{D(2020, time.October, 12), ""},
		{D(2021, time.July, 19), ""},
		{D(2021, time.August, 11), ""},
		{D(2021, time.October, 11), ""},
		// Later years computed by rule.
		{D(2032, time.September, 21), "国民の休日"},
		{D(2037, time.September, 22), "国民の休日"},
		{D(2099, time.January, 1), "元日"},
		{D(2100, time.January, 1), ""},
		// A time with a clock and a zone still means its local date.
		{time.Date(2024, time.May, 6, 23, 30, 0, 0, time.FixedZone("JST", 9*3600)), "振替休日"},
	}
	for _, tt := range tests {
		got, ok := HolidayName(tt.date)
		if got != tt.want || ok != (tt.want != "") {
			t.Errorf("HolidayName(%s) = %q, %v; want %q", tt.date.Format("2006-01-02"), got, ok, tt.want)
		}
		if IsHoliday(tt.date) != (tt.want != "") {
			t.Errorf("IsHoliday(%s) = %v", tt.date.Format("2006-01-02"), !(tt.want != ""))
		}
	}
}

func TestEquinoxes(t *testing.T) {
	// Dates from the National Astronomical Observatory's published tables.
	tests := []struct {
		year           int
		vernal, autumn int
	}{
		{1960, 20, 23},
		{1975, 21, 24},
		{1979, 21, 24},
		{1980, 20, 23},
		{2000, 20, 23},
		{2012, 20, 22},
		{2016, 20, 22},
		{2024, 20, 22},
		{2025, 20, 23},
		{2027, 21, 23},
		{2030, 20, 23},
	}
	for _, tt := range tests {
		if v, a := vernalEquinox(tt.year), autumnalEquinox(tt.year); v != tt.vernal || a != tt.autumn {
			t.Errorf("%d: equinoxes 3/%d, 9/%d; want 3/%d, 9/%d", tt.year, v, a, tt.vernal, tt.autumn)
		}
	}
}

func TestIsClosingDay(t *testing.T) {
	tests := []struct {
		date time.Time
		want bool
	}{
		{D(2024, time.December, 27), false}, // Friday, last working day
		{D(2024, time.December, 28), true},  // Saturday
		{D(2025, time.December, 26), false}, // Friday
		{D(2025, time.December, 29), true},  // Monday, year-end break
		{D(2025, time.December, 30), true},
		{D(2025, time.December, 31), true},
		{D(2026, time.January, 1), true},
		{D(2026, time.January, 2), true}, // Friday, year-end break
		{D(2026, time.January, 3), true},
		{D(2026, time.January, 4), true},  // Sunday
		{D(2026, time.January, 5), false}, // Monday, first working day
		{D(2026, time.January, 12), true}, // 成人の日
		{D(2026, time.September, 22), true},
		{D(2026, time.April, 1), false},
		{D(2026, time.April, 4), true}, // Saturday
		{D(2026, time.April, 5), true}, // Sunday
	}
	for _, tt := range tests {
		if got := IsClosingDay(tt.date); got != tt.want {
			t.Errorf("IsClosingDay(%s) = %v, want %v", tt.date.Format("2006-01-02 Mon"), got, tt.want)
		}
		if got := IsBusinessDay(tt.date); got == tt.want {
			t.Errorf("IsBusinessDay(%s) = %v, want %v", tt.date.Format("2006-01-02 Mon"), got, !tt.want)
		}
	}
}

func TestAddBusinessDays(t *testing.T) {
	tests := []struct {
		from time.Time
		n    int
		want time.Time
	}{
		{D(2026, time.April, 1), 0, D(2026, time.April, 1)},
		{D(2026, time.April, 4), 0, D(2026, time.April, 4)}, // zero never moves
		{D(2026, time.April, 3), 1, D(2026, time.April, 6)}, // Friday -> Monday
		{D(2026, time.April, 6), -1, D(2026, time.April, 3)},
		{D(2026, time.April, 28), 1, D(2026, time.April, 30)},     // over 昭和の日
		{D(2026, time.May, 1), 1, D(2026, time.May, 7)},           // Golden Week
		{D(2026, time.May, 7), -1, D(2026, time.May, 1)},          //
		{D(2025, time.December, 26), 1, D(2026, time.January, 5)}, // year-end break
		{D(2026, time.January, 5), -1, D(2025, time.December, 26)},
		{D(2026, time.September, 18), 1, D(2026, time.September, 24)}, // silver week
		{D(2026, time.April, 1), 10, D(2026, time.April, 15)},
	}
	for _, tt := range tests {
		if got := AddBusinessDays(tt.from, tt.n); !got.Equal(tt.want) {
			t.Errorf("AddBusinessDays(%s, %d) = %s, want %s", tt.from.Format("2006-01-02"), tt.n,
				got.Format("2006-01-02"), tt.want.Format("2006-01-02"))
		}
	}
}
