package auth

import (
	"testing"
	"time"
)

// TestKioskEnd: a kiosk session ends at midnight in Japan, also when it is
// started between 00:00 and 09:00 JST, when the UTC date is the day before.
func TestKioskEnd(t *testing.T) {
	for _, c := range []struct{ now, want time.Time }{
		{time.Date(2026, 6, 10, 1, 0, 0, 0, time.UTC), time.Date(2026, 6, 10, 15, 0, 0, 0, time.UTC)},
		{time.Date(2026, 6, 9, 16, 0, 0, 0, time.UTC), time.Date(2026, 6, 10, 15, 0, 0, 0, time.UTC)}, // 01:00 JST on the 10th
		{time.Date(2026, 12, 31, 14, 59, 0, 0, time.UTC), time.Date(2026, 12, 31, 15, 0, 0, 0, time.UTC)},
	} {
		if got := KioskEnd(c.now); !got.Equal(c.want) {
			t.Errorf("KioskEnd(%s) = %s, want %s", c.now, got.UTC(), c.want)
		}
	}
}
