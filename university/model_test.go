package university

import (
	"testing"
	"time"
)

func TestValidate(t *testing.T) {
	for _, c := range []struct {
		name string
		v    interface{ Validate() error }
		ok   bool
	}{
		{"partner", &Partner{Name: "静岡産業大学", Kind: "大学"}, true},
		{"partner without kind", &Partner{Name: "静岡産業大学"}, false},
		{"agreement", &Agreement{Kind: "包括連携協定", SignedOn: "2015-04-01"}, true},
		{"agreement ends before signed", &Agreement{Kind: "包括連携協定", SignedOn: "2015-04-01", EndsOn: "2014-03-31"}, false},
		{"agreement without date", &Agreement{Kind: "包括連携協定"}, false},
		{"course", &Course{FY: 2026, Name: "地方自治論A", Term: "前期", Credits: 2}, true},
		{"course bad term", &Course{FY: 2026, Name: "地方自治論A", Term: "夏"}, false},
		{"lecture", &Lecture{Date: "2026-04-10", Hours: 1.5, Lecturers: []Lecturer{{Number: "1"}}}, true},
		{"lecture without lecturer", &Lecture{Date: "2026-04-10", Hours: 1.5}, false},
		{"lecture bad date", &Lecture{Date: "4/10", Lecturers: []Lecturer{{Number: "1"}}}, false},
	} {
		if err := c.v.Validate(); (err == nil) != c.ok {
			t.Errorf("%s: %v, want ok=%v", c.name, err, c.ok)
		}
	}
}

func TestShiftDate(t *testing.T) {
	for _, c := range []struct {
		from  string
		years int
		want  string
	}{
		{"2025-04-11", 1, "2026-04-10"}, // Friday → Friday
		{"2025-10-03", 1, "2026-10-02"},
		{"2024-04-12", 2, "2026-04-10"},
		{"2026-04-10", -1, "2025-04-11"},
	} {
		d, _ := time.Parse("2006-01-02", c.from)
		if got := ShiftDate(d, c.years).Format("2006-01-02"); got != c.want {
			t.Errorf("ShiftDate(%s, %d) = %s, want %s", c.from, c.years, got, c.want)
		}
	}
}
