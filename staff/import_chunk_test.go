package staff

import (
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"hagukumi/audit"
	"hagukumi/calendar"
	"hagukumi/db"
	"hagukumi/db/dbtest"
)

// HG_IMPORT_CHUNK and HG_IMPORT_PER set the import's chunk and batch sizes
// for a whole test run (e.g. HG_IMPORT_CHUNK=7 go test ./staff/).
func init() {
	if n, err := strconv.Atoi(os.Getenv("HG_IMPORT_CHUNK")); err == nil && n > 0 {
		importChunk = n
	}
	if n, err := strconv.Atoi(os.Getenv("HG_IMPORT_PER")); err == nil && n > 0 {
		sqliteBatch, postgresBatch = n, n
	}
}

// chunkCSV writes n staff rows; shift changes units, titles and 昇格候補 of
// every third person, as a personnel move would.
func chunkCSV(n int, shift bool) []byte {
	var b strings.Builder
	w := csv.NewWriter(&b)
	w.Write(ExportHeader)
	units := []string{"総務部 人事課 人事係", "総務部 行政課", "市民文化部 市民課 窓口係", "建設部 道路課"}
	titles := []string{"主事", "主任主事", "主査", "係長"}
	for i := 1; i <= n; i++ {
		u, t, cand, status := units[i%4], titles[i%4], "", Active
		if shift && i%3 == 0 {
			u, t = units[(i+1)%4], titles[(i+1)%4]
			if i%2 == 0 {
				cand = "主査"
			}
		}
		if i%17 == 0 {
			status = OnLeave
		}
		w.Write([]string{fmt.Sprintf("C%04d", i), fmt.Sprintf("試験 太郎%d", i), "シケン タロウ", "男", "1990-05-01", "2015-04-01",
			Regular, "一般事務", t, "2024-04-01", u, "", "", status, cand})
	}
	w.Flush()
	return []byte(b.String())
}

// An import cut into chunks of 7 rows and statements of 3 rows writes the
// same staff, history, 昇格候補 and audit entries as one in the default
// sizes, on both engines: chunk edges lose or double nothing.
func TestImportAcrossChunkEdges(t *testing.T) {
	dbtest.ForEachBackend(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := &Store{DB: d, Now: func() time.Time { return time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC) }}
		small, err := s.CreateMunicipality(ctx, "chunk7", "七行市")
		if err != nil {
			t.Fatal(err)
		}
		whole, err := s.CreateMunicipality(ctx, "chunk500", "一括市")
		if err != nil {
			t.Fatal(err)
		}
		run := func(muni int64, chunk, per int, data []byte, opt ImportOptions) *ImportResult {
			t.Helper()
			oldChunk, oldSQLite, oldPG := importChunk, sqliteBatch, postgresBatch
			importChunk, sqliteBatch, postgresBatch = chunk, per, per
			defer func() { importChunk, sqliteBatch, postgresBatch = oldChunk, oldSQLite, oldPG }()
			res, err := s.Import(ctx, muni, audit.System, "chunk.csv", data, opt)
			if err != nil || len(res.Errors) > 0 {
				t.Fatalf("import: %v %+v", err, res.Errors)
			}
			return res
		}
		state := func(muni int64) map[string]string {
			t.Helper()
			out := map[string]string{}
			list, _, err := s.List(ctx, muni, Scope{}, Filter{Limit: 1000})
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range list {
				h, err := s.HistoryOf(ctx, muni, m.ID)
				if err != nil {
					t.Fatal(err)
				}
				c := *m
				c.ID, c.UnitID, c.RankID = 0, 0, 0
				out[m.Number] = fmt.Sprintf("%+v %+v", c, h)
			}
			var n int
			d.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_log WHERE municipality_id = $1`, muni).Scan(&n)
			out["audit entries"] = strconv.Itoa(n)
			return out
		}
		first := chunkCSV(45, false)
		moved := chunkCSV(45, true)
		a1 := run(small.ID, 7, 3, first, ImportOptions{AsOf: calendar.D(2026, 4, 1)})
		b1 := run(whole.ID, 500, 500, first, ImportOptions{AsOf: calendar.D(2026, 4, 1)})
		if a1.Added != 45 || b1.Added != 45 {
			t.Fatalf("added %d and %d, want 45", a1.Added, b1.Added)
		}
		a2 := run(small.ID, 7, 3, moved, ImportOptions{AsOf: calendar.D(2026, 10, 1)})
		b2 := run(whole.ID, 500, 500, moved, ImportOptions{AsOf: calendar.D(2026, 10, 1)})
		if a2.Updated != 15 || b2.Updated != 15 || a2.Unchanged != 30 {
			t.Fatalf("moves: %d/%d updated, %d unchanged", a2.Updated, b2.Updated, a2.Unchanged)
		}
		// Retire those missing from a shorter file.
		short := []byte(strings.Join(strings.SplitAfter(string(moved), "\n")[:31], ""))
		a3 := run(small.ID, 7, 3, short, ImportOptions{AsOf: calendar.D(2026, 11, 1), RetireMissing: true})
		b3 := run(whole.ID, 500, 500, short, ImportOptions{AsOf: calendar.D(2026, 11, 1), RetireMissing: true})
		if a3.Retired != 15 || b3.Retired != 15 {
			t.Fatalf("retired %d and %d, want 15", a3.Retired, b3.Retired)
		}
		if got, want := state(small.ID), state(whole.ID); !reflect.DeepEqual(got, want) {
			for k := range want {
				if got[k] != want[k] {
					t.Fatalf("%s differs:\n chunks of 7: %s\n one chunk:   %s", k, got[k], want[k])
				}
			}
			t.Fatalf("states differ: %d and %d entries", len(got), len(want))
		}
		if n, err := audit.Verify(ctx, d.R); err != nil || n == 0 {
			t.Fatalf("audit chain: %d entries, %v", n, err)
		}
	})
}
