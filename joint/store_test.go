package joint_test

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
	"hagukumi/joint"
)

// seed makes a municipality with two departments and three staff members,
// and returns its id and the staff ids by number.
func seed(t *testing.T, d *db.DB) (int64, map[string]int64) {
	t.Helper()
	ctx, now := context.Background(), time.Now()
	muni, err := db.Insert(ctx, d.W, `INSERT INTO municipalities (code, name, center_name, created_at) VALUES ('j', '共同市', 'センター', $1) RETURNING id`, now)
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]int64{}
	for i, u := range []string{"総務部", "福祉部"} {
		unit, err := db.Insert(ctx, d.W, `INSERT INTO org_units (municipality_id, name, level, path, from_fy, created_at) VALUES ($1, $2, 1, $3, 2020, $4) RETURNING id`, muni, u, "/"+u, now)
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range []string{"J1", "J2"}[:2-i] {
			number := n + u[:3]
			id, err := db.Insert(ctx, d.W, `INSERT INTO staff (municipality_id, number, family_name, given_name, hire_date, employment_type, unit_id, created_at, updated_at)
				VALUES ($1, $2, '共同', $3, '2015-04-01', '正規', $4, $5, $5) RETURNING id`, muni, number, n, unit, now)
			if err != nil {
				t.Fatal(err)
			}
			ids[number] = id
		}
	}
	return muni, ids
}

func TestQuotaAndCompletionOnBothEngines(t *testing.T) {
	dbtest.ForEachBackend(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		muni, ids := seed(t, d)
		now := time.Date(2026, 5, 1, 10, 0, 0, 0, calendar.JST)
		st := &joint.Store{DB: d, Now: func() time.Time { return now }}
		p := &joint.Programme{Name: "政策法務研修", Host: "静岡県市長会・町村会", Quota: 2, StartsOn: calendar.D(2026, 6, 10), EndsOn: calendar.D(2026, 6, 11), Hours: 12, ApplyBy: calendar.D(2026, 5, 15)}
		if err := st.CreateProgramme(ctx, audit.System, muni, p); err != nil {
			t.Fatal(err)
		}
		numbers := []string{"J1総", "J1福", "J2総"}
		if len(ids) != 3 {
			t.Fatalf("seed %v", ids)
		}
		var first joint.Application
		for i, n := range numbers[:2] {
			a, err := st.Apply(ctx, audit.System, muni, auth.Scope{}, p.ID, n, "")
			if err != nil {
				t.Fatal(err)
			}
			if i == 0 {
				first = a
			}
		}
		// The third is beyond the quota: a conflict, and nothing written.
		_, err := st.Apply(ctx, audit.System, muni, auth.Scope{}, p.ID, numbers[2], "")
		if apperr.CodeOf(err) != apperr.Conflict {
			t.Fatalf("over quota: %v", err)
		}
		if apps, _ := st.Applications(ctx, muni, auth.Scope{}, p.ID); len(apps) != 2 {
			t.Fatalf("applications after refusal: %d", len(apps))
		}
		// A liaison of 福祉部 cannot apply for 総務部 staff: not found, before any quota.
		if _, err := st.Apply(ctx, audit.System, muni, auth.Scope{UnitPath: "/福祉部"}, p.ID, "J2総", ""); apperr.CodeOf(err) != apperr.NotFound {
			t.Fatalf("out of scope: %v", err)
		}
		// Completion reaches the person's history as an external training.
		if err := st.SetStatus(ctx, audit.System, muni, first.ID, joint.Completed); err != nil {
			t.Fatal(err)
		}
		var title string
		if err := d.R.QueryRowContext(ctx, `SELECT title FROM external_trainings WHERE municipality_id = $1 AND staff_id = $2`, muni, first.StaffID).Scan(&title); err != nil || title != "政策法務研修" {
			t.Fatalf("history: %q %v", title, err)
		}
		f, err := st.YearFigures(ctx, muni, 2026)
		if err != nil || f.Programmes != 1 || f.Applicants != 2 || f.Completed != 1 || f.Accepted != 1 {
			t.Fatalf("figures %+v %v", f, err)
		}
		// Cancelling frees a place; after the change deadline it is refused.
		now = time.Date(2026, 6, 9, 18, 0, 0, 0, calendar.JST)
		apps, _ := st.Applications(ctx, muni, auth.Scope{}, p.ID)
		if err := st.SetStatus(ctx, audit.System, muni, apps[1].ID, joint.Cancelled); apperr.CodeOf(err) != apperr.Invalid {
			t.Fatalf("cancel after deadline: %v", err)
		}
		// After the apply deadline only late additions are taken.
		if _, err := st.Apply(ctx, audit.System, muni, auth.Scope{}, p.ID, numbers[2], ""); apperr.CodeOf(err) != apperr.Invalid {
			t.Fatalf("late without reason: %v", err)
		}
	})
}

// TestDecideOnBothEngines: the host's notice accepts places by the
// programme's policy; a lottery with the same seed draws the same people.
func TestDecideOnBothEngines(t *testing.T) {
	dbtest.ForEachBackend(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		muni, _ := seed(t, d)
		now := time.Date(2026, 5, 1, 10, 0, 0, 0, calendar.JST)
		st := &joint.Store{DB: d, Now: func() time.Time { return now }}
		draw := func(policy joint.Policy, name string) []int64 {
			p := &joint.Programme{Name: name, Host: "JIAM", Quota: 3, Policy: policy, StartsOn: calendar.D(2026, 6, 10), EndsOn: calendar.D(2026, 6, 11), ApplyBy: calendar.D(2026, 5, 15)}
			if err := st.CreateProgramme(ctx, audit.System, muni, p); err != nil {
				t.Fatal(err)
			}
			var order []int64
			for _, n := range []string{"J1総", "J1福", "J2総"} {
				a, err := st.Apply(ctx, audit.System, muni, auth.Scope{}, p.ID, n, "")
				if err != nil {
					t.Fatal(err)
				}
				order = append(order, a.StaffID)
			}
			dec, err := st.Decide(ctx, audit.System, muni, p.ID, 1, 7)
			if err != nil || len(dec.Accepted) != 1 || len(dec.Rejected) != 2 {
				t.Fatalf("%s: %+v %v", name, dec, err)
			}
			apps, _ := st.Applications(ctx, muni, auth.Scope{}, p.ID)
			var accepted []int64
			for _, a := range apps {
				if a.Status == joint.Accepted {
					accepted = append(accepted, a.StaffID)
				}
			}
			if f, _ := st.Programme(ctx, muni, p.ID); f.Taken != 1 {
				t.Fatalf("%s: places taken after the notice %d", name, f.Taken)
			}
			return append(accepted, order[0])
		}
		if fc := draw(joint.FirstCome, "先着"); fc[0] != fc[1] {
			t.Fatalf("first come accepted %d, not the first applicant %d", fc[0], fc[1])
		}
		a, b := draw(joint.Lottery, "抽選1"), draw(joint.Lottery, "抽選2")
		if a[0] != b[0] {
			t.Fatalf("the same seed drew %d and %d", a[0], b[0])
		}
	})
}
