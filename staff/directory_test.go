package staff_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"hagukumi/audit"
	"hagukumi/calendar"
	"hagukumi/db"
	"hagukumi/db/dbtest"
	"hagukumi/demo"
	"hagukumi/staff"
)

// listAll pages through List and returns the numbers in list order.
func listAll(t *testing.T, s *staff.Store, muni int64, sc staff.Scope, f staff.Filter) ([]string, int) {
	t.Helper()
	var out []string
	total := -1
	for off := 0; ; off += 37 {
		f.Limit, f.Offset = 37, off
		page, n, err := s.List(context.Background(), muni, sc, f)
		if err != nil {
			t.Fatal(err)
		}
		if total >= 0 && n != total {
			t.Fatalf("total changed between pages: %d then %d", total, n)
		}
		total = n
		for _, m := range page {
			out = append(out, m.Number)
		}
		if len(page) < 37 {
			return out, total
		}
	}
}

// The in-memory list answers exactly what the SQL filter (used by the
// export) selects, for searches in every width and script, filters and
// scopes, in フリガナ order.
func TestDirectoryMatchesSQL(t *testing.T) {
	dbtest.ForEachBackend(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s, m := newStore(t, d)
		now := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
		res, err := s.Import(ctx, m.ID, audit.System, "demo.csv", demo.CSV(700, 1, 3, now), staff.ImportOptions{AsOf: calendar.D(2026, 4, 1)})
		if err != nil || len(res.Errors) > 0 {
			t.Fatalf("import: %v %+v", err, res)
		}
		units, _ := s.Units(ctx, m.ID, 2026)
		ranks, _ := s.Ranks(ctx, m.ID)
		var dept, team staff.Unit
		for _, u := range units {
			if u.Level == 1 && dept.ID == 0 && u.Staff > 0 {
				dept = u
			}
			if u.Level == 3 && team.ID == 0 && u.Staff > 0 {
				team = u
			}
		}
		filters := []staff.Filter{{}, {Q: "鈴木"}, {Q: "すずき"}, {Q: "ｽｽﾞｷ"}, {Q: "スズキ"}, {Q: "木"}, {Q: "1"}, {Q: "00012"},
			{Q: "%"}, {Q: "s0"}, {Q: "存在しない名前"}, {EmploymentType: "正規"}, {Status: staff.Retired}, {Status: staff.OnLeave},
			{RankID: ranks[2].ID}, {UnitID: dept.ID}, {UnitID: team.ID}, {Q: "佐藤", EmploymentType: "正規", UnitID: dept.ID},
			{UnitID: 999999}}
		scopes := []staff.Scope{{}, {UnitPath: dept.Path}, {None: true}}
		for _, sc := range scopes {
			for _, f := range filters {
				got, total := listAll(t, s, m.ID, sc, f)
				var want []string
				s.Each(ctx, m.ID, sc, f, 2026, func(m *staff.Member, _ string) error { want = append(want, m.Number); return nil })
				if total != len(got) || total != len(want) {
					t.Fatalf("scope %+v filter %+v: list total %d, listed %d, SQL %d", sc, f, total, len(got), len(want))
				}
				sorted := slices.Clone(got)
				slices.Sort(sorted)
				if !slices.Equal(sorted, want) {
					t.Fatalf("scope %+v filter %+v: list and SQL differ", sc, f)
				}
			}
		}
		if got, n := listAll(t, s, m.ID, staff.Scope{}, staff.Filter{Q: "すずき"}); n == 0 || n > 200 {
			t.Fatalf("すずき found %d (%v): the demo has some 鈴木, not all", n, got)
		}
		// フリガナ order, then number.
		rows, err := d.R.QueryContext(ctx, `SELECT number, sort_kana FROM staff WHERE municipality_id = $1`, m.ID)
		if err != nil {
			t.Fatal(err)
		}
		kana := map[string]string{}
		for rows.Next() {
			var n, k string
			rows.Scan(&n, &k)
			kana[n] = k
		}
		rows.Close()
		all, _ := listAll(t, s, m.ID, staff.Scope{}, staff.Filter{})
		if !slices.IsSortedFunc(all, func(a, b string) int {
			if c := strings.Compare(kana[a], kana[b]); c != 0 {
				return c
			}
			return strings.Compare(a, b)
		}) {
			t.Fatal("the list is not in フリガナ order")
		}
		// The returned members are copies: changing one changes no later answer.
		page, _, _ := s.List(ctx, m.ID, staff.Scope{}, staff.Filter{Limit: 1})
		before := page[0].FamilyName
		page[0].FamilyName = "改ざん"
		again, _, _ := s.List(ctx, m.ID, staff.Scope{}, staff.Filter{Limit: 1})
		if again[0].FamilyName != before {
			t.Fatal("a caller's change reached the shared directory")
		}
	})
}

