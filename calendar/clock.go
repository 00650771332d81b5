package calendar

import "time"

// JST is Japan Standard Time; Japan has no daylight saving.
var JST = time.FixedZone("JST", 9*3600)

// Today is the civil date in Japan at the instant now, as D returns it.
func Today(now time.Time) time.Time { return civil(now.In(JST)) }

// CurrentFY is the 年度 of the day in Japan at the instant now.
func CurrentFY(now time.Time) int { return FiscalYear(Today(now)) }
