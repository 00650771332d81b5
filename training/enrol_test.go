package training_test

import (
	"context"
	"fmt"
	"reflect"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"hagukumi/apperr"
	"hagukumi/audit"
	"hagukumi/auth"
	"hagukumi/calendar"
	"hagukumi/db"
	"hagukumi/db/dbtest"
	"hagukumi/notify"
	"hagukumi/staff"
	"hagukumi/training"
)

// planFixture is a municipality with 60 staff in three departments, eight
// new hires of FY2025, one person on leave, and the default catalog. The
// clock stands at 1 May 2025, 10:00 in Japan.
type planFixture struct {
	D    *db.DB
	SS   *staff.Store
	TS   *training.Store
	Muni int64

	mu  sync.Mutex
	now time.Time
}

func planStaffCSV() string {
	var b strings.Builder
	b.WriteString("職員番号,氏名,フリガナ,採用日,雇用区分,職位,職位発令日,所属,在職状況,メール\n")
	depts := []string{"総務部 人事課", "市民文化部 市民課", "建設部 道路課"}
	kana := []rune("アイウエオカキクケコサシスセソタチツテトナニヌネノ")
	k := func(i int) string { return string(kana[i%len(kana)]) + string(kana[(i/len(kana))%len(kana)]) }
	for i := 1; i <= 60; i++ {
		fmt.Fprintf(&b, "P%03d,職員 %d郎,ショクイン %s,2010/4/1,正規,主事,2010/4/1,%s,在職,p%03d@example.jp\n", i, i, k(i), depts[(i-1)/20], i)
	}
	newDepts := []string{"総務部 人事課", "総務部 人事課", "総務部 人事課", "市民文化部 市民課", "市民文化部 市民課", "市民文化部 市民課", "建設部 道路課", "建設部 道路課"}
	for i, d := range newDepts {
		fmt.Fprintf(&b, "N%03d,新人 %d子,シンジン %s,2025/4/1,正規,主事,2025/4/1,%s,在職,\n", i+1, i+1, k(i), d)
	}
	b.WriteString("L001,休職 花子,キュウショク ハナコ,2010/4/1,正規,主事,2010/4/1,市民文化部 市民課,休職,l001@example.jp\n")
	return b.String()
}

func newPlanFixture(t *testing.T, d *db.DB) *planFixture {
	t.Helper()
	f := &planFixture{D: d, now: time.Date(2025, 5, 1, 1, 0, 0, 0, time.UTC)}
	ctx := context.Background()
	f.SS = &staff.Store{DB: d, Now: f.clock}
	f.TS = &training.Store{DB: d, Now: f.clock}
	m, err := f.SS.EnsureMunicipality(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// A fresh install has no name; the notices' signature needs one.
	if err := f.SS.RenameMunicipality(ctx, audit.System, m.ID, "藤枝市", m.CenterName); err != nil {
		t.Fatal(err)
	}
	f.Muni = m.ID
	res, err := f.SS.Import(ctx, m.ID, audit.System, "staff.csv", []byte(planStaffCSV()), staff.ImportOptions{AsOf: calendar.D(2025, 4, 1)})
	if err != nil || len(res.Errors) > 0 {
		t.Fatalf("import: %v %+v", err, res.Errors)
	}
	if err := f.TS.EnsureCatalog(ctx, m.ID); err != nil {
		t.Fatal(err)
	}
	return f
}

func (f *planFixture) clock() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.now
}

func (f *planFixture) advance(d time.Duration) {
	f.mu.Lock()
	f.now = f.now.Add(d)
	f.mu.Unlock()
}

