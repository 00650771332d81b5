package calendar

import (
	"fmt"
	"time"
)

// JST is Japan Standard Time. It is a fixed zone because Japan has had no
// daylight saving since 1951, and a fixed zone needs no tzdata on the host.
var JST = time.FixedZone("JST", 9*3600)

// Today returns the civil date in Japan at the instant now, as a date in
// the form D returns (midnight UTC). The city works on Japanese dates, so
// between 00:00 and 09:00 JST a host running on UTC must still answer with
// the Japanese day, not the UTC one.
func Today(now time.Time) time.Time {
	return civil(now.In(JST))
}

// CurrentFY returns the 年度 that contains the Japanese date of now. It is
// the one answer to "which fiscal year is it" so that no page disagrees with
// another on the night of 31 March.
func CurrentFY(now time.Time) int {
	return FiscalYear(Today(now))
}

// FirstFY and FYAhead bound the 年度 a user may ask for: from 平成元年度
// (the oldest records an HR file carries) to five years after the current one.
const (
	FirstFY = 1989
	FYAhead = 5
)

// ParseFY reads a 年度 a user typed — 2026, 2026年度, 令和8年度, 令和8, R8,
// full-width folded — and checks it lies between FirstFY and FYAhead years
// after the current 年度 at now; empty means the current 年度. Its errors
// are Japanese sentences to show as they are.
func ParseFY(s string, now time.Time) (int, error) {
	cur := CurrentFY(now)
	if normalize(s) == "" {
		return cur, nil
	}
	fy, err := ParseNendo(s)
	if err != nil {
		return 0, fmt.Errorf("年度の指定が正しくありません。2026、令和8年度、R8 のように指定してください（%v）。", err)
	}
	if fy < FirstFY || fy > cur+FYAhead {
		return 0, fmt.Errorf("年度は%sから%sまでの範囲で指定してください。", FormatNendo(FirstFY), FormatNendo(cur+FYAhead))
	}
	return fy, nil
}
