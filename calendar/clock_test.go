package calendar

import (
	"testing"
	"time"
)

func TestTodayAndCurrentFY(t *testing.T) {
	utc := func(s string) time.Time {
		t.Helper()
		v, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	tests := []struct {
		now    time.Time
		today  time.Time
		wantFY int
	}{
		// 1 April 00:30 JST is still 31 March in UTC: the Japanese day wins.
		{utc("2026-03-31T15:30:00Z"), D(2026, time.April, 1), 2026},
		{utc("2026-03-31T14:59:59Z"), D(2026, time.March, 31), 2025},
		{utc("2026-03-31T15:00:00Z"), D(2026, time.April, 1), 2026},
		// 1 April 08:59 JST, the last minute in which the two clocks disagree.
		{utc("2026-03-31T23:59:00Z"), D(2026, time.April, 1), 2026},
		{utc("2026-04-01T00:00:00Z"), D(2026, time.April, 1), 2026},
		{utc("2026-12-31T15:00:00Z"), D(2027, time.January, 1), 2026},
		// An instant given in another zone names the same Japanese day.
		{time.Date(2026, time.March, 31, 8, 30, 0, 0, time.FixedZone("PDT", -7*3600)), D(2026, time.April, 1), 2026},
		{time.Date(2026, time.April, 1, 8, 59, 0, 0, JST), D(2026, time.April, 1), 2026},
	}
	for _, tt := range tests {
		got := Today(tt.now)
		if got != tt.today {
			t.Errorf("Today(%s) = %s, want %s", tt.now.Format(time.RFC3339), got, tt.today)
		}
		if fy := CurrentFY(tt.now); fy != tt.wantFY {
			t.Errorf("CurrentFY(%s) = %d, want %d", tt.now.Format(time.RFC3339), fy, tt.wantFY)
		}
	}
}
