package recruit

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"hagukumi/apperr"
	"hagukumi/audit"
	"hagukumi/db"
	"hagukumi/db/dbtest"
	"hagukumi/public"
	"hagukumi/staff"
)

type fixture struct {
	st   *Store
	d    *db.DB
	muni int64
	now  *time.Time
}

func newFixture(t *testing.T, d *db.DB) *fixture {
	t.Helper()
	m, err := (&staff.Store{DB: d}).EnsureMunicipality(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	now := jst(2026, 6, 1, 10)
	f := &fixture{d: d, muni: m.ID, now: &now}
	clock := func() time.Time { return *f.now }
	f.st = &Store{DB: d, Now: clock, Pub: &public.Store{DB: d, Now: clock}}
	return f
}

func (f *fixture) event(t *testing.T, capacity ...int) Event {
	t.Helper()
	e := Event{Title: "採用説明会", Published: true}
	for i, c := range capacity {
		e.Sessions = append(e.Sessions, Session{StartsAt: jst(2026, 6, 20+i, 13), Capacity: c, Place: "本庁舎"})
	}
	if err := f.st.CreateEvent(context.Background(), audit.System, f.muni, &e); err != nil {
		t.Fatal(err)
	}
	return e
}

func student(i int, session int64) Registration {
	return Registration{Name: fmt.Sprintf("学生 %03d", i), Kana: "ガクセイ", Email: fmt.Sprintf("s%03d@example.jp", i), University: "静岡大学",
		GraduationYear: 2027, Interest: "行政", SessionID: session}
}

func (f *fixture) count(t *testing.T, q string, args ...any) int {
	t.Helper()
	var n int
	if err := f.d.R.QueryRow(q, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestConcurrentRegistrations: 200 registrations at once for 30 seats end
// with exactly 30 registered and 170 waitlisted in distinct order, on
// both engines; cancellations then promote the waitlist in order.
func TestConcurrentRegistrations(t *testing.T) {
	dbtest.ForEachBackend(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d)
		e := f.event(t, 30)
		x := e.Sessions[0].ID
		tokens := make([]string, 200)
		var wg sync.WaitGroup
		errs := make(chan error, 200)
		for i := 0; i < 200; i++ {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				g := student(i, x)
				for try := 0; ; try++ {
					sent, err := f.st.Register(ctx, f.muni, e.ID, &g, fmt.Sprintf("198.51.100.%d", i), false, func(token, state string) (string, string) { return "受付", token })
					if err != nil && db.IsUnavailable(err) && try < 20 {
						time.Sleep(10 * time.Millisecond)
						continue
					}
					if err != nil {
						errs <- err
						return
					}
					tokens[i] = sent.Token
					return
				}
			}(i)
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
		if n := f.count(t, `SELECT COUNT(*) FROM recruit_registrations WHERE session_id = $1 AND state = 'registered'`, x); n != 30 {
			t.Fatalf("%d registered, want 30", n)
		}
		if n := f.count(t, `SELECT COUNT(*) FROM recruit_registrations WHERE session_id = $1 AND state = 'waitlisted'`, x); n != 170 {
			t.Fatalf("%d waitlisted, want 170", n)
		}
		if n := f.count(t, `SELECT COUNT(DISTINCT waitlist_pos) FROM recruit_registrations WHERE session_id = $1 AND state = 'waitlisted'`, x); n != 170 {
			t.Fatalf("%d distinct waitlist positions, want 170", n)
		}
		// The waitlist in order, then cancel three seated registrants: the
		// first three waitlisted are promoted, in order.
		regs, err := f.st.Registrations(ctx, f.muni, e.ID)
		if err != nil {
			t.Fatal(err)
		}
		var waiting []int64
		var seated []int64
		for _, g := range regs {
			if g.State == Waitlisted {
				waiting = append(waiting, g.ID)
			} else {
				seated = append(seated, g.ID)
			}
		}
		byID := map[int64]string{}
		for i, tok := range tokens {
			m, _, err := f.st.ByToken(ctx, tok)
			if err != nil {
				t.Fatalf("token %d: %v", i, err)
			}
			byID[m.ID] = tok
		}
		for i := 0; i < 3; i++ {
			if err := f.st.Cancel(ctx, byID[seated[i]]); err != nil {
				t.Fatal(err)
			}
			m, _, err := f.st.ByToken(ctx, byID[waiting[i]])
			if err != nil || m.State != Registered {
				t.Fatalf("after cancellation %d, the waitlisted #%d is %s (%v), want registered", i+1, i+1, m.State, err)
			}
			m, _, _ = f.st.ByToken(ctx, byID[waiting[i+1]])
			if m.State != Waitlisted {
				t.Fatalf("after cancellation %d, the next waitlisted is %s", i+1, m.State)
			}
		}
		if n := f.count(t, `SELECT COUNT(*) FROM recruit_registrations WHERE session_id = $1 AND state = 'registered'`, x); n != 30 {
			t.Fatalf("%d registered after cancellations, want 30", n)
		}
		// The promoted were told by mail.
		if n := f.count(t, `SELECT COUNT(*) FROM mail_queue WHERE subject LIKE '%確定%'`); n != 3 {
			t.Fatalf("%d promotion mails, want 3", n)
		}
		// A second cancellation is refused; a cancelled registrant may register again.
		if err := f.st.Cancel(ctx, byID[seated[0]]); apperr.CodeOf(err) != apperr.Conflict {
			t.Fatalf("second cancellation: %v", err)
		}
	})
}

// TestDuplicateAndRules: the same address (any case, spaces) cannot
// register twice for one event, and nothing is stored; after a
// cancellation it can. Closed windows and past sessions are refused.
func TestDuplicateAndRules(t *testing.T) {
	dbtest.ForEachBackend(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d)
		e := f.event(t, 2, 5)
		g := student(1, e.Sessions[0].ID)
		sent, err := f.st.Register(ctx, f.muni, e.ID, &g, "a", false, nil)
		if err != nil || sent.State != Registered {
			t.Fatalf("first: %+v %v", sent, err)
		}
		before := f.count(t, `SELECT COUNT(*) FROM public_submissions`)
		dup := student(2, e.Sessions[1].ID)
		dup.Email = "  S001@Example.JP "
		if _, err := f.st.Register(ctx, f.muni, e.ID, &dup, "b", false, nil); apperr.CodeOf(err) != apperr.Conflict || !strings.Contains(apperr.MessageOf(err), "既に登録") {
			t.Fatalf("duplicate: %v", err)
		}
		if n := f.count(t, `SELECT COUNT(*) FROM public_submissions`); n != before {
			t.Fatalf("duplicate stored a submission")
		}
		// Change of session, then cancel and register again.
		if err := f.st.ChangeSession(ctx, sent.Token, e.Sessions[1].ID); err != nil {
			t.Fatal(err)
		}
		if m, _, _ := f.st.ByToken(ctx, sent.Token); m.SessionID != e.Sessions[1].ID || m.State != Registered {
			t.Fatalf("after change: %+v", m.Registration)
		}
		if err := f.st.Cancel(ctx, sent.Token); err != nil {
			t.Fatal(err)
		}
		again := student(1, e.Sessions[0].ID)
		if _, err := f.st.Register(ctx, f.muni, e.ID, &again, "a", false, nil); err != nil {
			t.Fatalf("register again after cancelling: %v", err)
		}
		// After the last session started, registration is closed.
		*f.now = jst(2026, 6, 21, 14)
		late := student(9, e.Sessions[1].ID)
		if _, err := f.st.Register(ctx, f.muni, e.ID, &late, "c", false, nil); apperr.CodeOf(err) != apperr.Conflict {
			t.Fatalf("late registration: %v", err)
		}
	})
}

