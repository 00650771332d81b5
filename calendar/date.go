// Package calendar holds the date rules the rest of Hagukumi relies on:
// the Japanese fiscal year (年度), era names (和暦), national holidays
// (国民の祝日に関する法律), the city's closing days (閉庁日), and the one
// answer to "what day and 年度 is it in Japan" (Today, CurrentFY).
//
// Every function is pure: no database, no network, no clock (the caller
// passes the instant). Dates are civil dates represented as time.Time at
// midnight UTC, so that two values for the same day always compare equal
// with == and never shift across a time-zone boundary.
package calendar

import "time"

// D returns the civil date y-m-d as midnight UTC. It exists so that tests
// and callers do not have to spell out the zero clock fields every time.
func D(y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// civil drops the clock and location of t and keeps only its calendar day
// as seen in t's own location. Callers may pass times that carry a clock
// (for example time.Now() in Asia/Tokyo); we want the day the caller sees,
// not the day in UTC.
func civil(t time.Time) time.Time {
	y, m, d := t.Date()
	return D(y, m, d)
}

// FiscalYear returns the 年度 that contains t, numbered by the calendar
// year in which it starts. Local government fiscal years run from 1 April
// to 31 March (地方自治法208条), so January to March belong to the
// previous number.
func FiscalYear(t time.Time) int {
	y, m, _ := t.Date()
	if m < time.April {
		return y - 1
	}
	return y
}

// FiscalYearStart returns 1 April of fiscal year fy.
func FiscalYearStart(fy int) time.Time {
	return D(fy, time.April, 1)
}

// FiscalYearEnd returns 31 March of the following calendar year, the last
// day of fiscal year fy.
func FiscalYearEnd(fy int) time.Time {
	return D(fy+1, time.March, 31)
}