func (f *planFixture) program(t testing.TB, code string) *training.Program {
	t.Helper()
	p, err := f.TS.ProgramByCode(context.Background(), f.Muni, code)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// session adds a session; days are "YYYY-MM-DD HH:MM HH:MM".
func (f *planFixture) session(t testing.TB, p *training.Program, fy int, title, venue string, capacity int, days ...string) *training.Session {
	t.Helper()
	x := &training.Session{ProgramID: p.ID, FY: fy, Title: title, Venue: venue, Capacity: capacity}
	for _, d := range days {
		parts := strings.Fields(d)
		x.Days = append(x.Days, training.Day{Date: parts[0], Start: parts[1], End: parts[2]})
	}
	if err := f.TS.SaveSession(context.Background(), audit.System, f.Muni, x); err != nil {
		t.Fatal(err)
	}
	return x
}

func (f *planFixture) unit(t testing.TB, path string) int64 {
	t.Helper()
	units, err := f.SS.Units(context.Background(), f.Muni, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range units {
		if u.Path == path {
			return u.ID
		}
	}
	t.Fatalf("no unit %s", path)
	return 0
}

func (f *planFixture) staffID(t testing.TB, number string) int64 {
	t.Helper()
	m, err := f.SS.ByNumber(context.Background(), f.Muni, staff.Scope{}, number)
	if err != nil {
		t.Fatal(err)
	}
	return m.ID
}

// statuses maps 職員番号 to status on a session.
func (f *planFixture) statuses(t testing.TB, sessionID int64) map[string]string {
	t.Helper()
	list, err := f.TS.SessionRoster(context.Background(), f.Muni, sessionID, staff.Scope{})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, e := range list {
		out[e.Number] = e.Status
	}
	return out
}

func (f *planFixture) enrolmentID(t testing.TB, sessionID int64, number string) int64 {
	t.Helper()
	list, err := f.TS.SessionRoster(context.Background(), f.Muni, sessionID, staff.Scope{})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range list {
		if e.Number == number {
			return e.ID
		}
	}
	t.Fatalf("%s is not on session %d", number, sessionID)
	return 0
}

// verifyAudit checks the chain and that each action was recorded.
func (f *planFixture) verifyAudit(t testing.TB, actions ...string) {
	t.Helper()
	ctx := context.Background()
	if _, err := audit.Verify(ctx, f.D.R); err != nil {
		t.Fatalf("audit chain: %v", err)
	}
	for _, a := range actions {
		_, n, err := audit.List(ctx, f.D.R, f.Muni, audit.Filter{Action: a, Limit: 1})
		if err != nil || n == 0 {
			t.Errorf("no audit entry for %q (%v)", a, err)
		}
	}
}

func (f *planFixture) notices(t testing.TB, number string) []*notify.Notification {
	t.Helper()
	list, _, err := f.TS.Notifications(context.Background(), f.Muni, f.staffID(t, number), 100)
	if err != nil {
		t.Fatal(err)
	}
	return list
}

func hasNotice(list []*notify.Notification, subject string, body ...string) bool {
	for _, n := range list {
		if !strings.Contains(n.Subject, subject) {
			continue
		}
		ok := true
		for _, b := range body {
			ok = ok && strings.Contains(n.Body, b)
		}
		if ok {
			return true
		}
	}
	return false
}

func expectCode(t testing.TB, err error, code apperr.Code, what string) {
	t.Helper()
	if apperr.CodeOf(err) != code {
		t.Fatalf("%s: got %v, want %s", what, err, code)
	}
}

func TestSpread(t *testing.T) {
	people := func(spec string) []training.Nominee {
		var out []training.Nominee
		for i, dept := range strings.Fields(spec) {
			out = append(out, training.Nominee{ID: int64(i + 1), Number: fmt.Sprintf("%s%d", dept, i+1), Dept: dept})
		}
		return out
	}
	cases := []struct {
		name   string
		people string
		seats  []training.Seat
		want   map[int64]string // session → departments of the people, in order
	}{
		{"one session", "A B A", []training.Seat{{1, 10}}, map[int64]string{1: "A A B"}},
		{"departments kept together", "A A A A B B B C C", []training.Seat{{1, 5}, {2, 5}},
			map[int64]string{1: "A A A A", 2: "B B B C C"}},
		{"balanced by room", "A A B B C", []training.Seat{{1, 10}, {2, 10}}, map[int64]string{1: "A A C", 2: "B B"}},
		{"proportional to capacity", "A A A A B B C C", []training.Seat{{1, 6}, {2, 2}}, map[int64]string{1: "A A A A B B", 2: "C C"}},
		{"a department too large is split", "A A A A A", []training.Seat{{1, 3}, {2, 3}}, map[int64]string{1: "A A A", 2: "A A"}},
		{"overflow goes to a waitlist together", "A A A B B", []training.Seat{{1, 2}, {2, 1}},
			map[int64]string{1: "A A B B", 2: "A"}},
		{"unlimited sessions", "A A B B C", []training.Seat{{1, -1}, {2, -1}}, map[int64]string{1: "A A C", 2: "B B"}},
		{"a full session gets nobody while others have room", "A B", []training.Seat{{1, 0}, {2, 5}}, map[int64]string{2: "A B"}},
		{"no sessions", "A", nil, map[int64]string{}},
	}
	for _, c := range cases {
		got := training.Spread(people(c.people), c.seats)
		gotDepts := map[int64]string{}
		total := 0
		for id, ps := range got {
			var ds []string
			for _, p := range ps {
				ds = append(ds, p.Dept)
			}
			gotDepts[id] = strings.Join(ds, " ")
			total += len(ps)
		}
		if !reflect.DeepEqual(gotDepts, c.want) {
			t.Errorf("%s: %v, want %v", c.name, gotDepts, c.want)
		}
		if len(c.seats) > 0 && total != len(strings.Fields(c.people)) {
			t.Errorf("%s: %d assigned of %d", c.name, total, len(strings.Fields(c.people)))
		}
	}
}

func TestEnrolmentOnBothEngines(t *testing.T) {
	dbtest.ForEachBackend(t, func(t *testing.T, d *db.DB) {
		f := newPlanFixture(t, d)
		ctx := context.Background()
		newHire := f.program(t, "NEW_HIRE")
		a := f.session(t, newHire, 2025, "第1回", "本庁舎 大会議室", 2, "2025-06-10 09:00 17:00")
		b := f.session(t, newHire, 2025, "第2回", "本庁舎 大会議室", 0, "2025-06-17 09:00 17:00")

		// 指名: two seats, a waitlist, and the people left out with a reason.
		res, err := f.TS.Nominate(ctx, audit.System, f.Muni, a.ID, []string{"P001", "p002", " P003", "X999", "L001", "P001"})
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(res.Enrolled, []string{"P001", "P002"}) || !reflect.DeepEqual(res.Waitlisted, []string{"P003"}) || len(res.Skipped) != 2 {
			t.Fatalf("nominate: %+v", res)
		}
		if !strings.Contains(res.Skipped[0].Reason, "見つかりません") || !strings.Contains(res.Skipped[1].Reason, "休職") {
			t.Fatalf("skip reasons: %+v", res.Skipped)
		}
		res, err = f.TS.Nominate(ctx, audit.System, f.Muni, b.ID, []string{"P001"})
		if err != nil || len(res.Skipped) != 1 || !strings.Contains(res.Skipped[0].Reason, "別の開催回") {
			t.Fatalf("second session of the same program: %+v %v", res, err)
		}
		if _, err := f.TS.Nominate(ctx, audit.System, f.Muni, a.ID, nil); apperr.CodeOf(err) != apperr.Invalid {
			t.Fatalf("empty nomination: %v", err)
		}
		// 受講決定通知 in the app and in the mail queue, with the .ics.
		if !hasNotice(f.notices(t, "P001"), "【受講決定通知】新規採用職員研修", "令和7年6月10日（火） 9:00〜17:00", "本庁舎 大会議室", "職員 1郎 様") {
			t.Fatalf("no decision notice: %+v", f.notices(t, "P001"))
		}
		if !hasNotice(f.notices(t, "P003"), "キャンセル待ち", "キャンセル待ち（1番目）") {
			t.Fatal("no waitlist notice")
		}
		var ics string
		if err := d.R.QueryRow(`SELECT ics FROM mail_queue WHERE to_addr = 'p001@example.jp'`).Scan(&ics); err != nil || !strings.Contains(ics, "DTSTART;TZID=Asia/Tokyo:20250610T090000") {
			t.Fatalf("mail with ics: %v %q", err, ics)
		}
		// Cancel needs a reason; the first on the waitlist is promoted.
		e1 := f.enrolmentID(t, a.ID, "P001")
		expectCode(t, f.TS.Cancel(ctx, audit.System, f.Muni, center, e1, " "), apperr.Invalid, "cancel without reason")
		expectCode(t, f.TS.Cancel(ctx, audit.System, f.Muni, training.Viewer{Role: auth.Liaison, Unit: staff.Scope{UnitPath: "建設部"}}, e1, "体調不良"), apperr.NotFound, "cancel out of scope")
		if err := f.TS.Cancel(ctx, audit.System, f.Muni, training.Viewer{Role: auth.Liaison, Unit: staff.Scope{UnitPath: "総務部"}}, e1, "体調不良"); err != nil {
			t.Fatal(err)
		}
		expectCode(t, f.TS.Cancel(ctx, audit.System, f.Muni, center, e1, "二度目"), apperr.Conflict, "cancel twice")
		if got := f.statuses(t, a.ID); !reflect.DeepEqual(got, map[string]string{"P001": "cancelled", "P002": "enrolled", "P003": "enrolled"}) {
			t.Fatalf("after cancel: %v", got)
		}
		if !hasNotice(f.notices(t, "P003"), "繰り上げ") || !hasNotice(f.notices(t, "P001"), "受講取消", "理由：体調不良") {
			t.Fatal("promotion or cancellation notice missing")
		}
		// Move to the other session of the program.
		e2 := f.enrolmentID(t, a.ID, "P002")
		if st, err := f.TS.Move(ctx, audit.System, f.Muni, staff.Scope{}, e2, b.ID); err != nil || st.Status != training.EnrolEnrolled {
			t.Fatalf("move: %+v %v", st, err)
		}
		if f.statuses(t, a.ID)["P002"] != "moved" || f.statuses(t, b.ID)["P002"] != "enrolled" {
			t.Fatal("move did not move")
		}
		if !hasNotice(f.notices(t, "P002"), "受講日程変更", "変更前：新規採用職員研修 第1回", "令和7年6月17日（火）") {
			t.Fatal("no move notice")
		}
		other := f.session(t, f.program(t, "YEAR2"), 2025, "", "会議室", 0, "2025-07-01 09:00 12:00")
		expectCode(t, func() error {
			_, err := f.TS.Move(ctx, audit.System, f.Muni, staff.Scope{}, f.enrolmentID(t, a.ID, "P003"), other.ID)
			return err
		}(),
			apperr.Invalid, "move to another program")
		// A cancelled person can be nominated again: the row is reused.
		res, err = f.TS.Nominate(ctx, audit.System, f.Muni, a.ID, []string{"P001"})
		if err != nil || !reflect.DeepEqual(res.Enrolled, []string{"P001"}) {
			t.Fatalf("renominate: %+v %v", res, err)
		}
		// Scoped roster: a department sees its own people only.
		list, _ := f.TS.SessionRoster(ctx, f.Muni, a.ID, staff.Scope{UnitPath: "市民文化部"})
		if len(list) != 0 {
			t.Fatalf("市民文化部 sees %d of 総務部's enrolments", len(list))
		}

		// 申込: only in a published plan, approved by the 所属長 above.
		settai := f.program(t, "SETTAI")
		c := f.session(t, settai, 2025, "", "研修室", 1, "2025-07-08 13:30 16:30")
		sup, err := (&auth.Store{DB: d}).CreateUser(ctx, f.Muni, audit.System, auth.NewUser{Login: "sup", DisplayName: "所属長", Role: auth.Supervisor,
			UnitID: f.unit(t, "市民文化部"), StaffID: f.staffID(t, "P040"), Password: "Kacho-no-Pass-2025"})
		if err != nil {
			t.Fatal(err)
		}
		supView := training.Viewer{Role: auth.Supervisor, StaffID: f.staffID(t, "P040"), UnitPath: "市民文化部", Unit: staff.Scope{UnitPath: "市民文化部"}}
		supActor := audit.Actor{UserID: sup.ID, Login: sup.Login}
		somuView := training.Viewer{Role: auth.Supervisor, UnitPath: "総務部", Unit: staff.Scope{UnitPath: "総務部"}}
		kaView := training.Viewer{Role: auth.Supervisor, UnitPath: "市民文化部/市民課", Unit: staff.Scope{UnitPath: "市民文化部/市民課"}}
		p21, p22 := f.staffID(t, "P021"), f.staffID(t, "P022")
		if _, err := f.TS.Apply(ctx, audit.System, f.Muni, c.ID, p21); apperr.CodeOf(err) != apperr.NotFound {
			t.Fatalf("apply to an unpublished plan: %v", err)
		}
		if err := f.TS.SetPlanPublished(ctx, audit.System, f.Muni, 2025, true); err != nil {
			t.Fatal(err)
		}
		e21, err := f.TS.Apply(ctx, audit.System, f.Muni, c.ID, p21)
		if err != nil || e21.Status != training.EnrolApplied || e21.Source != training.SourceApplication {
			t.Fatalf("apply: %+v %v", e21, err)
		}
		if _, err := f.TS.Apply(ctx, audit.System, f.Muni, c.ID, p21); apperr.CodeOf(err) != apperr.Conflict {
			t.Fatalf("apply twice: %v", err)
		}
		if _, err := f.TS.Apply(ctx, audit.System, f.Muni, a.ID, p21); apperr.CodeOf(err) != apperr.Invalid {
			t.Fatalf("apply to a nomination program: %v", err)
		}
		e22, err := f.TS.Apply(ctx, audit.System, f.Muni, c.ID, p22)
		if err != nil {
			t.Fatal(err)
		}
		if !hasNotice(f.notices(t, "P040"), "【承認依頼】職員 21郎さんの受講申込", "市民文化部 市民課の職員 21郎さん") {
			t.Fatalf("supervisor not asked: %+v", f.notices(t, "P040"))
		}
		pending, _ := f.TS.PendingApprovals(ctx, f.Muni, supView, sup.ID)
		if len(pending) != 2 {
			t.Fatalf("pending: %d", len(pending))
		}
		if pending, _ := f.TS.PendingApprovals(ctx, f.Muni, somuView, 0); len(pending) != 0 {
			t.Fatal("総務部 sees 市民文化部's applications")
		}
		if _, err := f.TS.Decide(ctx, audit.System, f.Muni, somuView, e21.ID, true, ""); apperr.CodeOf(err) != apperr.NotFound {
			t.Fatalf("decide out of scope: %v", err)
		}
		if _, err := f.TS.Decide(ctx, supActor, f.Muni, supView, e21.ID, false, ""); apperr.CodeOf(err) != apperr.Invalid {
			t.Fatalf("decline without reason: %v", err)
		}
		if _, err := f.TS.Decide(ctx, audit.System, f.Muni, kaView, e21.ID, true, ""); apperr.CodeOf(err) != apperr.Forbidden {
			t.Fatalf("decide by a 所属長 who is not the decider: %v", err)
		}
		if st, err := f.TS.Decide(ctx, supActor, f.Muni, supView, e21.ID, true, ""); err != nil || st != training.EnrolEnrolled {
			t.Fatalf("approve: %s %v", st, err)
		}
		if st, err := f.TS.Decide(ctx, supActor, f.Muni, supView, e22.ID, true, ""); err != nil || st != training.EnrolWaitlisted {
			t.Fatalf("approve over capacity: %s %v", st, err)
		}
		if _, err := f.TS.Decide(ctx, supActor, f.Muni, supView, e21.ID, false, "業務多忙"); apperr.CodeOf(err) != apperr.Conflict {
			t.Fatalf("decide twice: %v", err)
		}
		// Raising the capacity and filling from the waitlist.
		c.Capacity = 2
		if err := f.TS.SaveSession(ctx, audit.System, f.Muni, c); err != nil {
			t.Fatal(err)
		}
		if err := f.TS.FillFromWaitlist(ctx, audit.System, f.Muni, c.ID); err != nil {
			t.Fatal(err)
		}
		if f.statuses(t, c.ID)["P022"] != "enrolled" {
			t.Fatalf("not promoted after capacity rise: %v", f.statuses(t, c.ID))
		}
		// A decline.
		e23, err := f.TS.Apply(ctx, audit.System, f.Muni, c.ID, f.staffID(t, "P023"))
		if err != nil {
			t.Fatal(err)
		}
		if st, err := f.TS.Decide(ctx, supActor, f.Muni, supView, e23.ID, false, "繁忙期のため"); err != nil || st != training.EnrolDeclined {
			t.Fatalf("decline: %s %v", st, err)
		}
		if !hasNotice(f.notices(t, "P023"), "受講申込の結果", "理由：繁忙期のため") {
			t.Fatal("no decline notice")
		}
		// The deadline: the day of the session is too late.
		f.advance(70 * 24 * time.Hour) // 10 July
		if _, err := f.TS.Apply(ctx, audit.System, f.Muni, c.ID, f.staffID(t, "P024")); apperr.CodeOf(err) != apperr.Invalid {
			t.Fatalf("late application: %v", err)
		}
		f.advance(-70 * 24 * time.Hour)

		// 推薦 within the department's quota.
		comp := f.program(t, "COMPLIANCE")
		comp.Mode = training.ModeRecommendation
		if err := f.TS.SaveProgram(ctx, audit.System, f.Muni, comp); err != nil {
			t.Fatal(err)
		}
		dsess := f.session(t, comp, 2025, "", "研修室", 10, "2025-08-05 09:00 11:00")
		shimin := staff.Scope{UnitPath: "市民文化部"}
		unit := f.unit(t, "市民文化部")
		if _, err := f.TS.Recommend(ctx, audit.System, f.Muni, shimin, unit, dsess.ID, []string{"P021"}); apperr.CodeOf(err) != apperr.Invalid ||
			!strings.Contains(apperr.MessageOf(err), "推薦枠が設定されていません") {
			t.Fatalf("recommend without quota: %v", err)
		}
		if err := f.TS.SetQuota(ctx, audit.System, f.Muni, comp.ID, 2025, unit, 2); err != nil {
			t.Fatal(err)
		}
		_, err = f.TS.Recommend(ctx, audit.System, f.Muni, shimin, unit, dsess.ID, []string{"P021", "P001"})
		if apperr.CodeOf(err) != apperr.Invalid || !strings.Contains(apperr.MessageOf(err), "見つからないため推薦できません：P001。") || f.statuses(t, dsess.ID)["P021"] != "" {
			t.Fatalf("recommend with another department's number: %v", err)
		}
		res, err = f.TS.Recommend(ctx, audit.System, f.Muni, shimin, unit, dsess.ID, []string{"P021"})
		if err != nil || !reflect.DeepEqual(res.Enrolled, []string{"P021"}) {
			t.Fatalf("recommend: %+v %v", res, err)
		}
		_, err = f.TS.Recommend(ctx, audit.System, f.Muni, shimin, unit, dsess.ID, []string{"P022", "P023"})
		if apperr.CodeOf(err) != apperr.Invalid || !strings.Contains(apperr.MessageOf(err), "推薦枠（2人）を超える") || !strings.Contains(apperr.MessageOf(err), "枠を超える職員番号：P023。") {
			t.Fatalf("recommend over quota: %v", err)
		}
		if f.statuses(t, dsess.ID)["P022"] != "" {
			t.Fatal("a refused recommendation left a row")
		}
		if _, err := f.TS.Recommend(ctx, audit.System, f.Muni, shimin, unit, dsess.ID, []string{"P022"}); err != nil {
			t.Fatal(err)
		}
		qs, _ := f.TS.Quotas(ctx, f.Muni, 2025, unit)
		if len(qs) != 1 || qs[0].Used != 2 || qs[0].Left() != 0 {
			t.Fatalf("quota use: %+v", qs)
		}
		if _, err := f.TS.Recommend(ctx, audit.System, f.Muni, shimin, unit, c.ID, []string{"P025"}); apperr.CodeOf(err) != apperr.Invalid {
			t.Fatalf("recommend to an application program: %v", err)
		}

		// わたしの研修 and notices.
		mine, err := f.TS.EnrolmentsOfStaff(ctx, f.Muni, p21)
		if err != nil || len(mine) != 2 {
			t.Fatalf("P021's enrolments: %d %v", len(mine), err)
		}
		notes, unread, err := f.TS.Notifications(ctx, f.Muni, p21, 10)
		if err != nil || unread != len(notes) || unread < 3 {
			t.Fatalf("notices %d unread %d %v", len(notes), unread, err)
		}
		if n, err := f.TS.MarkNotificationsRead(ctx, audit.System, f.Muni, p21, notes[0].ID); err != nil || n != 1 {
			t.Fatalf("mark one: %d %v", n, err)
		}
		if _, err := f.TS.MarkNotificationsRead(ctx, audit.System, f.Muni, p22, notes[1].ID); apperr.CodeOf(err) != apperr.NotFound {
			t.Fatalf("mark another person's notice: %v", err)
		}
		if _, err := f.TS.MarkNotificationsRead(ctx, audit.System, f.Muni, p21, 0); err != nil {
			t.Fatal(err)
		}
		if _, unread, _ := f.TS.Notifications(ctx, f.Muni, p21, 10); unread != 0 {
			t.Fatalf("unread after mark all: %d", unread)
		}
		// A cancelled session (中止) tells the people on it.
		b.Status = training.SessionCancelled
		if err := f.TS.SaveSession(ctx, audit.System, f.Muni, b); err != nil {
			t.Fatal(err)
		}
		if n, err := f.TS.NotifySessionCancelled(ctx, audit.System, f.Muni, b.ID); err != nil || n != 1 {
			t.Fatalf("cancelled session: %d %v", n, err)
		}
		if !hasNotice(f.notices(t, "P002"), "【研修中止のお知らせ】新規採用職員研修", "中止となりました", "令和7年6月17日（火）") {
			t.Fatal("no cancellation notice")
		}
		f.verifyAudit(t, "nominate", "cancel", "promote", "move", "apply", "approve", "decline", "recommend", "read", "notify_cancelled")
	})
}

func TestNominateRosterSpreadsByDepartment(t *testing.T) {
	dbtest.ForEachBackend(t, func(t *testing.T, d *db.DB) {
		f := newPlanFixture(t, d)
		ctx := context.Background()
		p := f.program(t, "NEW_HIRE")
		a := f.session(t, p, 2025, "第1回", "A室", 4, "2025-06-10 09:00 17:00")
		b := f.session(t, p, 2025, "第2回", "A室", 4, "2025-06-17 09:00 17:00")
		// N008 is already on the program: the roster skips them.
		if _, err := f.TS.Nominate(ctx, audit.System, f.Muni, b.ID, []string{"N008"}); err != nil {
			t.Fatal(err)
		}
		res, err := f.TS.NominateRoster(ctx, audit.System, f.Muni, p.ID, 2025)
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Enrolled) != 7 || len(res.Waitlisted) != 0 {
			t.Fatalf("roster nomination: %+v", res)
		}
		depts := func(id int64) map[string]bool {
			out := map[string]bool{}
			list, _ := f.TS.SessionRoster(ctx, f.Muni, id, staff.Scope{})
			for _, e := range list {
				out[strings.SplitN(e.Unit, "/", 2)[0]] = true
			}
			return out
		}
		// 3 総務部 + 3 市民文化部 + 1 建設部 (N007) over 4 + 3 free seats.
		da, db := depts(a.ID), depts(b.ID)
		for dept := range da {
			if db[dept] && dept != "建設部" {
				t.Errorf("department %s split over both sessions: %v / %v", dept, da, db)
			}
		}
		if again, err := f.TS.NominateRoster(ctx, audit.System, f.Muni, p.ID, 2025); err != nil || len(again.Enrolled) != 0 {
			t.Fatalf("second roster nomination: %+v %v", again, err)
		}
		if _, err := f.TS.NominateRoster(ctx, audit.System, f.Muni, f.program(t, "SETTAI").ID, 2025); apperr.CodeOf(err) != apperr.Invalid {
			t.Fatalf("roster of a program without a rule: %v", err)
		}
	})
}

// TestCapacityUnderConcurrency: fifty people race for ten seats; exactly
// ten are enrolled and the other forty queue with distinct positions.
func TestCapacityUnderConcurrency(t *testing.T) {
	dbtest.ForEachBackend(t, func(t *testing.T, d *db.DB) {
		f := newPlanFixture(t, d)
		ctx := context.Background()
		x := f.session(t, f.program(t, "SETTAI"), 2025, "", "研修室", 10, "2025-06-10 09:00 12:00")
		var wg sync.WaitGroup
		errs := make(chan error, 50)
		for i := 1; i <= 50; i++ {
			wg.Add(1)
			go func(n string) {
				defer wg.Done()
				if _, err := f.TS.Nominate(ctx, audit.System, f.Muni, x.ID, []string{n}); err != nil {
					errs <- err
				}
			}(fmt.Sprintf("P%03d", i))
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
		list, err := f.TS.SessionRoster(ctx, f.Muni, x.ID, staff.Scope{})
		if err != nil {
			t.Fatal(err)
		}
		enrolled, positions := 0, []int{}
		for _, e := range list {
			switch e.Status {
			case training.EnrolEnrolled:
				enrolled++
			case training.EnrolWaitlisted:
				positions = append(positions, e.WaitlistPos)
			}
		}
		sort.Ints(positions)
		if enrolled != 10 || len(positions) != 40 || positions[0] != 1 || positions[39] != 40 {
			t.Fatalf("enrolled %d, waitlist %v", enrolled, positions)
		}
		for i := 1; i < len(positions); i++ {
			if positions[i] == positions[i-1] {
				t.Fatalf("duplicate waitlist position %d", positions[i])
			}
		}
		got, _ := f.TS.SessionByID(ctx, f.Muni, x.ID)
		if got.Enrolled != 10 || got.Waitlisted != 40 {
			t.Fatalf("counts %d/%d", got.Enrolled, got.Waitlisted)
		}
		// Cancelling five enrolled people promotes the first five in line.
		cancelled := 0
		for _, e := range list {
			if e.Status == training.EnrolEnrolled && cancelled < 5 {
				wg.Add(1)
				go func(id int64) {
					defer wg.Done()
					if err := f.TS.Cancel(ctx, audit.System, f.Muni, center, id, "都合により"); err != nil {
						t.Error(err)
					}
				}(e.ID)
				cancelled++
			}
		}
		wg.Wait()
		got, _ = f.TS.SessionByID(ctx, f.Muni, x.ID)
		if got.Enrolled != 10 || got.Waitlisted != 35 {
			t.Fatalf("after cancellations %d/%d", got.Enrolled, got.Waitlisted)
		}
		f.verifyAudit(t, "nominate", "cancel", "promote")
	})
}

// staffUser makes a staff account for a staff member and returns its id.
func (f *planFixture) staffUser(t testing.TB, number string) int64 {
	t.Helper()
	u, err := (&auth.Store{DB: f.D}).CreateUser(context.Background(), f.Muni, audit.System, auth.NewUser{Login: "u" + strings.ToLower(number),
		DisplayName: number, Role: auth.Staff, StaffID: f.staffID(t, number), Password: "Shokuin-no-Pass-2025"})
	if err != nil {
		t.Fatal(err)
	}
	return u.ID
}

func (f *planFixture) scopeAll() staff.Scope { return staff.Scope{} }

// center is a center viewer, who may cancel any enrolment.
var center = training.Viewer{Role: auth.CenterStaff}
