package demo_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"hagukumi/calendar"
	"hagukumi/db/dbtest"
	"hagukumi/demo"
	"hagukumi/staff"
	"hagukumi/training"
)

// TestDemoLooksLikeACity fills a demo city of 1,400 staff and checks what
// a visitor notices first: this year's new hires are there (新規採用職員研修
// has people to train), sessions last as long as their program, nobody
// shares a full name, heads sit at the level of their title and no unit
// has two, outside instructors have names, and no two reports read the same.
func TestDemoLooksLikeACity(t *testing.T) {
	ctx := context.Background()
	d := dbtest.OpenSQLite(t)
	st := &staff.Store{DB: d}
	m, err := st.EnsureMunicipality(ctx)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	if _, err := demo.Fill(ctx, d, m.ID, demo.Options{Staff: 1400, Seed: 1, Now: now}); err != nil {
		t.Fatal(err)
	}
	ts := &training.Store{DB: d, Now: func() time.Time { return now }}
	fy := calendar.CurrentFY(now)
	strs := func(query string, args ...any) []string {
		t.Helper()
		rows, err := d.R.QueryContext(ctx, query, args...)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var out []string
		for rows.Next() {
			var s string
			if err := rows.Scan(&s); err != nil {
				t.Fatal(err)
			}
			out = append(out, s)
		}
		return out
	}

	t.Run("this year's new hires", func(t *testing.T) {
		p, err := ts.ProgramByCode(ctx, m.ID, "NEW_HIRE")
		if err != nil {
			t.Fatal(err)
		}
		ro, err := ts.RosterFor(ctx, m.ID, p, fy, nil)
		if err != nil {
			t.Fatal(err)
		}
		// About one in thirty joins each year, most of them 正規.
		if n := len(ro.People); n < 20 || n > 100 {
			t.Errorf("新規採用職員研修 %d: %d eligible, want a city's intake (20–100)", fy, n)
		}
		enrolled := strs(`SELECT e.id FROM enrolments e JOIN sessions_training x ON x.id = e.session_id
			WHERE x.program_id = $1 AND x.fy = $2`, p.ID, fy)
		if len(enrolled) == 0 {
			t.Errorf("新規採用職員研修 %d: nobody enrolled", fy)
		}
	})

	t.Run("session hours match the program", func(t *testing.T) {
		sessions, err := ts.Sessions(ctx, m.ID, training.SessionFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(sessions) < 20 {
			t.Fatalf("%d sessions", len(sessions))
		}
		for _, x := range sessions {
			p, err := ts.ProgramByID(ctx, m.ID, x.ProgramID)
			if err != nil {
				t.Fatal(err)
			}
			var span float64
			for _, day := range x.Days {
				span += day.Hours()
			}
			// The days' times hold the program's hours, with at most an hour's lunch a day.
			if x.Hours != p.Hours || span < p.Hours || span > p.Hours+float64(len(x.Days)) {
				t.Errorf("%s %s: %v hours over days of %v hours, program %v", x.ProgramName, x.Title, x.Hours, span, p.Hours)
			}
		}
	})

	t.Run("distinct names", func(t *testing.T) {
		if dup := strs(`SELECT family_name || ' ' || given_name FROM staff WHERE municipality_id = $1
			GROUP BY family_name, given_name HAVING COUNT(*) > 1`, m.ID); len(dup) > 0 {
			t.Errorf("%d full names used twice or more, e.g. %v", len(dup), dup[:min(5, len(dup))])
		}
	})

	t.Run("posts fit the rank", func(t *testing.T) {
		level := map[string]int{"部長": 1, "次長": 1, "課長": 2, "課長補佐": 2}
		heads := map[string]int{}
		for _, row := range strs(`SELECT s.title || '|' || u.level || '|' || u.path FROM staff s JOIN org_units u ON u.id = s.unit_id
			WHERE s.municipality_id = $1 AND s.status = '在職'`, m.ID) {
			parts := strings.SplitN(row, "|", 3)
			title, lv, path := parts[0], parts[1], parts[2]
			want, ok := level[title]
			if !ok {
				want = 3
			}
			if lv != string(rune('0'+want)) {
				t.Errorf("%s at %s (level %s), want level %d", title, path, lv, want)
			}
			if ok || title == "係長" {
				heads[title+" "+path]++
				if heads[title+" "+path] == 2 {
					t.Errorf("two %s at %s", title, path)
				}
			}
		}
		count := func(title string) int {
			n := 0
			for k := range heads {
				if strings.HasPrefix(k, title+" ") {
					n++
				}
			}
			return n
		}
		// Every 部 has its 部長 and nearly every 課 its 課長.
		if n := count("部長"); n != len(demo.Org) {
			t.Errorf("%d 部長 for %d 部", n, len(demo.Org))
		}
		if n := count("課長"); n < 20 {
			t.Errorf("only %d 課長", n)
		}
	})

	t.Run("instructors by name", func(t *testing.T) {
		names := strs(`SELECT DISTINCT name FROM session_instructors WHERE municipality_id = $1 AND staff_id IS NULL`, m.ID)
		if len(names) < 3 {
			t.Errorf("outside instructors %v, want a few by name", names)
		}
		for _, n := range names {
			if !strings.Contains(n, " ") || strings.HasPrefix(n, "外部講師") {
				t.Errorf("instructor %q is not a person's name", n)
			}
		}
		if staffTeachers := strs(`SELECT DISTINCT staff_id FROM session_instructors WHERE municipality_id = $1 AND staff_id IS NOT NULL`, m.ID); len(staffTeachers) < 3 {
			t.Errorf("%d staff instructors, want a few", len(staffTeachers))
		}
	})

	t.Run("varied reports", func(t *testing.T) {
		bodies := strs(`SELECT body FROM reports WHERE municipality_id = $1`, m.ID)
		if len(bodies) < 10 {
			t.Fatalf("%d reports", len(bodies))
		}
		seen := map[string]bool{}
		for _, b := range bodies {
			if seen[b] {
				t.Errorf("report text repeated: %s", b)
			}
			seen[b] = true
		}
	})
}
