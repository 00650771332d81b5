package stafffile

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"hagukumi/calendar"
)

type dateResult struct {
	t      time.Time
	bad    bool
	reason string // why a bad date is bad, "（…）", or ""
}

func (d *decoder) date(line int, f field, required bool) time.Time {
	v, ok := d.get(f)
	if !ok {
		return time.Time{}
	}
	if v == "" {
		if required {
			d.add(line, d.name(f), d.name(f)+"が空です")
		}
		return time.Time{}
	}
	res, hit := d.dates[v]
	if !hit {
		res = d.parseDate(v)
		if d.dates == nil {
			d.dates = make(map[string]dateResult, 256)
		}
		if len(d.dates) < maxDateCache {
			d.dates[v] = res
		}
	}
	if res.bad {
		d.add(line, d.name(f), fmt.Sprintf("%sが日付として読めません: %s%s", d.name(f), shorten(v), res.reason))
		return time.Time{}
	}
	return res.t
}

// parseDate reads one date cell. Excel serials and yyyymmdd are turned into
// ISO dates here; every form goes through calendar.ParseDate so that all
// dates in the system come out of one parser.
func (d *decoder) parseDate(v string) dateResult {
	s := stripClock(v)
	if isDecimal(s) && len(s) != 8 { // 8 digits is yyyymmdd, read by ParseDate
		iso, ok := excelSerial(s, d.date1904)
		if !ok {
			return dateResult{bad: true, reason: "（年月日の形で入力してください。例: 2024/4/1、令和6年4月1日）"}
		}
		s = iso
	}
	t, err := calendar.ParseDate(s)
	if err != nil {
		return dateResult{bad: true, reason: dateReason(err.Error())}
	}
	return dateResult{t: t}
}

// dateReason turns a calendar.ParseDate message into the parenthesised
// reason after our own "…が日付として読めません: value". The value that
// ParseDate echoes (": 「…」") is dropped, and the plain "cannot read"
// message adds nothing, so it is left out altogether.
func dateReason(msg string) string {
	if i := strings.Index(msg, ": 「"); i >= 0 {
		msg = msg[:i]
	}
	if msg == "" || msg == "日付として読めません" {
		return ""
	}
	return "（" + msg + "）"
}

var (
	serialMin = time.Date(1910, 1, 1, 0, 0, 0, 0, time.UTC)
	serialMax = time.Date(2199, 12, 31, 0, 0, 0, 0, time.UTC)
)

// excelSerial turns an Excel date serial (days since 1899-12-30, or since
// 1904-01-01 in the 1904 date system; a fraction is the time of day) into
// an ISO date. Only 1910..2199 is accepted, so that a bare year such as
// "2024" is not silently read as 1905-07-16.
func excelSerial(s string, date1904 bool) (string, bool) {
	x, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(x) || x < 1 || x > 200_000 {
		return "", false
	}
	base := time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)
	if date1904 {
		base = time.Date(1904, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	t := base.AddDate(0, 0, int(x))
	if t.Before(serialMin) || t.After(serialMax) {
		return "", false
	}
	return t.Format("2006-01-02"), true
}

// stripClock drops a trailing " h:mm" or " h:mm:ss" (as Excel prints a
// date-time cell) from a date.
func stripClock(s string) string {
	i := strings.LastIndexByte(s, ' ')
	if i <= 0 {
		return s
	}
	clock := s[i+1:]
	colon := false
	for j := 0; j < len(clock); j++ {
		switch c := clock[j]; {
		case c == ':':
			colon = true
		case c >= '0' && c <= '9':
		default:
			return s
		}
	}
	if !colon {
		return s
	}
	return s[:i]
}
