package staff_test

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"hagukumi/audit"
	"hagukumi/calendar"
	"hagukumi/db"
	"hagukumi/db/dbtest"
	"hagukumi/staff"
)

func newStore(t *testing.T, d *db.DB) (*staff.Store, staff.Municipality) {
	t.Helper()
	s := &staff.Store{DB: d, Now: func() time.Time { return time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC) }}
	m, err := s.EnsureMunicipality(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return s, m
}

func TestImportSampleTwiceOnBothEngines(t *testing.T) {
	data, err := os.ReadFile("stafffile/testdata/staff_sample_cp932.csv")
	if err != nil {
		t.Fatal(err)
	}
	dbtest.ForEachBackend(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s, m := newStore(t, d)
		opt := staff.ImportOptions{AsOf: calendar.D(2026, 4, 1)}
		dry := opt
		dry.DryRun = true
		res, err := s.Import(ctx, m.ID, audit.System, "staff.csv", data, dry)
		if err != nil || len(res.Errors) > 0 || res.Added == 0 {
			t.Fatalf("dry run: %v %+v", err, res)
		}
		if _, n, _ := s.List(ctx, m.ID, staff.Scope{}, staff.Filter{}); n != 0 {
			t.Fatalf("dry run wrote %d staff", n)
		}
		res, err = s.Import(ctx, m.ID, audit.System, "staff.csv", data, opt)
		if err != nil || len(res.Errors) > 0 || !res.Applied {
			t.Fatalf("import: %v %+v", err, res.Errors)
		}
		added := res.Added
		res, err = s.Import(ctx, m.ID, audit.System, "staff.csv", data, opt)
		if err != nil || res.Added != 0 || res.Updated != 0 || res.Unchanged != added {
			t.Fatalf("second import: %v added=%d updated=%d unchanged=%d", err, res.Added, res.Updated, res.Unchanged)
		}
		p, err := s.ByNumber(ctx, m.ID, staff.Scope{}, "31001")
		if err != nil {
			t.Fatal(err)
		}
		if p.Name() != "髙橋 一樹" || p.HireDate != "2011-04-01" || p.Rank != "主任主事・主任技師" || p.UnitDisplay() != "総務部 人事課 人事係" {
			t.Fatalf("31001 = %+v", p)
		}
		if c, _ := s.Candidates(ctx, m.ID, 2026); len(c) == 0 || c[0].Number != "31001" || c[0].Rank != "主査" {
			t.Fatalf("candidates = %+v", c)
		}
		// Search by kana in half-width and by kanji, partial.
		for _, q := range []string{"ﾀｶﾊｼ", "たかはし", "髙橋", "31001"} {
			if got, n, _ := s.List(ctx, m.ID, staff.Scope{}, staff.Filter{Q: q}); n != 1 || got[0].Number != "31001" {
				t.Errorf("search %q found %d", q, n)
			}
		}
		// A department change keeps history.
		moved := strings.Replace(string(mustUTF8(t)), "総務部 人事課 人事係", "総務部 行政課", 1)
		res, err = s.Import(ctx, m.ID, audit.System, "staff.csv", []byte(moved), staff.ImportOptions{AsOf: calendar.D(2026, 10, 1)})
		if err != nil || res.Updated != 1 {
			t.Fatalf("move: %v %+v", err, res)
		}
		h, _ := s.HistoryOf(ctx, m.ID, p.ID)
		if len(h.Units) != 2 || h.Units[0].To != "2026-10-01" || h.Units[1].Unit != "総務部 行政課" {
			t.Fatalf("history = %+v", h.Units)
		}
		if n, err := audit.Verify(ctx, d.R); err != nil || n == 0 {
			t.Fatalf("audit verify: %d %v", n, err)
		}
	})
}

func mustUTF8(t *testing.T) []byte {
	b, err := os.ReadFile("stafffile/testdata/staff_sample_utf8bom.csv")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestImportRefusesWholeFile(t *testing.T) {
	dbtest.ForEachBackend(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s, m := newStore(t, d)
		file := "職員番号,氏名,採用日,雇用区分,職位\n1,山田 太郎,2020/4/1,正規,主事\n2,佐藤 花子,2020/2/30,正規,主事\n3,鈴木 一郎,R2.4.1,正規,大臣\n"
		res, err := s.Import(ctx, m.ID, audit.System, "x.csv", []byte(file), staff.ImportOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Errors) == 0 || res.Applied {
			t.Fatalf("bad file accepted: %+v", res)
		}
		lines := map[int]bool{}
		for _, e := range res.Errors {
			lines[e.Line] = true
		}
		if !lines[3] {
			t.Errorf("line 3 (bad date) not reported: %+v", res.Errors)
		}
		if _, n, _ := s.List(ctx, m.ID, staff.Scope{}, staff.Filter{}); n != 0 {
			t.Fatalf("a refused file wrote %d staff", n)
		}
		// The unknown rank on line 4 is found against the registry once the date is fixed.
		file = strings.Replace(file, "2020/2/30", "2020/2/3", 1)
		res, _ = s.Import(ctx, m.ID, audit.System, "x.csv", []byte(file), staff.ImportOptions{})
		if len(res.Errors) != 1 || res.Errors[0].Line != 4 || res.Errors[0].Column != "職位" {
			t.Fatalf("rank error = %+v", res.Errors)
		}
		if _, n, _ := s.List(ctx, m.ID, staff.Scope{}, staff.Filter{}); n != 0 {
			t.Fatalf("a refused file wrote %d staff", n)
		}
	})
}

// A file with only some columns updates those and leaves the rest alone.
func TestImportPartialColumnsKeepsTheRest(t *testing.T) {
	dbtest.ForEachBackend(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s, m := newStore(t, d)
		full := "職員番号,氏名,フリガナ,採用日,雇用区分,職位,職位発令日,所属,メール,昇格候補\n7,山田 太郎,ヤマダ タロウ,2015/4/1,正規,主任主事,2021/4/1,総務部 人事課,t@example.jp,主査\n"
		if res, err := s.Import(ctx, m.ID, audit.System, "a.csv", []byte(full), staff.ImportOptions{AsOf: calendar.D(2026, 4, 1)}); err != nil || !res.Applied {
			t.Fatalf("%v %+v", err, res)
		}
		part := "職員番号,氏名,採用日,雇用区分,在職状況\n7,山田 太郎,2015/4/1,正規,休職\n"
		res, err := s.Import(ctx, m.ID, audit.System, "b.csv", []byte(part), staff.ImportOptions{AsOf: calendar.D(2026, 5, 1)})
		if err != nil || res.Updated != 1 || len(res.Changes[0].Fields) != 1 || res.Changes[0].Fields[0].Field != "在職状況" {
			t.Fatalf("partial import: %v %+v", err, res.Changes)
		}
		p, _ := s.ByNumber(ctx, m.ID, staff.Scope{}, "7")
		if p.Status != staff.OnLeave || p.Title != "主任主事" || p.UnitDisplay() != "総務部 人事課" || p.Email != "t@example.jp" || p.Kana() != "ヤマダ タロウ" {
			t.Fatalf("after partial import: %+v", p)
		}
		if c, _ := s.Candidates(ctx, m.ID, 2026); len(c) != 1 {
			t.Fatalf("candidate lost: %+v", c)
		}
	})
}
