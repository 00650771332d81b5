package ojt

import (
	"context"
	"testing"
	"time"

	"hagukumi/audit"
	"hagukumi/auth"
	"hagukumi/db"
	"hagukumi/db/dbtest"
	"hagukumi/staff"
)

const head = "職員番号,氏名,フリガナ,性別,生年月日,採用日,雇用区分,職種,職位,職位発令日,所属,出身大学,メール,在職状況\n"

// Plans are made for the year's new hires of the chosen types, once; a
// mid-year hire's plan runs from the hire date with one goal a month.
func TestCreatePlansForNewHires(t *testing.T) {
	dbtest.ForEachBackend(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		now := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
		st := &staff.Store{DB: d, Now: func() time.Time { return now }}
		a, err := st.EnsureMunicipality(ctx)
		if err != nil {
			t.Fatal(err)
		}
		csv := head +
			"N1,新 一,シン イチ,男,2003/4/4,2026/4/1,正規,一般事務,主事,2026/4/1,総務部 人事課,,,在職\n" +
			"N2,新 二,シン ニ,女,2000/1/1,2026/10/1,正規,保健師,主事,2026/10/1,健康福祉部 健康課,,,在職\n" +
			"N3,新 三,シン サン,女,2000/1/1,2026/4/1,会計年度任用,一般事務,,,総務部 人事課,,,在職\n" +
			"O1,旧 一,キュウ イチ,男,1990/1/1,2015/4/1,正規,一般事務,主任主事,2020/4/1,総務部 人事課,,,在職\n"
		if res, err := st.Import(ctx, a.ID, audit.System, "s.csv", []byte(csv), staff.ImportOptions{AsOf: time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC), Confirm: true}); err != nil || !res.Applied {
			t.Fatalf("import %v %+v", err, res)
		}
		s := &Store{DB: d, Now: func() time.Time { return now }}
		n, err := s.CreatePlansForNewHires(ctx, audit.System, a.ID, 2026, nil)
		if err != nil || n != 2 {
			t.Fatalf("made %d plans (%v), want N1 and N2", n, err)
		}
		if n, _ := s.CreatePlansForNewHires(ctx, audit.System, a.ID, 2026, nil); n != 0 {
			t.Errorf("made %d plans again", n)
		}
		if n, _ := s.CreatePlansForNewHires(ctx, audit.System, a.ID, 2026, []string{staff.FiscalYear}); n != 1 {
			t.Errorf("with 会計年度任用: %d, want N3", n)
		}
		plans, err := s.Plans(ctx, a.ID, 2026, auth.Scope{})
		if err != nil || len(plans) != 3 {
			t.Fatalf("plans %d %v", len(plans), err)
		}
		for _, p := range plans {
			dt, err := s.Plan(ctx, a.ID, p.ID)
			if err != nil {
				t.Fatal(err)
			}
			switch p.Trainee {
			case "N1":
				if len(dt.Goals) != 12 || dt.Start != "2026-04-01" || p.Overdue != 7 || p.State != StateNoTrainer {
					t.Errorf("N1: %d goals from %s, overdue %d, state %s", len(dt.Goals), dt.Start, p.Overdue, p.State)
				}
			case "N2":
				if len(dt.Goals) != 6 || dt.Start != "2026-10-01" || dt.Goals[0].Month != "2026-10" || p.Overdue != 1 {
					t.Errorf("N2: %d goals from %s, overdue %d", len(dt.Goals), dt.Start, p.Overdue)
				}
			}
		}
		// A liaison of 総務部 sees only that department's plans.
		scoped, err := s.Plans(ctx, a.ID, 2026, auth.Scope{UnitPath: "総務部"})
		if err != nil || len(scoped) != 2 {
			t.Errorf("scoped plans %d %v, want N1 and N3", len(scoped), err)
		}
		c, err := s.CountFY(ctx, a.ID, 2026)
		if err != nil || c.Plans != 3 || c.Completed != 0 {
			t.Errorf("counts %+v %v", c, err)
		}
	})
}
