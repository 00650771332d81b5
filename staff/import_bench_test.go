package staff_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"hagukumi/audit"
	"hagukumi/calendar"
	"hagukumi/db/dbtest"
	"hagukumi/demo"
	"hagukumi/staff"
)

// BenchmarkImportSQLite is the store path of an import on SQLite: decode,
// validate, insert staff with their rank and unit history and 昇格候補, and
// audit every row, in one transaction. Each iteration imports 2,000 new
// staff into a municipality of its own.
func BenchmarkImportSQLite(b *testing.B) {
	const rows = 2000
	ctx := context.Background()
	d := dbtest.OpenSQLite(b)
	st := &staff.Store{DB: d}
	now := time.Now()
	data := demo.CSV(rows, 1, 1, now)
	asOf := calendar.FiscalYearStart(calendar.CurrentFY(now))
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	i := 0
	for b.Loop() {
		b.StopTimer()
		i++
		m, err := st.CreateMunicipality(ctx, fmt.Sprintf("b%05d", i), fmt.Sprintf("ベンチ市%d", i))
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		res, err := st.Import(ctx, m.ID, audit.System, "bench.csv", data, staff.ImportOptions{AsOf: asOf})
		if err != nil {
			b.Fatal(err)
		}
		if res.Added != rows {
			b.Fatalf("added %d of %d: %+v", res.Added, rows, res.Errors[:min(3, len(res.Errors))])
		}
	}
	b.ReportMetric(float64(rows*b.N)/b.Elapsed().Seconds(), "rows/s")
}
