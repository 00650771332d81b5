package training_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"hagukumi/audit"
	"hagukumi/auth"
	"hagukumi/calendar"
	"hagukumi/db"
	"hagukumi/db/dbtest"
	"hagukumi/staff"
	"hagukumi/training"
)

// The enrolment and attendance queries show a liaison only their own unit's
// people, also when unit names are LIKE metacharacters: a liaison of 総_部
// sees nothing of 総務部, a liaison of % sees only %'s staff.
func TestScopeWithLikeMetacharactersOnBothEngines(t *testing.T) {
	const file = "職員番号,氏名,採用日,雇用区分,職位,所属\n" +
		"U1,下線 一,2020/4/1,正規,主事,_\n" +
		"P1,百分 一,2020/4/1,正規,主事,%\n" +
		"B1,逆斜 一,2020/4/1,正規,主事,\\\n" +
		"S1,総下 一,2020/4/1,正規,主事,総_部 課\n" +
		"H1,百円 一,2020/4/1,正規,主事,100%\n" +
		"G1,総務 一,2020/4/1,正規,主事,総務部 人事課\n"
	all := []string{"U1", "P1", "B1", "S1", "H1", "G1"}
	dbtest.ForEachBackend(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		clock := time.Date(2026, 5, 20, 1, 0, 0, 0, time.UTC)
		now := func() time.Time { return clock }
		ss := &staff.Store{DB: d, Now: now}
		m, err := ss.EnsureMunicipality(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if res, err := ss.Import(ctx, m.ID, audit.System, "f.csv", []byte(file), staff.ImportOptions{AsOf: calendar.D(2026, 4, 1)}); err != nil || len(res.Errors) > 0 {
			t.Fatalf("import: %v %+v", err, res)
		}
		ts := &training.Store{DB: d, Now: now}
		if err := ts.EnsureCatalog(ctx, m.ID); err != nil {
			t.Fatal(err)
		}
		p, err := ts.ProgramByCode(ctx, m.ID, "NEW_HIRE")
		if err != nil {
			t.Fatal(err)
		}
		x := &training.Session{ProgramID: p.ID, FY: 2026, Title: "第1回", Venue: "本庁舎", Capacity: 30,
			Days: []training.Day{{Date: "2026-06-01", Start: "09:00", End: "16:00"}}}
		y := &training.Session{ProgramID: p.ID, FY: 2026, Title: "第2回", Venue: "本庁舎", Capacity: 30,
			Days: []training.Day{{Date: "2026-07-01", Start: "09:00", End: "16:00"}}}
		for _, s := range []*training.Session{x, y} {
			if err := ts.SaveSession(ctx, audit.System, m.ID, s); err != nil {
				t.Fatal(err)
			}
		}
		for _, n := range all {
			id, err := ts.StaffIDByNumber(ctx, m.ID, n)
			if err != nil {
				t.Fatal(err)
			}
			// Everyone is enrolled in x (its roster and attendance sheet)
			// and has applied for y (the approvals queue).
			for _, e := range []struct {
				session int64
				status  string
			}{{x.ID, "enrolled"}, {y.ID, "applied"}} {
				if _, err := d.W.ExecContext(ctx, `INSERT INTO enrolments (municipality_id, session_id, staff_id, status, source, created_at, updated_at)
					VALUES ($1, $2, $3, $4, 'application', $5, $5)`, m.ID, e.session, id, e.status, clock); err != nil {
					t.Fatal(err)
				}
			}
		}
		// A 所属長 for each unit, so that the approvals queue shows each
		// one the applications of their own unit.
		units, err := ss.Units(ctx, m.ID, 0)
		if err != nil {
			t.Fatal(err)
		}
		supervisor := map[string]int64{}
		for i, u := range units {
			if u.ParentID != 0 {
				continue
			}
			a, err := (&auth.Store{DB: d, Now: now}).CreateUser(ctx, m.ID, audit.System, auth.NewUser{Login: fmt.Sprintf("sup%d", i), Role: auth.Supervisor,
				UnitID: u.ID, Password: "Kacho-no-Pass-2025"})
			if err != nil {
				t.Fatal(err)
			}
			supervisor[u.Path] = a.ID
		}
		for _, c := range []struct {
			unit string
			want []string
		}{
			{"_", []string{"U1"}},
			{"%", []string{"P1"}},
			{`\`, []string{"B1"}},
			{"総_部", []string{"S1"}},
			{"100%", []string{"H1"}},
			{"総務部", []string{"G1"}},
		} {
			sc := auth.ScopeOf(&auth.User{Role: auth.Liaison, UnitPath: c.unit})
			roster, err := ts.SessionRoster(ctx, m.ID, x.ID, sc)
			if err != nil {
				t.Fatal(err)
			}
			v := training.Viewer{Role: auth.Supervisor, UnitPath: c.unit, Unit: sc}
			pending, err := ts.PendingApprovals(ctx, m.ID, v, supervisor[c.unit])
			if err != nil {
				t.Fatal(err)
			}
			att, err := ts.Attendance(ctx, m.ID, x.ID, sc)
			if err != nil {
				t.Fatal(err)
			}
			var got [3][]string
			for _, e := range roster {
				got[0] = append(got[0], e.Number)
			}
			for _, e := range pending {
				got[1] = append(got[1], e.Number)
			}
			for _, a := range att {
				got[2] = append(got[2], a.Number)
			}
			for i, what := range []string{"roster", "approvals", "attendance"} {
				slices.Sort(got[i])
				if !slices.Equal(got[i], c.want) {
					t.Errorf("liaison of %q: %s shows %v, want %v", c.unit, what, got[i], c.want)
				}
			}
		}
	})
}
