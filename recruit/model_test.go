package recruit

import (
	"slices"
	"testing"
	"time"

	"hagukumi/calendar"
)

func jst(y int, m time.Month, d, h int) time.Time {
	return time.Date(y, m, d, h, 0, 0, 0, calendar.JST).UTC()
}

func TestWindowAndState(t *testing.T) {
	start := jst(2026, 6, 20, 13)
	opens, closes := jst(2026, 5, 1, 9), jst(2026, 6, 18, 17)
	cases := []struct {
		name      string
		published bool
		opens     *time.Time
		closes    *time.Time
		taken     int
		now       time.Time
		want      string
	}{
		{"not published", false, nil, nil, 0, jst(2026, 6, 1, 9), Closed},
		{"open, no window set", true, nil, nil, 0, jst(2026, 6, 1, 9), Open},
		{"full", true, nil, nil, 30, jst(2026, 6, 1, 9), Full},
		{"before the window", true, &opens, &closes, 0, jst(2026, 4, 30, 9), Closed},
		{"at the opening", true, &opens, &closes, 0, opens, Open},
		{"at the closing", true, &opens, &closes, 0, closes, Closed},
		{"after the start without closes_at", true, nil, nil, 0, start, Closed},
		{"just before the start", true, nil, nil, 29, start.Add(-time.Minute), Open},
	}
	for _, c := range cases {
		e := Event{Published: c.published, OpensAt: c.opens, ClosesAt: c.closes,
			Sessions: []Session{{ID: 1, StartsAt: start, Capacity: 30, Registered: c.taken}}}
		if got := e.StateAt(c.now); got != c.want {
			t.Errorf("%s: state %s, want %s", c.name, got, c.want)
		}
	}
	// Two sessions: one full, one not — still 受付中.
	e := Event{Published: true, Sessions: []Session{{StartsAt: start, Capacity: 1, Registered: 1}, {StartsAt: start.Add(24 * time.Hour), Capacity: 5}}}
	if got := e.StateAt(jst(2026, 6, 1, 9)); got != Open {
		t.Errorf("one session with seats: %s, want open", got)
	}
	for _, s := range []string{Open, Full, Closed} {
		if EventStateLabel(s) == s {
			t.Errorf("no label for %s", s)
		}
	}
	if EventStateLabel(Full) != "満席・キャンセル待ち" || EventStateLabel(Open) != "受付中" || EventStateLabel(Closed) != "受付終了" {
		t.Error("event state labels differ from the issue")
	}
}

func TestSeat(t *testing.T) {
	cases := []struct {
		cap, taken int
		want       string
	}{{30, 0, Registered}, {30, 29, Registered}, {30, 30, Waitlisted}, {30, 31, Waitlisted}, {1, 0, Registered}}
	for _, c := range cases {
		if got := Seat(c.cap, c.taken); got != c.want {
			t.Errorf("Seat(%d, %d) = %s, want %s", c.cap, c.taken, got, c.want)
		}
	}
	l := &seats{capacity: 2, taken: 1, lastPos: 3}
	var got []string
	for i := 0; i < 3; i++ {
		st, pos := l.next()
		got = append(got, st+":"+string(rune('0'+pos)))
	}
	if want := []string{"registered:0", "waitlisted:4", "waitlisted:5"}; !slices.Equal(got, want) {
		t.Errorf("next = %v, want %v", got, want)
	}
}

