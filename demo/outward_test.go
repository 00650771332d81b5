package demo_test

import (
	"context"
	"testing"
	"time"

	"hagukumi/audit"
	"hagukumi/auth"
	"hagukumi/calendar"
	"hagukumi/db"
	"hagukumi/db/dbtest"
	"hagukumi/demo"
	"hagukumi/joint"
	"hagukumi/secondment"
	"hagukumi/staff"
	"hagukumi/university"
)

// TestDemoOutward: the demo has the partners, 地方自治論A with 15 dates
// taught from several departments, the three 人材マネジメント部会 members of
// 令和4年度 with their papers, and joint trainings within their quotas.
func TestDemoOutward(t *testing.T) {
	if testing.Short() {
		t.Skip("fills a demo municipality")
	}
	dbtest.ForEachBackend(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		now := time.Date(2026, 11, 20, 10, 0, 0, 0, calendar.JST)
		fy := 2026
		m, err := (&staff.Store{DB: d}).EnsureMunicipality(ctx)
		if err != nil {
			t.Fatal(err)
		}
		// Only the staff: the outward demo needs no training year.
		res, err := (&staff.Store{DB: d}).Import(ctx, m.ID, audit.System, "demo.csv", demo.CSV(300, 1, 1, now), staff.ImportOptions{AsOf: calendar.FiscalYearStart(fy)})
		if err != nil || !res.Applied {
			t.Fatalf("import %+v %v", res, err)
		}
		if err := demo.FillOutward(ctx, d, m.ID, now); err != nil {
			t.Fatal(err)
		}
		us := &university.Store{DB: d}
		ps, err := us.Partners(ctx, m.ID)
		if err != nil || len(ps) != 9 {
			t.Fatalf("partners %d %v", len(ps), err)
		}
		cs, err := us.Courses(ctx, m.ID, fy, auth.Scope{})
		if err != nil || len(cs) != 5 {
			t.Fatalf("courses %d %v", len(cs), err)
		}
		units := map[string]bool{}
		for _, c := range cs {
			if c.Name == "地方自治論A" {
				if len(c.Lectures) != 15 {
					t.Errorf("地方自治論A has %d dates", len(c.Lectures))
				}
				for _, l := range c.Lectures {
					for _, x := range l.Lecturers {
						units[x.Unit] = true
					}
				}
			}
		}
		if len(units) < 4 {
			t.Errorf("lecturers from %d departments", len(units))
		}
		ss := &secondment.Store{DB: d, Now: func() time.Time { return now }}
		r4, err := ss.List(ctx, m.ID, auth.Scope{}, calendar.D(2022, 6, 1), calendar.D(2022, 6, 1))
		if err != nil || len(r4) != 3 || r4[0].Reports[0].Submitted == "" || r4[0].Kind != secondment.Research {
			t.Fatalf("令和4年度 %+v %v", r4, err)
		}
		running, _ := ss.List(ctx, m.ID, auth.Scope{}, calendar.Today(now), calendar.Today(now))
		overdue := 0
		for _, p := range running {
			overdue += p.ReportsOverdue
		}
		// The demo leaves the graduate school's last month's report open.
		if len(running) != 2 || overdue != 1 {
			t.Fatalf("running %d, overdue %d", len(running), overdue)
		}
		js := &joint.Store{DB: d}
		progs, err := js.Programmes(ctx, m.ID, fy)
		if err != nil || len(progs) != 4 {
			t.Fatalf("joint %d %v", len(progs), err)
		}
		f, _ := js.YearFigures(ctx, m.ID, fy)
		if f.Applicants != 8 || f.Completed != 6 {
			t.Fatalf("joint figures %+v", f)
		}
	})
}
