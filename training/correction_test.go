package training

import (
	"testing"

	"hagukumi/apperr"
)

func TestMayChangeAttendance(t *testing.T) {
	x := &Session{Days: []Day{{Date: "2026-06-09"}, {Date: "2026-06-10"}}}
	cases := []struct {
		center bool
		today  string
		reason string
		want   apperr.Code // "" for allowed
	}{
		{false, "2026-06-08", "", apperr.Conflict}, // not begun
		{false, "2026-06-09", "", ""},              // first day
		{false, "2026-06-10", "", ""},              // last day: still the instructor's
		{false, "2026-06-11", "理由", apperr.Conflict},
		{true, "2026-06-10", "", ""},
		{true, "2026-06-11", " ", apperr.Invalid},
		{true, "2026-06-11", "記入漏れ", ""},
	}
	for _, c := range cases {
		err := MayChangeAttendance(c.center, x, c.today, c.reason)
		if got := apperr.CodeOf(err); (err == nil) != (c.want == "") || (err != nil && got != c.want) {
			t.Errorf("center=%v today=%s reason=%q: %v, want %q", c.center, c.today, c.reason, err, c.want)
		}
	}
}