// TestCheckInSurveyFiguresAndPurge: check-in by code, a walk-in, the
// survey once and only for those who came, reminders once, and the purge:
// the figures answer the same counts, and no registrant's name or
// address is left in any table or audit entry.
func TestCheckInSurveyFiguresAndPurge(t *testing.T) {
	dbtest.ForEachBackend(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d)
		e := f.event(t, 2)
		x := e.Sessions[0].ID
		var sent []Sent
		for i := 0; i < 4; i++ {
			g := student(i, x)
			g.Name = fmt.Sprintf("秘密 花子%d", i)
			g.Question = "秘密の質問"
			s, err := f.st.Register(ctx, f.muni, e.ID, &g, fmt.Sprint(i), false, func(token, state string) (string, string) { return "受付", "link " + token })
			if err != nil {
				t.Fatal(err)
			}
			sent = append(sent, s)
		}
		// Reminders: three days before, once however often the job runs; not to the waitlisted.
		*f.now = jst(2026, 6, 17, 9)
		for i := 0; i < 3; i++ {
			n, err := f.st.Remind(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if want := map[int]int{0: 2}[i]; n != want {
				t.Fatalf("run %d: %d reminders, want %d", i, n, want)
			}
		}
		*f.now = jst(2026, 6, 20, 12)
		m0, _, _ := f.st.ByToken(ctx, sent[0].Token)
		if _, err := f.st.CheckIn(ctx, audit.System, f.muni, e.ID, "https://x.example/c="+strings.ToLower(m0.CheckinCode), 0); err != nil {
			t.Fatalf("check-in by code: %v", err)
		}
		if _, err := f.st.CheckIn(ctx, audit.System, f.muni, e.ID, m0.CheckinCode, 0); apperr.CodeOf(err) != apperr.Conflict {
			t.Fatalf("second check-in: %v", err)
		}
		w := Registration{SessionID: x, Name: "当日 秘密", University: "常葉大学", GraduationYear: 2027}
		if err := f.st.WalkIn(ctx, audit.System, f.muni, e.ID, &w); err != nil {
			t.Fatal(err)
		}
		// The survey: only those who came, once.
		if err := f.st.Answer(ctx, sent[1].Token, Answer{Satisfaction: 4, Intent: Intents[0]}); apperr.CodeOf(err) != apperr.Conflict {
			t.Fatalf("survey by one who did not come: %v", err)
		}
		if err := f.st.Answer(ctx, sent[0].Token, Answer{Satisfaction: 5, Intent: Intents[0], Comment: "秘密の感想"}); err != nil {
			t.Fatal(err)
		}
		if err := f.st.Answer(ctx, sent[0].Token, Answer{Satisfaction: 1, Intent: Intents[2]}); apperr.CodeOf(err) != apperr.Conflict {
			t.Fatalf("second answer: %v", err)
		}
		*f.now = jst(2026, 6, 21, 9)
		before, err := f.st.EventFigures(ctx, f.muni, e.ID)
		if err != nil {
			t.Fatal(err)
		}
		if before.Registered != 2 || before.Waitlisted != 2 || before.Attended != 2 || before.WalkIns != 1 || before.NoShows != 1 || before.NoShowRate != 50 || before.Survey.Answers != 1 {
			t.Fatalf("figures before the purge: %+v", before)
		}
		// Not yet due at the end of the next fiscal year.
		if p, err := f.st.Purge(ctx, jst(2028, 3, 31, 12)); err != nil || p.Events != 0 {
			t.Fatalf("early purge: %+v %v", p, err)
		}
		p, err := f.st.Purge(ctx, jst(2028, 4, 1, 9))
		if err != nil || p.Events != 1 || p.Registrations != 5 || p.Submissions != 4 {
			t.Fatalf("purge: %+v %v", p, err)
		}
		after, err := f.st.EventFigures(ctx, f.muni, e.ID)
		if err != nil {
			t.Fatal(err)
		}
		after.Purged = false
		if fmt.Sprint(after) != fmt.Sprint(before) {
			t.Fatalf("figures changed by the purge:\n%+v\n%+v", before, after)
		}
		for _, q := range []string{
			`SELECT COUNT(*) FROM recruit_registrations WHERE name LIKE '%秘密%' OR question <> '' OR email <> '' OR kana <> '' OR checkin_code IS NOT NULL`,
			`SELECT COUNT(*) FROM recruit_answers WHERE comment <> ''`,
			`SELECT COUNT(*) FROM public_submissions`,
			`SELECT COUNT(*) FROM mail_queue`,
			`SELECT COUNT(*) FROM audit_log WHERE detail LIKE '%秘密%' OR detail LIKE '%example.jp%'`,
		} {
			if n := f.count(t, q); n != 0 {
				t.Errorf("%s: %d rows left", q, n)
			}
		}
		if _, _, err := f.st.ByToken(ctx, sent[0].Token); err == nil {
			t.Error("the private link still answers after the purge")
		}
		// A second run finds nothing.
		if p, err := f.st.Purge(ctx, jst(2028, 4, 2, 9)); err != nil || p.Events != 0 {
			t.Fatalf("second purge: %+v %v", p, err)
		}
	})
}
