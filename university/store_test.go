package university_test

import (
	"context"
	"testing"
	"time"

	"hagukumi/apperr"
	"hagukumi/audit"
	"hagukumi/auth"
	"hagukumi/db"
	"hagukumi/db/dbtest"
	"hagukumi/university"
)

// seedStaff makes a municipality with one staff member in each of the
// given departments, numbered U1, U2…, and returns the municipality.
func seedStaff(t *testing.T, d *db.DB, units ...string) int64 {
	t.Helper()
	ctx, now := context.Background(), time.Now()
	muni, err := db.Insert(ctx, d.W, `INSERT INTO municipalities (code, name, center_name, created_at) VALUES ('u', '大学市', 'センター', $1) RETURNING id`, now)
	if err != nil {
		t.Fatal(err)
	}
	for i, u := range units {
		unit, err := db.Insert(ctx, d.W, `INSERT INTO org_units (municipality_id, name, level, path, from_fy, created_at) VALUES ($1, $2, 1, $3, 2020, $4) RETURNING id`, muni, u, "/"+u, now)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := d.W.ExecContext(ctx, `INSERT INTO staff (municipality_id, number, family_name, hire_date, employment_type, unit_id, created_at, updated_at)
			VALUES ($1, $2, '講師', '2010-04-01', '正規', $3, $4, $4)`, muni, "U"+string(rune('1'+i)), unit, now); err != nil {
			t.Fatal(err)
		}
	}
	return muni
}

func TestCoursesOnBothEngines(t *testing.T) {
	dbtest.ForEachBackend(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		muni := seedStaff(t, d, "企画政策課", "財政課")
		st := &university.Store{DB: d}
		p := &university.Partner{Name: "静岡産業大学", Kind: "大学"}
		if err := st.CreatePartner(ctx, audit.System, muni, p); err != nil {
			t.Fatal(err)
		}
		if err := st.AddAgreement(ctx, audit.System, muni, p.ID, &university.Agreement{Kind: "包括連携協定", SignedOn: "2012-07-01"}); err != nil {
			t.Fatal(err)
		}
		if apperr.CodeOf(st.AddAgreement(ctx, audit.System, muni, 99999, &university.Agreement{Kind: "覚書", SignedOn: "2012-07-01"})) != apperr.NotFound {
			t.Fatal("an agreement with an unknown partner must be refused")
		}
		ps, err := st.Partners(ctx, muni)
		if err != nil || len(ps) != 1 || len(ps[0].Agreements) != 1 || ps[0].Agreements[0].SignedOn != "2012-07-01" {
			t.Fatalf("partners %+v %v", ps, err)
		}
		c := &university.Course{PartnerID: p.ID, FY: 2026, Name: "地方自治論A", Term: "前期", Credits: 2}
		if err := st.CreateCourse(ctx, audit.System, muni, c); err != nil {
			t.Fatal(err)
		}
		for _, l := range []university.Lecture{
			{Date: "2026-04-10", Hours: 1.5, Lecturers: []university.Lecturer{{Number: "U1"}}},
			{Date: "2026-04-17", Hours: 1.5, Lecturers: []university.Lecturer{{Number: "U1"}, {Number: "U2"}}},
			{Date: "2026-04-24", Hours: 1.5, Lecturers: []university.Lecturer{{Number: "U2"}}},
		} {
			if err := st.AddLecture(ctx, audit.System, muni, c.ID, &l); err != nil {
				t.Fatal(err)
			}
		}
		if apperr.CodeOf(st.AddLecture(ctx, audit.System, muni, c.ID, &university.Lecture{Date: "2026-05-01", Lecturers: []university.Lecturer{{Number: "NOPE"}}})) != apperr.Invalid {
			t.Fatal("an unknown lecturer must be refused")
		}
		all, err := st.Courses(ctx, muni, 2026, auth.Scope{})
		if err != nil || len(all) != 1 || len(all[0].Lectures) != 3 || len(all[0].Lectures[1].Lecturers) != 2 {
			t.Fatalf("courses %+v %v", all, err)
		}
		// The 財政課 所属長 sees only the dates their staff teach.
		mine, err := st.Courses(ctx, muni, 2026, auth.Scope{UnitPath: "/財政課"})
		if err != nil || len(mine) != 1 || len(mine[0].Lectures) != 2 || mine[0].Lectures[0].Date != "2026-04-17" {
			t.Fatalf("scoped courses %+v %v", mine, err)
		}
		if none, _ := st.Courses(ctx, muni, 2025, auth.Scope{}); len(none) != 0 {
			t.Fatalf("another year %+v", none)
		}
		if err := st.AddActivity(ctx, audit.System, muni, &university.Activity{PartnerID: p.ID, Date: "2026-07-01", Kind: "職員OBOG説明", Title: "業界研究会"}); err != nil {
			t.Fatal(err)
		}
		// Next year's course starts as a copy: the same weekday, the same lecturers.
		next, err := st.CopyCourse(ctx, audit.System, muni, c.ID, 2027)
		if err != nil {
			t.Fatal(err)
		}
		copied, _ := st.Courses(ctx, muni, 2027, auth.Scope{})
		if len(copied) != 1 || copied[0].ID != next.ID || len(copied[0].Lectures) != 3 || copied[0].Lectures[0].Date != "2027-04-09" || len(copied[0].Lectures[1].Lecturers) != 2 {
			t.Fatalf("copy %+v", copied)
		}
		if apperr.CodeOf(func() error { _, err := st.CopyCourse(ctx, audit.System, muni, c.ID, 2026); return err }()) != apperr.Invalid {
			t.Fatal("a copy into the same year must be refused")
		}
		f, err := st.YearFigures(ctx, muni, 2026)
		if err != nil || f.Courses != 1 || f.Lectures != 3 || f.Hours != 4.5 || f.Lecturers != 2 || f.Departments != 2 || f.Activities != 1 {
			t.Fatalf("figures %+v %v", f, err)
		}
	})
}
