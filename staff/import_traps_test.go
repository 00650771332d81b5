package staff_test

import (
	"context"
	"strings"
	"testing"

	"hagukumi/audit"
	"hagukumi/calendar"
	"hagukumi/db"
	"hagukumi/db/dbtest"
	"hagukumi/staff"
)

func TestProbableUnitTypo(t *testing.T) {
	for _, c := range []struct {
		name, existing string
		want           bool
	}{
		{"財政部", "財政経営部", true},   // characters left out
		{"財政経営部", "財政部", true},   // either way round
		{"人事課付", "人事課", true},    // one contains the other
		{"財制経営部", "財政経営部", true}, // one character wrong in a long name
		{"総務課", "財務課", false},    // ordinary siblings
		{"市民課", "税務課", false},
		{"財政経営部", "財政経営部", false}, // the same unit
		{"部", "総務部", false},       // one character is too little to judge
	} {
		if got := staff.ProbableUnitTypo(c.name, c.existing); got != c.want {
			t.Errorf("ProbableUnitTypo(%s, %s) = %v, want %v", c.name, c.existing, got, c.want)
		}
	}
}

func TestNumberWidthAndPad(t *testing.T) {
	for _, c := range []struct {
		numbers []string
		want    int
	}{
		{[]string{"000001", "000123", "104711"}, 6},
		{[]string{"000001", "12345"}, 0},  // two widths
		{[]string{"000001", "A00002"}, 0}, // letters
		{nil, 0},
	} {
		if got := staff.NumberWidth(c.numbers); got != c.want {
			t.Errorf("NumberWidth(%v) = %d, want %d", c.numbers, got, c.want)
		}
	}
	for _, c := range [][3]string{{"1", "6", "000001"}, {"123", "6", "000123"}, {"A1", "6", "A1"}, {"1234567", "6", "1234567"}, {"1", "0", "1"}} {
		w := int(c[1][0] - '0')
		if got := staff.PadNumber(c[0], w); got != c[2] {
			t.Errorf("PadNumber(%s, %d) = %s, want %s", c[0], w, got, c[2])
		}
	}
	if got := staff.NormalizeNumber(" ０００１２ａ "); got != "00012A" {
		t.Errorf("NormalizeNumber = %q", got)
	}
}

const trapHeader = "職員番号,氏名,生年月日,採用日,雇用区分,所属\n"

