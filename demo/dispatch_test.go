package demo_test

import (
	"context"
	"testing"
	"time"

	"hagukumi/audit"
	"hagukumi/calendar"
	"hagukumi/db"
	"hagukumi/db/dbtest"
	"hagukumi/demo"
	"hagukumi/dispatch"
	"hagukumi/staff"
)

// TestDemoDispatch: the demo city has a menu of twenty topics for last
// year and this year, this year's requests in every state, last year's
// reported with feedback and declined for every reason; a second fill
// adds nothing.
func TestDemoDispatch(t *testing.T) {
	dbtest.ForEachBackend(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		now := time.Date(2026, 11, 20, 10, 0, 0, 0, calendar.JST)
		m, err := (&staff.Store{DB: d}).EnsureMunicipality(ctx)
		if err != nil {
			t.Fatal(err)
		}
		res, err := (&staff.Store{DB: d}).Import(ctx, m.ID, audit.System, "demo.csv", demo.CSV(300, 1, 1, now), staff.ImportOptions{AsOf: calendar.FiscalYearStart(2026)})
		if err != nil || !res.Applied {
			t.Fatalf("import %+v %v", res, err)
		}
		for i := 0; i < 2; i++ {
			if err := demo.FillDispatch(ctx, d, m.ID, now); err != nil {
				t.Fatal(err)
			}
		}
		var topics int
		if err := d.R.QueryRow(`SELECT COUNT(*) FROM dispatch_topics WHERE municipality_id = $1 AND fy = 2026`, m.ID).Scan(&topics); err != nil || topics != 20 {
			t.Fatalf("topics %d %v", topics, err)
		}
		st := &dispatch.Store{DB: d, Now: func() time.Time { return now }}
		list, err := st.List(ctx, m.ID, dispatch.Viewer{Center: true}, 2026)
		if err != nil {
			t.Fatal(err)
		}
		seen := map[string]bool{}
		for _, r := range list {
			seen[r.State] = true
		}
		for _, s := range dispatch.States {
			if !seen[s] {
				t.Errorf("this year has no request %s", s)
			}
		}
		f, err := st.Figures(ctx, m.ID, 2025)
		if err != nil {
			t.Fatal(err)
		}
		if f.Delivered == 0 || f.Feedbacks == 0 || f.Attendees == 0 {
			t.Errorf("last year's figures %+v", f)
		}
		for _, r := range dispatch.Reasons {
			if f.DeclinedBy[dispatch.ReasonLabel(r)] == 0 {
				t.Errorf("last year has no request declined for %s", dispatch.ReasonLabel(r))
			}
		}
	})
}
