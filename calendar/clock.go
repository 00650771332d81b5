package calendar

import "time"

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
