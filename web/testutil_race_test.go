//go:build race

package web_test

// raceEnabled tells tests built with -race, which skip the 64 MB uploads:
// pushing that much through instrumented code takes tens of seconds and
// checks nothing about data races.
const raceEnabled = true
