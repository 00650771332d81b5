package training_test

import (
	"context"
	"reflect"
	"testing"
	"time"

	"hagukumi/apperr"
	"hagukumi/audit"
	"hagukumi/calendar"
	"hagukumi/db"
	"hagukumi/db/dbtest"
	"hagukumi/staff"
	"hagukumi/training"
)

// recFile is a small personnel file: three FY2026 hires (eligible for
// NEW_HIRE in 2026) in two departments and one senior member.
const recFile = `職員番号,氏名,フリガナ,採用日,雇用区分,職位,職位発令日,所属,在職状況
R001,新人 一郎,シンジン イチロウ,2026-04-01,正規,主事,2026-04-01,総務部 人事課,在職
R002,新人 二子,シンジン フタコ,2026-04-01,正規,主事,2026-04-01,市民文化部 市民課,在職
R003,新人 三郎,シンジン サブロウ,2026-04-01,正規,主事,2026-04-01,市民文化部 市民課,在職
R004,先輩 四郎,センパイ シロウ,2015-04-01,正規,主査,2024-04-01,総務部 人事課,在職
`

// recEnv is one municipality with recFile imported and the default catalog.
type recEnv struct {
	ctx   context.Context
	d     *db.DB
	ts    *training.Store
	muni  int64
	clock time.Time
	ids   map[string]int64
}

func newRecEnv(t *testing.T, d *db.DB) *recEnv {
	t.Helper()
	e := &recEnv{ctx: context.Background(), d: d, clock: time.Date(2026, 5, 20, 1, 0, 0, 0, time.UTC), ids: map[string]int64{}}
	now := func() time.Time { return e.clock }
	ss := &staff.Store{DB: d, Now: now}
	m, err := ss.EnsureMunicipality(e.ctx)
	if err != nil {
		t.Fatal(err)
	}
	e.muni = m.ID
	res, err := ss.Import(e.ctx, m.ID, audit.System, "hr.csv", []byte(recFile), staff.ImportOptions{AsOf: calendar.D(2026, 4, 1)})
	if err != nil || len(res.Errors) > 0 {
		t.Fatalf("import: %v %+v", err, res.Errors)
	}
	e.ts = &training.Store{DB: d, Now: now}
	if err := e.ts.EnsureCatalog(e.ctx, m.ID); err != nil {
		t.Fatal(err)
	}
	for _, n := range []string{"R001", "R002", "R003", "R004"} {
		if e.ids[n], err = e.ts.StaffIDByNumber(e.ctx, m.ID, n); err != nil {
			t.Fatal(err)
		}
	}
	return e
}

// session adds a one-day session of a program, 09:00–16:00 (7 hours).
func (e *recEnv) session(t *testing.T, code, day string, instructors ...training.Instructor) *training.Session {
	t.Helper()
	p, err := e.ts.ProgramByCode(e.ctx, e.muni, code)
	if err != nil {
		t.Fatal(err)
	}
	d, _ := time.Parse(time.DateOnly, day)
	x := &training.Session{ProgramID: p.ID, FY: calendar.FiscalYear(d), Title: "第" + day + "回", Venue: "本庁舎", Capacity: 30,
		Days: []training.Day{{Date: day, Start: "09:00", End: "16:00"}}, Instructors: instructors}
	if err := e.ts.SaveSession(e.ctx, audit.System, e.muni, x); err != nil {
		t.Fatal(err)
	}
	return x
}

// enrol inserts an enrolment row as the enrolment code would.
func (e *recEnv) enrol(t *testing.T, sessionID int64, numbers ...string) {
	t.Helper()
	for _, n := range numbers {
		if _, err := e.d.W.ExecContext(e.ctx, `INSERT INTO enrolments (municipality_id, session_id, staff_id, status, source, created_at, updated_at)
			VALUES ($1, $2, $3, 'enrolled', 'nomination', $4, $4)`, e.muni, sessionID, e.ids[n], e.clock); err != nil {
			t.Fatal(err)
		}
	}
}

