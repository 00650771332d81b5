package demo

import (
	"context"
	"testing"
	"time"

	"hagukumi/audit"
	"hagukumi/competency"
	"hagukumi/db"
	"hagukumi/db/dbtest"
	"hagukumi/ojt"
	"hagukumi/staff"
)

// The demo has a 保健師 OJT template and about a third of the staff with
// this year's 自己申告, some commented; a second fill adds nothing.
func TestFillOJTMore(t *testing.T) {
	dbtest.ForEachBackend(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		now := time.Date(2026, 12, 7, 3, 0, 0, 0, time.UTC)
		st := &staff.Store{DB: d, Now: func() time.Time { return now }}
		m, err := st.EnsureMunicipality(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := st.Import(ctx, m.ID, audit.System, "demo.csv", CSV(300, 1, 1, now), staff.ImportOptions{AsOf: time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)}); err != nil {
			t.Fatal(err)
		}
		for range 2 {
			if err := FillOJTMore(ctx, d, m.ID, now); err != nil {
				t.Fatal(err)
			}
		}
		c, err := (&competency.Store{DB: d}).CountCareerNotes(ctx, m.ID, 2026)
		if err != nil {
			t.Fatal(err)
		}
		if c.Submitted < c.Staff/4 || c.Submitted > c.Staff/2 || c.Commented == 0 || c.Commented >= c.Submitted || len(c.ByDepartment) < 3 {
			t.Errorf("career notes %d of %d, commented %d, departments %d", c.Submitted, c.Staff, c.Commented, len(c.ByDepartment))
		}
		tp, err := (&ojt.Store{DB: d}).TemplateOf(ctx, m.ID, "保健師")
		if err != nil || tp.Goals[0] != "地区の状況と関係機関を知る" || len(tp.Goals) != 12 {
			t.Errorf("保健師 template %+v %v", tp, err)
		}
	})
}