// Two app instances on one database: every committed change made through
// one is seen at once by the other's cached directory.
func TestDirectorySeesChangesFromAnotherInstance(t *testing.T) {
	run := func(t *testing.T, open func() *db.DB) {
		ctx := context.Background()
		a, m := newStore(t, open())
		b, _ := newStore(t, open())
		now := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
		data := demo.CSV(120, 1, 5, now)
		if _, n, _ := b.List(ctx, m.ID, staff.Scope{}, staff.Filter{}); n != 0 {
			t.Fatalf("empty city lists %d", n)
		}
		if res, err := a.Import(ctx, m.ID, audit.System, "demo.csv", data, staff.ImportOptions{AsOf: calendar.D(2026, 4, 1)}); err != nil || len(res.Errors) > 0 {
			t.Fatalf("import: %v %+v", err, res)
		}
		if _, n, _ := b.List(ctx, m.ID, staff.Scope{}, staff.Filter{}); n != 120 {
			t.Fatalf("after the import the other instance lists %d, want 120", n)
		}
		c0, _ := b.CountStaff(ctx, m.ID, staff.Scope{})

		// A renamed person is found by the new name only.
		num := strings.Split(strings.Split(string(data), "\n")[5], ",")[0]
		p, err := b.ByNumber(ctx, m.ID, staff.Scope{}, num)
		if err != nil {
			t.Fatal(err)
		}
		first := []*staff.Member{p}
		old := first[0].FamilyName
		lines := strings.Split(string(data), "\n")
		lines[5] = strings.Replace(lines[5], ","+old+" ", ",檜山 ", 1)
		changed := strings.Join(lines, "\n")
		if res, err := a.Import(ctx, m.ID, audit.System, "demo.csv", []byte(changed), staff.ImportOptions{AsOf: calendar.D(2026, 10, 1)}); err != nil || res.Updated != 1 {
			t.Fatalf("rename import: %v %+v", err, res)
		}
		if got, _, _ := b.List(ctx, m.ID, staff.Scope{}, staff.Filter{Q: "檜山"}); len(got) != 1 {
			t.Fatalf("the other instance finds 檜山 %d times after the change", len(got))
		}

		// 組織改正: the unit's new name shows in the list and in the unit counts.
		u := first[0].UnitID
		unit, err := a.Unit(ctx, m.ID, u)
		if err != nil {
			t.Fatal(err)
		}
		if err := a.RenameUnit(ctx, audit.System, m.ID, u, "改名後係", 2027); err != nil {
			t.Fatal(err)
		}
		got, _, _ := b.List(ctx, m.ID, staff.Scope{}, staff.Filter{Q: "檜山"})
		if !strings.HasSuffix(got[0].Unit, "/改名後係") {
			t.Fatalf("unit after the rename = %q (was %q)", got[0].Unit, unit.Path)
		}
		found := false
		units, _ := b.Units(ctx, m.ID, 2027)
		for _, x := range units {
			if strings.HasSuffix(x.Path, "/改名後係") && x.Staff > 0 {
				found = true
			}
		}
		if !found {
			t.Fatal("the renamed unit is missing from the other instance's units with its staff")
		}
		if _, err := a.CreateUnit(ctx, audit.System, m.ID, 0, "新設部", 2026); err != nil {
			t.Fatal(err)
		}
		if c, _ := b.CountStaff(ctx, m.ID, staff.Scope{}); c.Units != c0.Units+1 {
			t.Fatalf("units counted %d after a new 部, want %d", c.Units, c0.Units+1)
		}

		// Retiring the missing ones changes the counts.
		half := strings.Join(strings.SplitAfter(changed, "\n")[:61], "")
		if res, err := a.Import(ctx, m.ID, audit.System, "demo.csv", []byte(half), staff.ImportOptions{AsOf: calendar.D(2026, 10, 1), RetireMissing: true}); err != nil || res.Retired == 0 {
			t.Fatalf("retire import: %v %+v", err, res)
		}
		c1, _ := b.CountStaff(ctx, m.ID, staff.Scope{})
		if c1.Retired <= c0.Retired || c1.Active+c1.OnLeave+c1.Retired != 120 {
			t.Fatalf("counts after retiring: %+v (before %+v)", c1, c0)
		}
		if _, n, _ := b.List(ctx, m.ID, staff.Scope{}, staff.Filter{Status: staff.Retired}); n != c1.Retired {
			t.Fatalf("retired listed %d, counted %d", n, c1.Retired)
		}
	}
	t.Run("sqlite", func(t *testing.T) {
		path := t.TempDir() + "/two.db"
		run(t, func() *db.DB {
			d, err := db.Open(context.Background(), path)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { d.Close() })
			return d
		})
	})
	t.Run("postgres", func(t *testing.T) {
		if dbtest.PostgresURL(t) == "" {
			t.Skip("PostgreSQL skipped: set HAGUKUMI_TEST_POSTGRES=postgres://postgres@127.0.0.1:5432/test to run it")
		}
		u := dbtest.NewPostgresURL(t)
		run(t, func() *db.DB {
			d, err := db.Open(context.Background(), u)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { d.Close() })
			return d
		})
	})
}
