package training_test

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"hagukumi/apperr"
	"hagukumi/audit"
	"hagukumi/auth"
	"hagukumi/db"
	"hagukumi/db/dbtest"
	"hagukumi/training"
)

func TestSessionLifecycleRules(t *testing.T) {
	days := []training.Day{{Date: "2026-06-10"}, {Date: "2026-06-11"}}
	x := func(cancelled bool, today string) *training.Session {
		return &training.Session{Days: days, Status: training.SessionStatus(days, cancelled, today)}
	}
	for _, c := range []struct {
		today     string
		cancelled bool
		status    string
		mark      apperr.Code // MayMarkAttendance ("" for allowed)
		staff     apperr.Code // MayCancel, not center
		center    apperr.Code // MayCancel, center
	}{
		{"2026-06-09", false, training.SessionPlanned, apperr.Conflict, "", ""},
		{"2026-06-10", false, training.SessionPlanned, "", apperr.Conflict, ""},
		{"2026-06-11", false, training.SessionPlanned, "", apperr.Conflict, ""},
		{"2026-06-12", false, training.SessionHeld, "", apperr.Conflict, ""},
		{"2026-06-09", true, training.SessionCancelled, apperr.Invalid, apperr.Conflict, apperr.Conflict},
		{"2026-06-12", true, training.SessionCancelled, apperr.Invalid, apperr.Conflict, apperr.Conflict},
	} {
		s := x(c.cancelled, c.today)
		if s.Status != c.status {
			t.Errorf("%s cancelled=%v: status %s, want %s", c.today, c.cancelled, s.Status, c.status)
		}
		if got := codeOf(training.MayMarkAttendance(s, c.today)); got != c.mark {
			t.Errorf("%s cancelled=%v: MayMarkAttendance %q, want %q", c.today, c.cancelled, got, c.mark)
		}
		if got := codeOf(training.MayCancel(false, s, c.today)); got != c.staff {
			t.Errorf("%s cancelled=%v: MayCancel(staff) %q, want %q", c.today, c.cancelled, got, c.staff)
		}
		if got := codeOf(training.MayCancel(true, s, c.today)); got != c.center {
			t.Errorf("%s cancelled=%v: MayCancel(center) %q, want %q", c.today, c.cancelled, got, c.center)
		}
		wantCert := apperr.Code("")
		if c.today < "2026-06-10" {
			wantCert = apperr.Conflict
		}
		if got := codeOf(training.MayIssueCertificate(s, c.today)); got != wantCert {
			t.Errorf("%s: MayIssueCertificate %q, want %q", c.today, got, wantCert)
		}
	}
	if got := training.SessionStatus(nil, false, "2030-01-01"); got != training.SessionPlanned {
		t.Errorf("a session without days is %s", got)
	}
}

// completionGen reads the completion generation.
func completionGen(t *testing.T, e *recEnv) int64 {
	t.Helper()
	g, err := audit.ReadGens(e.ctx, e.d, e.muni)
	if err != nil {
		t.Fatal(err)
	}
	return g.Completion
}

