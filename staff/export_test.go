package staff_test

import (
	"bytes"
	"context"
	"os"
	"testing"

	"hagukumi/audit"
	"hagukumi/calendar"
	"hagukumi/db"
	"hagukumi/db/dbtest"
	"hagukumi/sheet"
	"hagukumi/staff"
)

// TestExportReadsBack exports the registry in both formats and imports each
// file again: nothing may change, so 職員番号 keep their zeros and typed
// dates in xlsx are read back as the same days.
func TestExportReadsBack(t *testing.T) {
	data, err := os.ReadFile("stafffile/testdata/staff_sample_cp932.csv")
	if err != nil {
		t.Fatal(err)
	}
	dbtest.ForEachBackend(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s, m := newStore(t, d)
		opt := staff.ImportOptions{AsOf: calendar.D(2026, 4, 1)}
		res, err := s.Import(ctx, m.ID, audit.System, "staff.csv", data, opt)
		if err != nil || len(res.Errors) > 0 || res.Added == 0 {
			t.Fatalf("import: %v %+v", err, res.Errors)
		}
		total := res.Added
		for _, format := range []string{sheet.CSV, sheet.XLSX} {
			var buf bytes.Buffer
			if err := s.Export(ctx, &buf, format, m.ID, staff.Scope{}, staff.Filter{}, 2026); err != nil {
				t.Fatal(err)
			}
			dry := opt
			dry.DryRun = true
			res, err := s.Import(ctx, m.ID, audit.System, "staff."+format, buf.Bytes(), dry)
			if err != nil || len(res.Errors) > 0 || res.Added != 0 || res.Updated != 0 || res.Unchanged != total {
				t.Fatalf("%s read back: %v added=%d updated=%d unchanged=%d of %d, errors %+v",
					format, err, res.Added, res.Updated, res.Unchanged, total, res.Errors)
			}
		}
	})
}