func (e *recEnv) certificate(t *testing.T, sessionID int64, number string) string {
	t.Helper()
	c, err := e.ts.CertificateOf(e.ctx, e.muni, sessionID, e.ids[number])
	if apperr.CodeOf(err) == apperr.NotFound {
		return ""
	} else if err != nil {
		t.Fatal(err)
	}
	return c.Number
}

func wantCode(t *testing.T, err error, code apperr.Code) {
	t.Helper()
	if apperr.CodeOf(err) != code {
		t.Fatalf("error %v, want code %s", err, code)
	}
}

func TestMarkNormalize(t *testing.T) {
	cases := []struct {
		name string
		in   training.Mark
		want training.Mark
		err  bool
	}{
		{"present gets the whole session", training.Mark{Number: " A1 ", Status: "present", Hours: 2, Reason: "病気"}, training.Mark{Number: "A1", Status: "present", Hours: 7}, false},
		{"partial keeps hours", training.Mark{Number: "A1", Status: "partial", Hours: 3.5}, training.Mark{Number: "A1", Status: "partial", Hours: 3.5}, false},
		{"partial with a reason", training.Mark{Number: "A1", Status: "partial", Hours: 5, Reason: "公務", Note: "午後会議"}, training.Mark{Number: "A1", Status: "partial", Hours: 5, Reason: "公務", Note: "午後会議"}, false},
		{"partial zero hours", training.Mark{Number: "A1", Status: "partial"}, training.Mark{}, true},
		{"partial as long as the session", training.Mark{Number: "A1", Status: "partial", Hours: 7}, training.Mark{}, true},
		{"absent needs a reason", training.Mark{Number: "A1", Status: "absent"}, training.Mark{}, true},
		{"absent その他 needs a text", training.Mark{Number: "A1", Status: "absent", Reason: "その他"}, training.Mark{}, true},
		{"absent with reason", training.Mark{Number: "A1", Status: "absent", Hours: 3, Reason: "休暇"}, training.Mark{Number: "A1", Status: "absent", Reason: "休暇"}, false},
		{"unknown reason", training.Mark{Number: "A1", Status: "absent", Reason: "寝坊"}, training.Mark{}, true},
		{"unknown status", training.Mark{Number: "A1", Status: "late"}, training.Mark{}, true},
		{"clear", training.Mark{Number: "A1", Status: "", Hours: 3, Reason: "病気"}, training.Mark{Number: "A1"}, false},
	}
	for _, c := range cases {
		m := c.in
		err := m.Normalize(7)
		if (err != nil) != c.err {
			t.Errorf("%s: error %v, want error %v", c.name, err, c.err)
			continue
		}
		if !c.err && m != c.want {
			t.Errorf("%s: %+v, want %+v", c.name, m, c.want)
		}
	}
}

