package staff_test

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"runtime/metrics"
	"runtime/pprof"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"hagukumi/audit"
	"hagukumi/calendar"
	"hagukumi/db"
	"hagukumi/db/dbtest"
	"hagukumi/demo"
	"hagukumi/staff"
)

// TestImportScale measures the import at the sizes in HG_IMPORT_SCALE
// (e.g. "10000,100000"), as bench scenario #4 does: rows per second and the
// peak of the Go heap above the heap before the import. HG_IMPORT_PG=1 runs
// it on the PostgreSQL test server instead of SQLite. It is skipped unless
// HG_IMPORT_SCALE is set.
func TestImportScale(t *testing.T) {
	sizes := os.Getenv("HG_IMPORT_SCALE")
	if sizes == "" {
		t.Skip("set HG_IMPORT_SCALE=10000,100000 to run")
	}
	var d *db.DB
	if os.Getenv("HG_IMPORT_PG") != "" {
		d = dbtest.OpenPostgres(t)
	} else {
		d = dbtest.OpenSQLite(t)
	}
	ctx := context.Background()
	st := &staff.Store{DB: d}
	// A ballast of live memory, as a server holds (caches), which moves
	// the runtime's own collections later.
	mb, _ := strconv.Atoi(os.Getenv("HG_IMPORT_BALLAST"))
	ballast := make([][]byte, mb)
	for i := range ballast {
		ballast[i] = make([]byte, 1<<20)
	}
	defer runtime.KeepAlive(ballast)
	now := time.Now()
	asOf := calendar.FiscalYearStart(calendar.CurrentFY(now))
	for i, f := range strings.Split(sizes, ",") {
		n, err := strconv.Atoi(f)
		if err != nil {
			t.Fatal(err)
		}
		m, err := st.CreateMunicipality(ctx, fmt.Sprintf("s%05d", i), fmt.Sprintf("規模市%d", i))
		if err != nil {
			t.Fatal(err)
		}
		data := demo.CSV(n, 1, 3, now)
		for pass, want := range []string{"new", "again"} {
			runtime.GC()
			heap0 := heapObjects()
			var peak atomic.Uint64
			stop := make(chan struct{})
			done := make(chan struct{})
			go func() {
				defer close(done)
				tk := time.NewTicker(2 * time.Millisecond)
				defer tk.Stop()
				for {
					if h := heapObjects(); h > peak.Load() {
						peak.Store(h)
					}
					select {
					case <-stop:
						return
					case <-tk.C:
					}
				}
			}()
			t0 := time.Now()
			res, err := st.Import(ctx, m.ID, audit.System, "scale.csv", data, staff.ImportOptions{AsOf: asOf})
			took := time.Since(t0)
			close(stop)
			<-done
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Errors) > 0 || (pass == 0 && res.Added != n) || (pass == 1 && res.Unchanged != n) {
				t.Fatalf("import %d (%s): %+v errors %v", n, want, res, res.Errors[:min(3, len(res.Errors))])
			}
			if f := os.Getenv("HG_IMPORT_HEAPPROF"); f != "" && pass == 0 {
				runtime.GC()
				w, _ := os.Create(fmt.Sprintf("%s.%d", f, n))
				pprof.Lookup("heap").WriteTo(w, 0)
				runtime.KeepAlive(res)
				w.Close()
			}
			runtime.KeepAlive(res)
			p := peak.Load()
			if p < heap0 {
				p = heap0
			}
			t.Logf("%s %s N=%d: %.2f s, %.0f rows/s, peak heap +%.1f MB", d.Engine, want, n, took.Seconds(), float64(n)/took.Seconds(), float64(p-heap0)/(1<<20))
		}
	}
}

func heapObjects() uint64 {
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}
