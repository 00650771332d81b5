package secondment_test

import (
	"context"
	"testing"
	"time"

	"hagukumi/apperr"
	"hagukumi/audit"
	"hagukumi/auth"
	"hagukumi/calendar"
	"hagukumi/db"
	"hagukumi/db/dbtest"
	"hagukumi/secondment"
)

func TestPlacementsOnBothEngines(t *testing.T) {
	dbtest.ForEachBackend(t, func(t *testing.T, d *db.DB) {
		ctx, created := context.Background(), time.Now()
		muni, err := db.Insert(ctx, d.W, `INSERT INTO municipalities (code, name, center_name, created_at) VALUES ('s', '派遣市', 'センター', $1) RETURNING id`, created)
		if err != nil {
			t.Fatal(err)
		}
		unit, err := db.Insert(ctx, d.W, `INSERT INTO org_units (municipality_id, name, level, path, from_fy, created_at) VALUES ($1, '企画課', 1, '/企画課', 2020, $2) RETURNING id`, muni, created)
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range []string{"S1", "S2"} {
			if _, err := d.W.ExecContext(ctx, `INSERT INTO staff (municipality_id, number, family_name, hire_date, employment_type, unit_id, created_at, updated_at)
				VALUES ($1, $2, '派遣', '2010-04-01', '正規', $3, $4, $4)`, muni, n, unit, created); err != nil {
				t.Fatal(err)
			}
		}
		now := time.Date(2026, 7, 15, 9, 0, 0, 0, calendar.JST)
		st := &secondment.Store{DB: d, Now: func() time.Time { return now }}
		grad := &secondment.Placement{Number: "S1", Host: "静岡県立大学大学院", Kind: secondment.Graduate, From: calendar.D(2026, 4, 1), To: calendar.D(2027, 3, 31)}
		if err := st.Create(ctx, audit.System, muni, grad); err != nil {
			t.Fatal(err)
		}
		if grad.Basis != "地方公務員法39条（派遣研修）" || len(grad.Reports) != 13 {
			t.Fatalf("graduate placement %+v", grad)
		}
		city := &secondment.Placement{Number: "S2", Host: "静岡県", Kind: secondment.Prefect, From: calendar.D(2025, 4, 1), To: calendar.D(2026, 3, 31)}
		if err := st.Create(ctx, audit.System, muni, city); err != nil {
			t.Fatal(err)
		}
		if apperr.CodeOf(st.Create(ctx, audit.System, muni, &secondment.Placement{Number: "NOPE", Host: "国", Kind: secondment.National, From: calendar.D(2026, 4, 1), To: calendar.D(2027, 3, 31)})) != apperr.Invalid {
			t.Fatal("an unknown number must be refused")
		}
		// On 15 July the April, May and June reports (due 10 May, June, July) are late.
		on := calendar.D(2026, 7, 15)
		ps, err := st.List(ctx, muni, auth.Scope{}, on, on)
		if err != nil || len(ps) != 1 || ps[0].Number != "S1" || ps[0].ReportsOverdue != 3 {
			t.Fatalf("active %+v %v", ps, err)
		}
		// A late report handed in clears one from the count.
		if err := st.Submit(ctx, audit.System, muni, auth.Scope{}, ps[0].Reports[0].ID, "4月.pdf", []byte("%PDF")); err != nil {
			t.Fatal(err)
		}
		// Someone else's report is not found for a staff member.
		if apperr.CodeOf(st.Submit(ctx, audit.System, muni, auth.Scope{StaffID: city.StaffID}, ps[0].Reports[1].ID, "x.pdf", []byte("x"))) != apperr.NotFound {
			t.Fatal("another person's report must not be found")
		}
		ps, _ = st.List(ctx, muni, auth.Scope{}, on, on)
		if ps[0].ReportsOverdue != 2 || ps[0].Reports[0].Submitted != "2026-07-15" {
			t.Fatalf("after submitting %+v", ps[0])
		}
		// 丹波市's rule on the registry: S1 was hired in 2010 and has no birth date on file.
		tamba := secondment.Rule{MinYears: 5, MaxAge: 40, NeedCommitment: true}
		if why, err := st.Eligibility(ctx, muni, auth.Scope{}, "S1", tamba, calendar.D(2026, 1, 31), true); err != nil || len(why) != 1 || why[0] != "年齢の上限を超えています" {
			t.Fatalf("eligibility %v %v", why, err)
		}
		if why, _ := st.Eligibility(ctx, muni, auth.Scope{}, "S1", secondment.Rule{MinYears: 5}, calendar.D(2026, 1, 31), false); len(why) != 0 {
			t.Fatalf("eligible S1 refused: %v", why)
		}
		if _, err := st.Eligibility(ctx, muni, auth.Scope{StaffID: city.StaffID}, "S1", tamba, calendar.D(2026, 1, 31), true); apperr.CodeOf(err) != apperr.NotFound {
			t.Fatalf("another person's eligibility: %v", err)
		}
		f, err := st.YearFigures(ctx, muni, 2025)
		if err != nil || len(f) != 1 || f[0].Kind != secondment.Prefect || f[0].Count != 1 {
			t.Fatalf("figures 2025 %+v %v", f, err)
		}
		if f, _ := st.YearFigures(ctx, muni, 2026); len(f) != 1 || f[0].Kind != secondment.Graduate {
			t.Fatalf("figures 2026 %+v", f)
		}
	})
}
