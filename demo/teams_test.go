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
	"hagukumi/staff"
)

// The demo shows both teams alive: a cohort a year from 令和2年度, a
// balanced membership, 4–8 items a proposal and every answer status.
func TestDemoTeams(t *testing.T) {
	dbtest.ForEachBackend(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		now := time.Date(2026, 11, 20, 3, 0, 0, 0, time.UTC)
		m, err := (&staff.Store{DB: d}).EnsureMunicipality(ctx)
		if err != nil {
			t.Fatal(err)
		}
		// The registry as the demo makes it, then the teams alone.
		ss := &staff.Store{DB: d}
		if res, err := ss.Import(ctx, m.ID, audit.System, "demo.csv", demo.CSV(600, 1, 1, now), staff.ImportOptions{AsOf: calendar.FiscalYearStart(calendar.CurrentFY(now))}); err != nil || len(res.Errors) > 0 {
			t.Fatalf("import %v %+v", err, res)
		}
		if err := demo.FillTeams(ctx, d, m.ID, 1, now); err != nil {
			t.Fatal(err)
		}
		count := func(q string, args ...any) int {
			var n int
			if err := d.R.QueryRow(q, args...).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		years := calendar.CurrentFY(now) - 2020 + 1
		if n := count(`SELECT COUNT(*) FROM team_cohorts WHERE fy >= 2020`); n != 2*years {
			t.Fatalf("%d cohorts, want %d", n, 2*years)
		}
		if n := count(`SELECT COUNT(*) FROM team_members m JOIN team_cohorts c ON c.id = m.cohort_id JOIN teams t ON t.id = c.team_id WHERE t.name = '女性活躍推進会議フジェンヌ' AND c.fy = 2022 AND m.gender = '女'`); n != 4 {
			t.Fatalf("フジェンヌ 令和4年度: %d women, want 4", n)
		}
		if n := count(`SELECT COUNT(*) FROM (SELECT proposal_id, COUNT(*) AS n FROM proposal_items GROUP BY proposal_id) x WHERE x.n < 4 OR x.n > 8`); n != 0 {
			t.Fatalf("%d proposals outside 4–8 items", n)
		}
		for _, st := range []string{"reflected", "partly", "considering", "declined"} {
			if n := count(`SELECT COUNT(*) FROM proposal_responses WHERE status = $1`, st); n == 0 {
				t.Errorf("no answer %s", st)
			}
		}
		if n := count(`SELECT COUNT(*) FROM team_files`); n != 2*years {
			t.Fatalf("%d files", n)
		}
	})
}
