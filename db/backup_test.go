package db_test

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"hagukumi/audit"
	"hagukumi/db"
	"hagukumi/db/dbtest"
	"hagukumi/staff"
)

// TestBackupUnderLoad backs up while two writers keep going (audit entries
// one by one, staff imports of 20 rows each), restores the backup into an
// empty database and checks that the copy is one consistent snapshot:
// every table's rows equal the backup's own (SQLite) or the live source's
// rows up to the same point (both engines), the audit chain verifies, and
// the counts lie between those before the backup and those after it.
func TestBackupUnderLoad(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) {
		src := dbtest.OpenSQLite(t)
		dst := filepath.Join(t.TempDir(), "restored.db")
		file := filepath.Join(t.TempDir(), "backup.db")
		bkRoundTrip(t, src, file, dst, func(t *testing.T) *db.DB {
			// A second, independent read of the backup file itself.
			direct, err := sql.Open("sqlite", "file:"+file+"?mode=ro")
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { direct.Close() })
			want := bkChecksums(t, direct, db.SQLite, nil)
			d, err := db.Open(context.Background(), dst)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { d.Close() })
			got := bkChecksums(t, d.R, db.SQLite, nil)
			bkSame(t, "backup file", want, got)
			if err := d.IntegrityCheck(context.Background()); err != nil {
				t.Fatal(err)
			}
			return d
		})
	})
	t.Run("postgres", func(t *testing.T) {
		if dbtest.PostgresURL(t) == "" {
			t.Skip("PostgreSQL skipped: set HAGUKUMI_TEST_POSTGRES to run it")
		}
		src := dbtest.OpenPostgres(t)
		// pg_restore recreates the dumped schema, so the copy goes into a
		// database of its own with the same search_path.
		dst := bkNewDatabase(t, src.URL)
		file := filepath.Join(t.TempDir(), "backup.dump")
		bkRoundTrip(t, src, file, dst, func(t *testing.T) *db.DB {
			d, err := db.Open(context.Background(), dst)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { d.Close() })
			return d
		})
	})
}

