package staff_test

import (
	"bytes"
	"context"
	"slices"
	"strings"
	"testing"

	"hagukumi/audit"
	"hagukumi/auth"
	"hagukumi/calendar"
	"hagukumi/db"
	"hagukumi/db/dbtest"
	"hagukumi/sheet"
	"hagukumi/staff"
)

// ScopeUnitsCSV has one person in each of six departments whose names are
// LIKE metacharacters or contain them, so that a prefix match written with an
// unescaped LIKE would let one department's liaison see another's staff.
const scopeUnitsCSV = "職員番号,氏名,採用日,雇用区分,職位,所属\n" +
	"U1,下線 一,2020/4/1,正規,主事,_\n" +
	"P1,百分 一,2020/4/1,正規,主事,%\n" +
	"B1,逆斜 一,2020/4/1,正規,主事,\\\n" +
	"S1,総下 一,2020/4/1,正規,主事,総_部 課\n" +
	"H1,百円 一,2020/4/1,正規,主事,100%\n" +
	"G1,総務 一,2020/4/1,正規,主事,総務部 人事課\n" +
	"G2,総務 二,2020/4/1,正規,主事,総務部\n"

// The staff list (answered from memory), the number lookup and the export
// (both SQL) show a liaison of each unit exactly that unit's staff.
func TestScopeWithLikeMetacharactersOnBothEngines(t *testing.T) {
	dbtest.ForEachBackend(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s, m := newStore(t, d)
		res, err := s.Import(ctx, m.ID, audit.System, "f.csv", []byte(scopeUnitsCSV), staff.ImportOptions{AsOf: calendar.D(2026, 4, 1)})
		if err != nil || !res.Applied {
			t.Fatalf("%v %+v", err, res)
		}
		all := []string{"U1", "P1", "B1", "S1", "H1", "G1", "G2"}
		for _, c := range []struct {
			unit string
			want []string
		}{
			{"_", []string{"U1"}},
			{"%", []string{"P1"}},
			{`\`, []string{"B1"}},
			{"総_部", []string{"S1"}},
			{"100%", []string{"H1"}},
			{"総務部", []string{"G1", "G2"}},
		} {
			sc := auth.ScopeOf(&auth.User{Role: auth.Liaison, UnitPath: c.unit})
			list, n, err := s.List(ctx, m.ID, sc, staff.Filter{})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, x := range list {
				got = append(got, x.Number)
			}
			slices.Sort(got)
			if n != len(c.want) || !slices.Equal(got, c.want) {
				t.Errorf("liaison of %q lists %v (%d), want %v", c.unit, got, n, c.want)
			}
			for _, num := range all {
				_, err := s.ByNumber(ctx, m.ID, sc, num)
				if seen := err == nil; seen != slices.Contains(c.want, num) {
					t.Errorf("liaison of %q: ByNumber(%s) found=%v", c.unit, num, seen)
				}
			}
			var csv bytes.Buffer
			if err := s.Export(ctx, &csv, sheet.CSV, m.ID, sc, staff.Filter{}, 2026); err != nil {
				t.Fatal(err)
			}
			if lines := strings.Count(csv.String(), "\n") - 1; lines != len(c.want) {
				t.Errorf("liaison of %q exports %d rows, want %d:\n%s", c.unit, lines, len(c.want), csv.String())
			}
			if cnt, err := s.CountStaff(ctx, m.ID, sc); err != nil || cnt.Active != len(c.want) {
				t.Errorf("liaison of %q counts %+v %v, want %d", c.unit, cnt, err, len(c.want))
			}
		}
	})
}
