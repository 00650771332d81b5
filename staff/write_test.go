package staff_test

import (
	"context"
	"reflect"
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

// writeVerbs are the name beginnings of methods that change data.
var writeVerbs = []string{"Create", "Rename", "Save", "Import", "Set", "Delete", "Update", "Add", "Remove", "Move", "Ensure", "Retire", "Apply"}

func isWriteName(name string) bool {
	for _, v := range writeVerbs {
		if strings.HasPrefix(name, v) {
			return true
		}
	}
	return false
}

// Every exported write of the staff store moves the staff generation, so
// the in-memory directory cannot miss a change. The reflection check makes
// a new write method fail here until it is added to the table.
func TestEveryStaffWriteMovesTheGeneration(t *testing.T) {
	dbtest.ForEachBackend(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s, m := newStore(t, d)
		now := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
		var dept int64
		var other staff.Municipality
		calls := []struct {
			name string
			muni func() int64
			call func() error
		}{
			{"CreateMunicipality", func() int64 { return other.ID }, func() (err error) {
				other, err = s.CreateMunicipality(ctx, "999999", "別市")
				return err
			}},
			{"RenameMunicipality", func() int64 { return m.ID }, func() error {
				return s.RenameMunicipality(ctx, audit.System, m.ID, "藤枝市", "人材育成センター")
			}},
			{"SaveRanks", func() int64 { return m.ID }, func() error {
				return s.SaveRanks(ctx, audit.System, m.ID, append(staff.DefaultRanks[:len(staff.DefaultRanks):len(staff.DefaultRanks)], "特別職"))
			}},
			{"Import", func() int64 { return m.ID }, func() error {
				res, err := s.Import(ctx, m.ID, audit.System, "demo.csv", demo.CSV(20, 1, 3, now), staff.ImportOptions{AsOf: calendar.D(2026, 4, 1)})
				if err == nil && len(res.Errors) > 0 {
					t.Fatalf("import: %+v", res.Errors)
				}
				return err
			}},
			{"CreateUnit", func() int64 { return m.ID }, func() (err error) {
				dept, err = s.CreateUnit(ctx, audit.System, m.ID, 0, "新設部", 2026)
				return err
			}},
			{"RenameUnit", func() int64 { return m.ID }, func() error {
				return s.RenameUnit(ctx, audit.System, m.ID, dept, "改称部", 2027)
			}},
		}
		// EnsureMunicipality writes only through CreateMunicipality, on an
		// empty database, which this one is not.
		// SetupOf reads the first-steps progress of the home page.
		listed := map[string]bool{"EnsureMunicipality": true, "SetupOf": true}
		for _, c := range calls {
			listed[c.name] = true
			var before audit.Gens
			if c.muni() != 0 {
				before = gens(t, d, c.muni())
			}
			if err := c.call(); err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			after := gens(t, d, c.muni())
			if after.Staff <= before.Staff {
				t.Errorf("%s did not move the staff generation (%d → %d)", c.name, before.Staff, after.Staff)
			}
		}
		st := reflect.TypeOf(s)
		for i := range st.NumMethod() {
			if name := st.Method(i).Name; isWriteName(name) && !listed[name] {
				t.Errorf("%s looks like a write of staff.Store but is not in this test's table", name)
			}
		}
	})
}

func gens(t *testing.T, d *db.DB, muni int64) audit.Gens {
	t.Helper()
	g, err := audit.ReadGens(context.Background(), d, muni)
	if err != nil {
		t.Fatal(err)
	}
	return g
}