// bkRoundTrip loads src, backs it up under load into file, restores it
// into dst and runs the checks common to both engines; open returns the
// restored database after the engine's own checks.
func bkRoundTrip(t *testing.T, src *db.DB, file, dst string, open func(t *testing.T) *db.DB) {
	ctx := context.Background()
	st := &staff.Store{DB: src}
	muni, err := st.EnsureMunicipality(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var batch atomic.Int64
	importBatch := func() error {
		b := batch.Add(1)
		var sb strings.Builder
		sb.WriteString("職員番号,氏名,フリガナ,採用日,雇用区分,所属\n")
		for i := range 20 {
			fmt.Fprintf(&sb, "%d,山田 太郎,ヤマダ タロウ,2020-04-01,正規,総務部 人事課\n", 700000+b*20+int64(i))
		}
		res, err := st.Import(ctx, muni.ID, audit.Actor{Login: "loader"}, "batch.csv", []byte(sb.String()), staff.ImportOptions{})
		if err == nil && !res.Applied {
			err = fmt.Errorf("import not applied: %+v", res.Errors)
		}
		return err
	}
	record := func(i int) error {
		return src.Tx(ctx, func(tx *sql.Tx) error {
			return audit.Record(ctx, tx, time.Now(), muni.ID, audit.Actor{Login: "loader"}, "touch", "test", fmt.Sprint(i), map[string]int{"i": i})
		})
	}
	// Some data before the backup starts.
	for i := range 5 {
		if err := importBatch(); err != nil {
			t.Fatal(err)
		}
		if err := record(i); err != nil {
			t.Fatal(err)
		}
	}
	before := bkCounts(t, src.R, src.Engine)

	stop := make(chan struct{})
	var wg sync.WaitGroup
	var loadErr atomic.Value
	var writes atomic.Int64
	for w := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				var err error
				if w == 0 {
					err = record(1000 + i)
				} else {
					err = importBatch()
				}
				if err != nil {
					loadErr.Store(err)
					return
				}
				writes.Add(1)
			}
		}()
	}
	// Let the load run before and during the backup.
	time.Sleep(300 * time.Millisecond)
	atBackup := writes.Load()
	berr := src.Backup(ctx, file)
	// Writes go on after the backup, so the copy is older than the source.
	for deadline := time.Now().Add(20 * time.Second); writes.Load() < atBackup+2 && time.Now().Before(deadline); {
		time.Sleep(10 * time.Millisecond)
	}
	close(stop)
	wg.Wait()
	if err, _ := loadErr.Load().(error); err != nil {
		t.Fatalf("load: %v", err)
	}
	if berr != nil {
		t.Fatalf("backup: %v", berr)
	}
	after := bkCounts(t, src.R, src.Engine)
	t.Logf("writes during the test: %d (%d when the backup started)", writes.Load(), atBackup)
	if writes.Load() <= atBackup {
		t.Fatalf("no write ran beside the backup")
	}

	// A second backup to the same name is refused, the first one kept.
	if err := src.Backup(ctx, file); err == nil || !strings.Contains(err.Error(), "既にあります") {
		t.Fatalf("backup over an existing file: %v", err)
	}
	if err := db.Restore(ctx, dst, file); err != nil {
		t.Fatalf("restore: %v", err)
	}
	r := open(t)
	got := bkCounts(t, r.R, r.Engine)
	for table, n := range got {
		if n < before[table] || n > after[table] {
			t.Errorf("%s: %d rows restored, %d before the backup, %d after it", table, n, before[table], after[table])
		}
	}
	if got["staff"]%20 != 0 {
		t.Errorf("staff rows %d: an import is cut in the middle", got["staff"])
	}
	n, err := audit.Verify(ctx, r.R)
	if err != nil {
		t.Fatalf("audit chain of the restored copy: %v", err)
	}
	// Every staff row and its audit entry are in the same snapshot.
	var adds int
	if err := r.R.QueryRow(`SELECT COUNT(*) FROM audit_log WHERE action = 'import_add'`).Scan(&adds); err != nil {
		t.Fatal(err)
	}
	if adds != got["staff"] {
		t.Errorf("%d staff rows but %d import_add audit entries", got["staff"], adds)
	}
	// Rows of append-only tables equal the source's up to the copy's last id.
	for _, table := range []string{"staff", "audit_log", "staff_assignments", "org_units", "municipalities", "users"} {
		var max sql.NullInt64
		if err := r.R.QueryRow(`SELECT MAX(id) FROM ` + table).Scan(&max); err != nil {
			t.Fatal(err)
		}
		lim := &max.Int64
		want := bkChecksums(t, src.R, src.Engine, lim, table)[table]
		have := bkChecksums(t, r.R, r.Engine, lim, table)[table]
		if want != have {
			t.Errorf("%s: restored rows differ from the source's rows up to id %d", table, max.Int64)
		}
	}
	t.Logf("%s: restored %v (before %v, after %v); audit chain %d entries verified", src.Engine, got, before, after, n)

	// A restore into a database that now holds data is refused.
	err = db.Restore(ctx, dst, file)
	var ne *db.NotEmptyError
	if !errors.As(err, &ne) || !strings.Contains(err.Error(), "既にデータがあります") {
		t.Fatalf("restore into a database with data: %v", err)
	}
}

// bkTables lists the user tables of a database.
func bkTables(t *testing.T, q db.Q, e db.Engine) []string {
	t.Helper()
	query := `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`
	if e == db.Postgres {
		query = `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`
	}
	rows, err := q.QueryContext(context.Background(), query)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		rows.Scan(&s)
		out = append(out, s)
	}
	sort.Strings(out)
	return out
}