// A scripted life of a session: nothing can be recorded before its day,
// staff cannot cancel once it has begun, the center's correction removes
// attendance and completion, and afterwards no enrolment in the database
// is 取消 with attendance or a completion. Every completion-changing
// write moves the completion generation.
func TestSessionLifecycleOnBothEngines(t *testing.T) {
	dbtest.ForEachBackend(t, func(t *testing.T, d *db.DB) {
		e := newRecEnv(t, d)
		ctx, muni := e.ctx, e.muni
		x := e.session(t, "NEW_HIRE", "2026-06-10")
		e.enrol(t, x.ID, "R001", "R002", "R003")
		enrolmentOf := func(number string) int64 {
			var id int64
			if err := d.R.QueryRow(`SELECT id FROM enrolments WHERE session_id = $1 AND staff_id = $2`, x.ID, e.ids[number]).Scan(&id); err != nil {
				t.Fatal(err)
			}
			return id
		}
		present := []training.Mark{{Number: "R001", Status: training.AttendPresent}, {Number: "R002", Status: training.AttendPresent}}

		// Before the day: no marks, no check-in.
		wantCode(t, e.ts.MarkAttendance(ctx, audit.System, muni, x.ID, present), apperr.Conflict)
		_, err := e.ts.CheckIn(ctx, audit.System, muni, x.ID, e.ids["R003"], training.ViaTablet)
		wantCode(t, err, apperr.Conflict)
		if got, _ := e.ts.SessionByID(ctx, muni, x.ID); got.Status != training.SessionPlanned {
			t.Fatalf("status before the day %s", got.Status)
		}

		// On the day, every completion-changing write moves the generation.
		e.clock = time.Date(2026, 6, 10, 0, 0, 0, 0, time.UTC)
		staffViewer := training.Viewer{Role: auth.Staff, StaffID: e.ids["R002"]}
		p, _ := e.ts.ProgramByCode(ctx, muni, "NEW_HIRE")
		writes := []struct {
			name string
			call func() error
		}{
			{"MarkAttendance", func() error { return e.ts.MarkAttendance(ctx, audit.System, muni, x.ID, present) }},
			{"CheckIn", func() error {
				_, err := e.ts.CheckIn(ctx, audit.System, muni, x.ID, e.ids["R003"], training.ViaTablet)
				return err
			}},
			{"Cancel", func() error {
				// Staff may not cancel once the session has begun; the
				// center's correction removes attendance and completion.
				wantCode(t, e.ts.Cancel(ctx, audit.System, muni, staffViewer, enrolmentOf("R002"), "都合"), apperr.Conflict)
				return e.ts.Cancel(ctx, audit.System, muni, center, enrolmentOf("R001"), "誤って出席にしたため")
			}},
			{"SaveProgram", func() error {
				p.Code = "NEW_HIRE2" // People() knows completions by code
				return e.ts.SaveProgram(ctx, audit.System, muni, p)
			}},
			{"RecomputeCompletions", func() error {
				if _, err := d.W.Exec(`DELETE FROM completions WHERE session_id = $1 AND staff_id = $2`, x.ID, e.ids["R002"]); err != nil {
					t.Fatal(err)
				}
				return e.ts.RecomputeCompletions(ctx, muni, x.ID)
			}},
		}
		for _, w := range writes {
			before := completionGen(t, e)
			if err := w.call(); err != nil {
				t.Fatalf("%s: %v", w.name, err)
			}
			if after := completionGen(t, e); after <= before {
				t.Errorf("%s did not move the completion generation (%d → %d)", w.name, before, after)
			}
		}
		if got := e.certificate(t, x.ID, "R001"); got != "" {
			t.Fatalf("the cancelled R001 still holds certificate %s", got)
		}
		if got := e.certificate(t, x.ID, "R002"); got == "" {
			t.Fatal("R002 attended and holds no certificate")
		}

		// After the last day the session is 実施済 by itself.
		e.clock = time.Date(2026, 6, 11, 0, 0, 0, 0, time.UTC)
		if got, _ := e.ts.SessionByID(ctx, muni, x.ID); got.Status != training.SessionHeld {
			t.Fatalf("status after the day %s", got.Status)
		}

		// No enrolment anywhere is 取消 with attendance or a completion.
		var bad int
		if err := d.R.QueryRow(`SELECT COUNT(*) FROM enrolments e WHERE e.status = 'cancelled' AND (
			EXISTS (SELECT 1 FROM attendance a WHERE a.session_id = e.session_id AND a.staff_id = e.staff_id)
			OR EXISTS (SELECT 1 FROM completions c WHERE c.session_id = e.session_id AND c.staff_id = e.staff_id))`).Scan(&bad); err != nil {
			t.Fatal(err)
		}
		if bad != 0 {
			t.Fatalf("%d cancelled enrolments with attendance or completion", bad)
		}
	})
}

// The table above names every exported method of training.Store whose
// name says it records attendance or completions.
func TestCompletionWritesAreListed(t *testing.T) {
	listed := map[string]bool{"MarkAttendance": true, "CheckIn": true, "Cancel": true, "SaveProgram": true, "RecomputeCompletions": true}
	st := reflect.TypeOf(&training.Store{})
	for i := range st.NumMethod() {
		name := st.Method(i).Name
		if (strings.HasPrefix(name, "MarkAttendance") || strings.HasPrefix(name, "CheckIn") || strings.HasPrefix(name, "Recompute")) && !listed[name] {
			t.Errorf("%s may change completions and is not in TestSessionLifecycleOnBothEngines", name)
		}
	}
}

// codeOf is an error's code, "" for none.
func codeOf(err error) apperr.Code {
	if err == nil {
		return ""
	}
	return apperr.CodeOf(err)
}
