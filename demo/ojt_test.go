package demo

import (
	"context"
	"testing"
	"time"

	"hagukumi/audit"
	"hagukumi/auth"
	"hagukumi/competency"
	"hagukumi/db"
	"hagukumi/db/dbtest"
	"hagukumi/ojt"
	"hagukumi/staff"
	"hagukumi/training"
)

// The demo shows OJT alive: this year's new hires have plans, most with a
// trainer chosen by the rules, one with a warning overridden with a reason,
// some behind; the framework has 15 competencies and programmes mapped.
func TestFillOJT(t *testing.T) {
	dbtest.ForEachBackend(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		now := time.Date(2026, 12, 7, 3, 0, 0, 0, time.UTC)
		st := &staff.Store{DB: d, Now: func() time.Time { return now }}
		m, err := st.EnsureMunicipality(ctx)
		if err != nil {
			t.Fatal(err)
		}
		// The staff and the catalog as fill makes them, without the training
		// year, which FillOJT does not need.
		asOf := time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)
		if _, err := st.Import(ctx, m.ID, audit.System, "demo.csv", CSV(400, 1, 1, now), staff.ImportOptions{AsOf: asOf}); err != nil {
			t.Fatal(err)
		}
		if err := (&training.Store{DB: d}).EnsureCatalog(ctx, m.ID); err != nil {
			t.Fatal(err)
		}
		if err := FillOJT(ctx, d, m.ID, now); err != nil {
			t.Fatal(err)
		}
		os := &ojt.Store{DB: d, Now: func() time.Time { return now }}
		plans, err := os.Plans(ctx, m.ID, 2026, auth.Scope{})
		if err != nil {
			t.Fatal(err)
		}
		var trained, overridden, behind int
		for _, p := range plans {
			if p.Trainer != nil {
				trained++
			}
			if p.OverrideReason != "" {
				overridden++
			}
			if p.Overdue > 0 {
				behind++
			}
		}
		if len(plans) < 3 || trained < len(plans)/2 || overridden != 1 || behind == 0 || behind == len(plans) {
			t.Errorf("%d plans, %d with a trainer, %d overridden, %d behind", len(plans), trained, overridden, behind)
		}
		f, err := (&competency.Store{DB: d, Now: func() time.Time { return now }}).InForce(ctx, m.ID)
		if err != nil || len(f.Competencies) != 15 {
			t.Fatalf("framework: %v", err)
		}
		mp, err := (&competency.Store{DB: d}).Mapping(ctx, m.ID)
		if err != nil || len(mp) < 10 {
			t.Errorf("mapping %v %v", mp, err)
		}
	})
}