func bkCounts(t *testing.T, q db.Q, e db.Engine) map[string]int {
	t.Helper()
	out := map[string]int{}
	for _, table := range bkTables(t, q, e) {
		var n int
		if err := q.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM `+table).Scan(&n); err != nil {
			t.Fatal(err)
		}
		out[table] = n
	}
	return out
}

// bkChecksums hashes every row of every table (all columns), independent of
// row order; with maxID only the rows up to that id (the tables must then
// have an integer id column).
func bkChecksums(t *testing.T, q db.Q, e db.Engine, maxID *int64, tables ...string) map[string]string {
	t.Helper()
	out := map[string]string{}
	if tables == nil {
		tables = bkTables(t, q, e)
	}
	for _, table := range tables {
		query := `SELECT * FROM ` + table
		var args []any
		if maxID != nil {
			query += ` WHERE id <= $1`
			args = append(args, *maxID)
		}
		rows, err := q.QueryContext(context.Background(), query, args...)
		if err != nil {
			t.Fatalf("%s: %v", table, err)
		}
		cols, _ := rows.Columns()
		var hashes []string
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			h := sha256.New()
			for i, v := range vals {
				if tm, ok := v.(time.Time); ok {
					v = tm.UTC().Format(time.RFC3339Nano)
				}
				fmt.Fprintf(h, "%s=%T:%v\x00", cols[i], v, v)
			}
			hashes = append(hashes, hex.EncodeToString(h.Sum(nil)))
		}
		rows.Close()
		sort.Strings(hashes)
		sum := sha256.Sum256([]byte(strings.Join(hashes, "")))
		out[table] = fmt.Sprintf("%d:%x", len(hashes), sum[:8])
	}
	return out
}

func bkSame(t *testing.T, what string, want, got map[string]string) {
	t.Helper()
	if len(want) == 0 {
		t.Fatalf("%s: no tables", what)
	}
	for table, w := range want {
		if got[table] != w {
			t.Errorf("%s: table %s: backup %s, restored %s", what, table, w, got[table])
		}
	}
	for table := range got {
		if _, ok := want[table]; !ok {
			t.Errorf("%s: table %s only in the restored copy", what, table)
		}
	}
}

// bkNewDatabase creates an empty database on the test server and returns
// the URL of src pointed at it (same search_path); it is dropped at the end.
func bkNewDatabase(t *testing.T, src string) string {
	t.Helper()
	b := make([]byte, 5)
	rand.Read(b)
	name := "hg_restore_" + hex.EncodeToString(b)
	admin, err := sql.Open("pgx", dbtest.PostgresURL(t))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := admin.Exec(`CREATE DATABASE ` + name); err != nil {
		admin.Close()
		t.Fatal(err)
	}
	t.Cleanup(func() {
		admin.Exec(`DROP DATABASE IF EXISTS ` + name + ` WITH (FORCE)`)
		admin.Close()
	})
	u, err := url.Parse(src)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	return u.String()
}

// TestRestoreRefusals covers the cases a restore must refuse without
// touching anything.
func TestRestoreRefusals(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	if err := db.Restore(ctx, filepath.Join(dir, "x.db"), filepath.Join(dir, "missing.db")); err == nil {
		t.Fatal("restore of a missing file succeeded")
	}
	junk := filepath.Join(dir, "junk.db")
	os.WriteFile(junk, []byte("not a database at all, just text"), 0o600)
	if err := db.Restore(ctx, filepath.Join(dir, "y.db"), junk); err == nil {
		t.Fatal("restore of a junk file succeeded")
	}
	if _, err := os.Stat(filepath.Join(dir, "y.db")); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("a refused restore left a file behind: %v", err)
	}
	// An empty existing target is refused too: the operator removes it.
	d := dbtest.OpenSQLite(t)
	file := filepath.Join(dir, "b.db")
	if err := d.Backup(ctx, file); err != nil {
		t.Fatal(err)
	}
	err := db.Restore(ctx, d.Path, file)
	if err == nil || !strings.Contains(err.Error(), "既にあります") {
		t.Fatalf("restore over an existing empty file: %v", err)
	}
	// A stray WAL beside the target would be replayed into the copy.
	stray := filepath.Join(dir, "z.db")
	os.WriteFile(stray+"-wal", []byte("x"), 0o600)
	if err := db.Restore(ctx, stray, file); err == nil {
		t.Fatal("restore beside a stray WAL succeeded")
	}
	if fi, err := os.Stat(file); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("backup file mode: %v %v", fi.Mode(), err)
	}
}