func TestAttendanceCompletionAndCarryOverOnBothEngines(t *testing.T) {
	dbtest.ForEachBackend(t, func(t *testing.T, d *db.DB) {
		e := newRecEnv(t, d)
		ctx, muni := e.ctx, e.muni
		s1 := e.session(t, "NEW_HIRE", "2026-05-20")
		e.enrol(t, s1.ID, "R001", "R002")
		if _, err := e.ts.People(ctx, muni); err != nil { // warm the in-memory copy
			t.Fatal(err)
		}

		// Bulk marking: one present, one absent.
		err := e.ts.MarkAttendance(ctx, audit.System, muni, s1.ID, []training.Mark{
			{Number: "R001", Status: "present"}, {Number: "R002", Status: "absent", Reason: "病気"}})
		if err != nil {
			t.Fatal(err)
		}
		// The eligibility rules' people (kept in memory) see the completion.
		completed := func() map[string]int {
			people, err := e.ts.People(ctx, muni)
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]int{}
			for _, p := range people {
				if fy, ok := p.Completed["NEW_HIRE"]; ok {
					got[p.Number] = fy
				}
			}
			return got
		}
		if got := completed(); !reflect.DeepEqual(got, map[string]int{"R001": 2026}) {
			t.Fatalf("People() completions after marking = %v", got)
		}
		if got := e.certificate(t, s1.ID, "R001"); got != "令和8年度 第0001号" {
			t.Fatalf("certificate %q", got)
		}
		if got := e.certificate(t, s1.ID, "R002"); got != "" {
			t.Fatalf("absent person has certificate %q", got)
		}
		// Someone not enrolled cannot be marked, and nothing changes.
		err = e.ts.MarkAttendance(ctx, audit.System, muni, s1.ID, []training.Mark{{Number: "R002", Status: "present"}, {Number: "R004", Status: "present"}})
		wantCode(t, err, apperr.Invalid)
		if got := e.certificate(t, s1.ID, "R002"); got != "" {
			t.Fatal("a refused batch was partly saved")
		}
		rows, err := e.ts.Attendance(ctx, muni, s1.ID, staff.Scope{})
		// Ordered by department: 市民文化部 before 総務部.
		if err != nil || len(rows) != 2 || rows[1].Number != "R001" || rows[1].Hours != 7 || rows[0].Reason != "病気" {
			t.Fatalf("roster %+v %v", rows, err)
		}
		// A liaison of 市民文化部 sees only R002.
		rows, _ = e.ts.Attendance(ctx, muni, s1.ID, staff.Scope{UnitPath: "市民文化部"})
		if len(rows) != 1 || rows[0].Number != "R002" {
			t.Fatalf("scoped roster %+v", rows)
		}

		// 未受講: R002 was absent, R003 eligible and never enrolled.
		p, _ := e.ts.ProgramByCode(ctx, muni, "NEW_HIRE")
		e.clock = time.Date(2026, 6, 1, 1, 0, 0, 0, time.UTC)
		s2 := e.session(t, "NEW_HIRE", "2026-07-01")
		e.enrol(t, s2.ID, "R002")
		na, err := e.ts.NotAttended(ctx, muni, p, 2026, "", staff.Scope{})
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]string{}
		for _, x := range na {
			got[x.Number] = x.Reason
		}
		want := map[string]string{"R002": "欠席（病気）", "R003": "対象者・未登録"}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("not attended %v, want %v", got, want)
		}
		if na[0].NextID != s2.ID {
			t.Fatalf("R002 next session %d, want %d", na[0].NextID, s2.ID)
		}
		// Carried to the next session's page; nothing carried to the first.
		if na, _ := e.ts.NotAttended(ctx, muni, p, 2026, s2.First(), staff.Scope{UnitPath: "市民文化部"}); len(na) != 2 {
			t.Fatalf("carried to session 2: %+v", na)
		}
		if na, _ := e.ts.NotAttended(ctx, muni, p, 2026, s1.First(), staff.Scope{}); len(na) != 0 {
			t.Fatalf("carried to session 1: %+v", na)
		}

		// Partial attendance: 5 of 7 hours is below 75 %, 5.25 is enough.
		// Attendance is taken on the day of session 2.
		e.clock = time.Date(2026, 7, 1, 8, 0, 0, 0, time.UTC)
		if err := e.ts.MarkAttendance(ctx, audit.System, muni, s2.ID, []training.Mark{{Number: "R002", Status: "partial", Hours: 5}}); err != nil {
			t.Fatal(err)
		}
		if got := e.certificate(t, s2.ID, "R002"); got != "" {
			t.Fatalf("5 of 7 hours completed: %q", got)
		}
		if ok, missing, _ := e.ts.CompletionStatus(ctx, muni, s2.ID, e.ids["R002"]); ok || len(missing) != 1 {
			t.Fatalf("status %v %v", ok, missing)
		}
		if err := e.ts.MarkAttendance(ctx, audit.System, muni, s2.ID, []training.Mark{{Number: "R002", Status: "partial", Hours: 5.25}}); err != nil {
			t.Fatal(err)
		}
		if got := e.certificate(t, s2.ID, "R002"); got != "令和8年度 第0002号" {
			t.Fatalf("certificate %q", got)
		}
		// Attended now, so no longer 未受講.
		na, _ = e.ts.NotAttended(ctx, muni, p, 2026, "", staff.Scope{})
		if len(na) != 1 || na[0].Number != "R003" {
			t.Fatalf("not attended after session 2: %+v", na)
		}
		// A completion withdrawn and given again gets a new number.
		e.ts.MarkAttendance(ctx, audit.System, muni, s1.ID, []training.Mark{{Number: "R001", Status: "partial", Hours: 1}})
		if got := e.certificate(t, s1.ID, "R001"); got != "" {
			t.Fatalf("withdrawn completion still there: %q", got)
		}
		e.ts.MarkAttendance(ctx, audit.System, muni, s1.ID, []training.Mark{{Number: "R001", Status: "present"}})
		if got := e.certificate(t, s1.ID, "R001"); got != "令和8年度 第0003号" {
			t.Fatalf("certificate after re-marking %q", got)
		}

		// History with hours per fiscal year, external trainings included.
		x := &training.External{StaffID: e.ids["R002"], Title: "市町村職員研修", Organiser: "静岡県市長会", Start: "令和8年8月3日", End: "2026-08-04", Hours: 12}
		if err := e.ts.AddExternal(ctx, audit.System, muni, x); err != nil {
			t.Fatal(err)
		}
		h, err := e.ts.TrainingHistory(ctx, muni, e.ids["R002"])
		if err != nil {
			t.Fatal(err)
		}
		if len(h.Items) != 3 || len(h.ByFY) != 1 || h.ByFY[0].Internal != 5.25 || h.ByFY[0].External != 12 || h.ByFY[0].Completed != 1 {
			t.Fatalf("history %+v by FY %+v", h.Items, h.ByFY)
		}

		// A stricter rule, recomputed by the catalog's code in its own
		// transaction, withdraws the partial attendee's completion.
		p.CompletionMinPct = 100
		if err := e.ts.SaveProgram(ctx, audit.System, muni, p); err != nil {
			t.Fatal(err)
		}
		if err := e.ts.RecomputeCompletions(ctx, muni, s2.ID); err != nil {
			t.Fatal(err)
		}
		if got := e.certificate(t, s2.ID, "R002"); got != "" {
			t.Fatalf("completion kept under a 100%% rule: %q", got)
		}

		var n int
		d.R.QueryRow(`SELECT COUNT(*) FROM audit_log WHERE entity = 'attendance' AND municipality_id = $1`, muni).Scan(&n)
		if n != 5 {
			t.Fatalf("%d attendance audit entries, want 5", n)
		}
		if _, err := audit.Verify(ctx, d.R); err != nil {
			t.Fatal(err)
		}
	})
}