func trapImport(t *testing.T, s *staff.Store, muni int64, file string, opt staff.ImportOptions) *staff.ImportResult {
	t.Helper()
	opt.AsOf = calendar.D(2026, 4, 1)
	res, err := s.Import(context.Background(), muni, audit.System, "staff.csv", []byte(trapHeader+file), opt)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// A spreadsheet turns 000001 into 1. With a registry of fixed-width
// numbers, the import restores the zeros and updates the person instead of
// adding a second one (and retiring the first).
func TestImportRestoresLeadingZeros(t *testing.T) {
	dbtest.ForEachBackend(t, func(t *testing.T, d *db.DB) {
		s, m := newStore(t, d)
		res := trapImport(t, s, m.ID, "000001,山田 太郎,1990/1/1,2012/4/1,正規,総務部\n000012,佐藤 花子,1991/2/2,2013/4/1,正規,総務部\n", staff.ImportOptions{})
		if !res.Applied || res.Added != 2 {
			t.Fatalf("first import: %+v", res)
		}
		saved := "1,山田 太郎,1990/1/1,2012/4/1,正規,総務部 人事課\n12,佐藤 花子,1991/2/2,2013/4/1,正規,総務部\n"
		res = trapImport(t, s, m.ID, saved, staff.ImportOptions{RetireMissing: true})
		if !res.Applied || res.Added != 0 || res.Updated != 1 || res.Unchanged != 1 || res.Retired != 0 || res.Padded != 2 || res.NumberWidth != 6 {
			t.Fatalf("saved by a spreadsheet: added=%d updated=%d unchanged=%d retired=%d padded=%d width=%d errors=%v",
				res.Added, res.Updated, res.Unchanged, res.Retired, res.Padded, res.NumberWidth, res.Errors)
		}
		if p, err := s.ByNumber(context.Background(), m.ID, staff.Scope{}, "000001"); err != nil || p.UnitDisplay() != "総務部 人事課" {
			t.Fatalf("000001 = %+v, %v", p, err)
		}
		// The same number written both ways is one person twice.
		res = trapImport(t, s, m.ID, "1,山田 太郎,1990/1/1,2012/4/1,正規,総務部\n000001,山田 太郎,1990/1/1,2012/4/1,正規,総務部\n", staff.ImportOptions{DryRun: true})
		if len(res.Errors) != 1 || !strings.Contains(res.Errors[0].Message, "000001 になり、3 行目と重複します") {
			t.Fatalf("1 and 000001 in one file: %+v", res.Errors)
		}
	})
}

// When the registry's numbers differ in width, a short number cannot be
// restored; a new row with the name and birth date of someone registered
// is a likely duplicate that blocks the apply until confirmed.
func TestImportLikelyDuplicateNeedsConfirm(t *testing.T) {
	dbtest.ForEachBackend(t, func(t *testing.T, d *db.DB) {
		s, m := newStore(t, d)
		trapImport(t, s, m.ID, "000001,山田 太郎,1990/1/1,2012/4/1,正規,総務部\nA0002,佐藤 花子,1991/2/2,2013/4/1,正規,総務部\n", staff.ImportOptions{})
		file := "1,山田 太郎,1990/1/1,2012/4/1,正規,総務部\n000003,鈴木 一郎,1992/3/3,2014/4/1,正規,総務部\n"
		res := trapImport(t, s, m.ID, file, staff.ImportOptions{DryRun: true})
		if res.Added != 2 || res.Padded != 0 || len(res.Warnings) != 1 || res.Warnings[0].Kind != staff.WarnDuplicate || res.Warnings[0].Line != 2 ||
			!strings.Contains(res.Warnings[0].Message, "登録済みの職員番号 000001 の職員と氏名（山田 太郎）・生年月日（1990-01-01）が同じです") {
			t.Fatalf("dry run: added=%d padded=%d warnings=%+v", res.Added, res.Padded, res.Warnings)
		}
		res = trapImport(t, s, m.ID, file, staff.ImportOptions{})
		if res.Applied || len(res.Warnings) != 1 {
			t.Fatalf("applied without confirmation: %+v", res)
		}
		if _, n, _ := s.List(context.Background(), m.ID, staff.Scope{}, staff.Filter{}); n != 2 {
			t.Fatalf("an unconfirmed import wrote: %d staff", n)
		}
		res = trapImport(t, s, m.ID, file, staff.ImportOptions{Confirm: true})
		if !res.Applied || res.Added != 2 {
			t.Fatalf("confirmed: %+v", res)
		}
	})
}

// A new unit whose name is close to an existing sibling's is probably a
// typo: a warning to confirm, not a silent new 部.
func TestImportUnitTypoNeedsConfirm(t *testing.T) {
	dbtest.ForEachBackend(t, func(t *testing.T, d *db.DB) {
		s, m := newStore(t, d)
		trapImport(t, s, m.ID, "000001,山田 太郎,1990/1/1,2012/4/1,正規,財政経営部 財政課\n", staff.ImportOptions{})
		file := "000002,佐藤 花子,1991/2/2,2013/4/1,正規,財政部 財政課\n000003,鈴木 一郎,1992/3/3,2014/4/1,正規,総務部 総務課\n"
		res := trapImport(t, s, m.ID, file, staff.ImportOptions{})
		if res.Applied || len(res.Warnings) != 1 || res.Warnings[0].Kind != staff.WarnUnit || res.Warnings[0].Line != 2 ||
			!strings.Contains(res.Warnings[0].Message, "新しい所属「財政部」を作ります。既にある「財政経営部」の書き間違いではありませんか。") {
			t.Fatalf("typo: applied=%v warnings=%+v", res.Applied, res.Warnings)
		}
		if units, _ := s.Units(context.Background(), m.ID, 0); len(units) != 2 {
			t.Fatalf("an unconfirmed import created units: %+v", units)
		}
		res = trapImport(t, s, m.ID, file, staff.ImportOptions{Confirm: true})
		if !res.Applied || res.Added != 2 {
			t.Fatalf("confirmed: %+v", res)
		}
	})
}

// Every problem of a row is reported at once: an unknown rank together with
// a date that cannot be read, not the rank only after the date is fixed.
func TestImportReportsEveryProblemOfARow(t *testing.T) {
	dbtest.ForEachBackend(t, func(t *testing.T, d *db.DB) {
		s, m := newStore(t, d)
		file := "職員番号,氏名,採用日,雇用区分,職位,昇格候補\n" +
			"000001,山田 太郎,不明,正規,大将,元帥\n" +
			"000002,佐藤 花子,2013/4/1,正規,主事・技師,\n" +
			"000003,,2014/4/1,正規,中将,\n"
		res, err := s.Import(context.Background(), m.ID, audit.System, "staff.csv", []byte(file), staff.ImportOptions{DryRun: true})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, p := range res.Errors {
			got = append(got, string(rune('0'+p.Line))+":"+p.Column)
		}
		want := "2:採用日 2:職位 2:昇格候補 4:氏名 4:職位"
		if strings.Join(got, " ") != want {
			t.Fatalf("problems %v, want %s (%+v)", got, want, res.Errors)
		}
	})
}

// A 職員番号 typed in full width finds the person.
func TestByNumberFoldsFullWidth(t *testing.T) {
	dbtest.ForEachBackend(t, func(t *testing.T, d *db.DB) {
		s, m := newStore(t, d)
		trapImport(t, s, m.ID, "000001,山田 太郎,1990/1/1,2012/4/1,正規,総務部\nA0002,佐藤 花子,1991/2/2,2013/4/1,正規,総務部\n", staff.ImportOptions{})
		for typed, want := range map[string]string{"０００００１": "000001", " 000001 ": "000001", "ａ０００２": "A0002", "a0002": "A0002"} {
			p, err := s.ByNumber(context.Background(), m.ID, staff.Scope{}, typed)
			if err != nil || p.Number != want {
				t.Errorf("ByNumber(%q) = %v, %v", typed, p, err)
			}
			if got, n, _ := s.List(context.Background(), m.ID, staff.Scope{}, staff.Filter{Q: typed}); n != 1 || got[0].Number != want {
				t.Errorf("search %q found %d", typed, n)
			}
		}
	})
}
