package reliability

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"hagukumi/audit"
	"hagukumi/db"
	"hagukumi/staff"
)

// BenchmarkCommit measures what synchronous=FULL costs: one small write
// transaction (an audit entry, as every write in Hagukumi has) committed
// with the setting the app uses (FULL: the WAL is fsynced at every commit)
// against NORMAL (fsynced only at checkpoints, so a machine crash may lose
// the last commits). The FULL case goes through db.Open, so it measures
// exactly what the server runs.
//
//	go test ./reliability -run '^$' -bench Commit -benchtime 2s
func BenchmarkCommit(b *testing.B) {
	for _, mode := range []string{"FULL", "NORMAL"} {
		b.Run(mode, func(b *testing.B) {
			ctx := context.Background()
			path := filepath.Join(b.TempDir(), "bench.db")
			d, err := db.Open(ctx, path)
			if err != nil {
				b.Fatal(err)
			}
			defer d.Close()
			m, err := (&staff.Store{DB: d}).EnsureMunicipality(ctx)
			if err != nil {
				b.Fatal(err)
			}
			w := d.W
			if mode != "FULL" {
				// The same file and pragmas, but synchronous relaxed.
				w, err = sql.Open("sqlite", "file:"+path+"?_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)&_pragma=busy_timeout(10000)&_pragma=synchronous("+mode+")&_time_format=sqlite&_txlock=immediate")
				if err != nil {
					b.Fatal(err)
				}
				w.SetMaxOpenConns(1)
				defer w.Close()
			}
			var sync string
			w.QueryRow(`PRAGMA synchronous`).Scan(&sync)
			if want := map[string]string{"FULL": "2", "NORMAL": "1"}[mode]; sync != want {
				b.Fatalf("synchronous = %s, want %s", sync, want)
			}
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				tx, err := w.BeginTx(ctx, nil)
				if err != nil {
					b.Fatal(err)
				}
				if err := audit.Record(ctx, tx, time.Now(), m.ID, audit.System, "bench", "commit", fmt.Sprint(i), nil); err != nil {
					b.Fatal(err)
				}
				if err := tx.Commit(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