func TestCheckInOnBothEngines(t *testing.T) {
	dbtest.ForEachBackend(t, func(t *testing.T, d *db.DB) {
		e := newRecEnv(t, d)
		ctx, muni := e.ctx, e.muni
		x := e.session(t, "NEW_HIRE", "2026-05-21")
		e.enrol(t, x.ID, "R001")
		// The day before: nobody can have arrived, by QR or at the tablet.
		_, err := e.ts.CheckIn(ctx, audit.System, muni, x.ID, e.ids["R001"], training.ViaQR)
		wantCode(t, err, apperr.Conflict)
		_, err = e.ts.CheckIn(ctx, audit.System, muni, x.ID, e.ids["R001"], training.ViaTablet)
		wantCode(t, err, apperr.Conflict)
		e.clock = time.Date(2026, 5, 20, 23, 30, 0, 0, time.UTC) // 08:30 on the 21st in Japan
		already, err := e.ts.CheckIn(ctx, audit.System, muni, x.ID, e.ids["R001"], training.ViaQR)
		if err != nil || already {
			t.Fatalf("check-in: %v %v", already, err)
		}
		if already, err = e.ts.CheckIn(ctx, audit.System, muni, x.ID, e.ids["R001"], training.ViaTablet); err != nil || !already {
			t.Fatalf("second check-in: %v %v", already, err)
		}
		_, err = e.ts.CheckIn(ctx, audit.System, muni, x.ID, e.ids["R004"], training.ViaTablet)
		wantCode(t, err, apperr.NotFound)
		rows, _ := e.ts.Attendance(ctx, muni, x.ID, staff.Scope{})
		if len(rows) != 1 || rows[0].Status != training.AttendPresent || rows[0].CheckedInAt == nil || !rows[0].Completed {
			t.Fatalf("roster after check-in %+v", rows)
		}
	})
}
