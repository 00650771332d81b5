package staff_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"hagukumi/audit"
	"hagukumi/calendar"
	"hagukumi/db"
	"hagukumi/db/dbtest"
	"hagukumi/sheet"
	"hagukumi/staff"
)

// Two municipalities hold staff with the same numbers; nothing read for one
// may show the other's rows (PRODUCT F8).
func TestNoQueryCrossesMunicipalities(t *testing.T) {
	dbtest.ForEachBackend(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s, a := newStore(t, d)
		b, err := s.CreateMunicipality(ctx, "999999", "別市")
		if err != nil {
			t.Fatal(err)
		}
		fileA := "職員番号,氏名,採用日,雇用区分,職位,所属,昇格候補\n1,藤枝 一,2020/4/1,正規,主事,総務部 人事課,主査\n2,藤枝 二,2021/4/1,正規,主事,総務部 行政課,\n"
		fileB := "職員番号,氏名,採用日,雇用区分,職位,所属,昇格候補\n1,別市 一,2019/4/1,正規,主事,別部 別課,主査\n3,別市 三,2018/4/1,正規,主事,別部 別課,\n"
		for _, x := range []struct {
			id   int64
			file string
		}{{a.ID, fileA}, {b.ID, fileB}} {
			res, err := s.Import(ctx, x.id, audit.System, "f.csv", []byte(x.file), staff.ImportOptions{AsOf: calendar.D(2026, 4, 1)})
			if err != nil || !res.Applied {
				t.Fatalf("%v %+v", err, res)
			}
		}
		leak := func(what, text string) {
			if strings.Contains(text, "別市") || strings.Contains(text, "別部") {
				t.Errorf("%s of municipality A shows B's data: %s", what, text)
			}
		}
		list, n, _ := s.List(ctx, a.ID, staff.Scope{}, staff.Filter{})
		if n != 2 {
			t.Errorf("A lists %d staff, want 2", n)
		}
		for _, m := range list {
			leak("List", m.Name()+m.Unit)
		}
		if _, n, _ := s.List(ctx, a.ID, staff.Scope{}, staff.Filter{Q: "別市"}); n != 0 {
			t.Errorf("search in A finds %d of B's staff", n)
		}
		if _, err := s.ByNumber(ctx, a.ID, staff.Scope{}, "3"); err == nil {
			t.Error("A's ByNumber found B's staff number 3")
		}
		one, _ := s.ByNumber(ctx, a.ID, staff.Scope{}, "1")
		leak("ByNumber", one.Name()+one.Unit)
		h, _ := s.HistoryOf(ctx, a.ID, one.ID)
		for _, u := range h.Units {
			leak("HistoryOf", u.Unit)
		}
		// B's internal id read through A's municipality finds nothing.
		bone, _ := s.ByNumber(ctx, b.ID, staff.Scope{}, "1")
		if _, err := s.ByID(ctx, a.ID, bone.ID); err == nil {
			t.Error("A's ByID returned B's staff")
		}
		if hb, _ := s.HistoryOf(ctx, a.ID, bone.ID); len(hb.Units)+len(hb.Ranks)+len(hb.Candidates) != 0 {
			t.Error("A's HistoryOf returned B's history")
		}
		units, _ := s.Units(ctx, a.ID, 0)
		for _, u := range units {
			leak("Units", u.Path)
		}
		if _, err := s.Unit(ctx, a.ID, units[0].ID); err != nil {
			t.Error(err)
		}
		ub, _ := s.Units(ctx, b.ID, 0)
		if _, err := s.Unit(ctx, a.ID, ub[0].ID); err == nil {
			t.Error("A's Unit returned B's unit")
		}
		cands, _ := s.Candidates(ctx, a.ID, 2026)
		if len(cands) != 1 {
			t.Errorf("A's candidates: %+v", cands)
		}
		var buf bytes.Buffer
		s.Export(ctx, &buf, sheet.CSV, a.ID, staff.Scope{}, staff.Filter{}, 2026)
		leak("Export", buf.String())
		c, _ := s.CountStaff(ctx, a.ID, staff.Scope{})
		if c.Active != 2 {
			t.Errorf("A counts %d active", c.Active)
		}
		entries, _, _ := audit.List(ctx, d.R, a.ID, audit.Filter{Limit: 1000})
		for _, e := range entries {
			leak("audit.List", e.Detail)
		}
	})
}
