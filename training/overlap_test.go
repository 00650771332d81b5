package training

import "testing"

func TestOverlaps(t *testing.T) {
	day := func(date, start, end string) Day { return Day{Date: date, Start: start, End: end} }
	for _, c := range []struct {
		name string
		a, b []Day
		want bool
	}{
		{"same day, same times", []Day{day("2030-07-02", "09:00", "12:00")}, []Day{day("2030-07-02", "09:00", "12:00")}, true},
		{"same day, times intersect", []Day{day("2030-07-02", "09:00", "12:00")}, []Day{day("2030-07-02", "11:30", "16:00")}, true},
		{"one inside the other", []Day{day("2030-07-02", "09:00", "17:00")}, []Day{day("2030-07-02", "13:00", "14:00")}, true},
		{"morning and afternoon", []Day{day("2030-07-02", "09:00", "12:00")}, []Day{day("2030-07-02", "13:00", "16:00")}, false},
		{"one ends when the other begins", []Day{day("2030-07-02", "09:00", "12:00")}, []Day{day("2030-07-02", "12:00", "15:00")}, false},
		{"other days", []Day{day("2030-07-02", "09:00", "17:00")}, []Day{day("2030-07-03", "09:00", "17:00")}, false},
		{"second day of a two-day session", []Day{day("2030-07-02", "09:00", "17:00"), day("2030-07-09", "09:00", "12:00")},
			[]Day{day("2030-07-09", "10:00", "11:00")}, true},
		{"a day without times is the whole day", []Day{day("2030-07-02", "", "")}, []Day{day("2030-07-02", "18:00", "19:00")}, true},
		{"no days", nil, []Day{day("2030-07-02", "09:00", "12:00")}, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := Overlaps(c.a, c.b); got != c.want {
				t.Errorf("Overlaps(a, b) = %v, want %v", got, c.want)
			}
			if got := Overlaps(c.b, c.a); got != c.want {
				t.Errorf("Overlaps(b, a) = %v, want %v", got, c.want)
			}
		})
	}
}