func TestRetentionEnd(t *testing.T) {
	cases := []struct {
		retain string
		last   time.Time
		want   time.Time
	}{
		{"", jst(2026, 6, 20, 13), calendar.D(2028, 3, 31)},
		{"", jst(2027, 3, 31, 13), calendar.D(2028, 3, 31)},
		{"", jst(2027, 4, 1, 8), calendar.D(2029, 3, 31)}, // 1 April 08:00 JST is 31 March UTC
		{"2026-09-30", jst(2026, 6, 20, 13), calendar.D(2026, 9, 30)},
		{"bad", jst(2026, 6, 20, 13), calendar.D(2028, 3, 31)},
	}
	for _, c := range cases {
		if got := RetentionEnd(c.retain, c.last); !got.Equal(c.want) {
			t.Errorf("RetentionEnd(%q, %v) = %v, want %v", c.retain, c.last, got, c.want)
		}
	}
	end := calendar.D(2028, 3, 31)
	if Due(end, jst(2028, 3, 31, 23)) {
		t.Error("due on its last day")
	}
	if !Due(end, jst(2028, 4, 1, 0)) {
		t.Error("not due the day after")
	}
}

func TestRemindersDue(t *testing.T) {
	start := jst(2026, 6, 20, 13)
	early := jst(2026, 6, 1, 10)
	cases := []struct {
		name    string
		created time.Time
		now     time.Time
		send    int
		ok      bool
		mark    []int
	}{
		{"too early", early, jst(2026, 6, 16, 23), -1, false, nil},
		{"three days before", early, jst(2026, 6, 17, 0), 3, true, []int{3}},
		{"one day before: the nearest only", early, jst(2026, 6, 19, 9), 1, true, []int{1, 3}},
		{"registered two days before: the 3-day one is only marked", jst(2026, 6, 18, 10), jst(2026, 6, 18, 11), -1, false, []int{3}},
		{"after the start", early, start, -1, false, nil},
	}
	for _, c := range cases {
		send, ok, mark := RemindersDue([]int{3, 1}, start, c.created, c.now)
		if send != c.send || ok != c.ok || !slices.Equal(mark, c.mark) {
			t.Errorf("%s: got %d %v %v, want %d %v %v", c.name, send, ok, mark, c.send, c.ok, c.mark)
		}
	}
}

func TestValidate(t *testing.T) {
	good := Registration{Name: "山田 花子", Kana: "ヤマダ ハナコ", Email: "hanako@example.jp", University: "静岡大学", GraduationYear: 2027, SessionID: 1}
	if err := good.Validate(false, 2026); err != nil {
		t.Fatalf("good registration refused: %v", err)
	}
	bad := []func(g *Registration){
		func(g *Registration) { g.Name = "" },
		func(g *Registration) { g.Kana = "" },
		func(g *Registration) { g.Email = "not an address" },
		func(g *Registration) { g.University = "" },
		func(g *Registration) { g.GraduationYear = 1999 },
		func(g *Registration) { g.Interest = "宇宙飛行士" },
		func(g *Registration) { g.SessionID = 0 },
	}
	for i, f := range bad {
		g := good
		f(&g)
		if err := g.Validate(false, 2026); err == nil {
			t.Errorf("bad registration %d accepted", i)
		}
	}
	walk := Registration{Name: "当日 太郎", SessionID: 1}
	if err := walk.Validate(true, 2026); err != nil {
		t.Errorf("walk-in with a name only refused: %v", err)
	}
	if EmailKey("  Hanako@Example.JP ") != "hanako@example.jp" {
		t.Error("EmailKey does not fold case and spaces")
	}
	e := Event{Title: "説明会", Sessions: []Session{{StartsAt: jst(2026, 6, 20, 13), Capacity: 0, Place: "本庁舎"}}}
	if err := e.Validate(); err == nil {
		t.Error("capacity 0 accepted")
	}
	e = Event{Title: "説明会", Sessions: []Session{{StartsAt: jst(2026, 6, 20, 13), Capacity: 10}}}
	if err := e.Validate(); err == nil {
		t.Error("session without place or URL accepted")
	}
	e = Event{Title: "説明会", Sessions: []Session{{StartsAt: jst(2026, 6, 20, 13), Capacity: 10, Place: "本庁舎"}}}
	if err := e.Validate(); err != nil || !slices.Equal(e.Reminders, DefaultReminders) {
		t.Errorf("good event: %v, reminders %v", err, e.Reminders)
	}
}
