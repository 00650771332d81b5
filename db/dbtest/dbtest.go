// Package dbtest runs one test body on every database engine: SQLite always,
// PostgreSQL when HAGUKUMI_TEST_POSTGRES holds a URL. Each PostgreSQL test gets
// a schema of its own, so tests may run in parallel.
package dbtest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"hagukumi/db"
)

// PostgresURL is the server the PostgreSQL half of the suite uses, or "".
func PostgresURL(t testing.TB) string {
	u := os.Getenv("HAGUKUMI_TEST_POSTGRES")
	if u == "" && os.Getenv("CI") == "true" {
		t.Fatal("CI=true but HAGUKUMI_TEST_POSTGRES is not set: the PostgreSQL half of the suite must run in CI")
	}
	return u
}

// ForEachBackend runs fn once per available engine, each with a fresh,
// migrated database.
func ForEachBackend(t *testing.T, fn func(t *testing.T, d *db.DB)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) {
		fn(t, OpenSQLite(t))
	})
	t.Run("postgres", func(t *testing.T) {
		if PostgresURL(t) == "" {
			t.Skip("PostgreSQL skipped: set HAGUKUMI_TEST_POSTGRES=postgres://postgres@127.0.0.1:5432/test to run it")
		}
		fn(t, OpenPostgres(t))
	})
}

// OpenSQLite opens a migrated SQLite database in a temporary folder. Test
// databases count statements (db.WithCounter) so a test can bound them.
func OpenSQLite(t testing.TB) *db.DB {
	t.Helper()
	d, err := db.Open(context.Background(), filepath.Join(t.TempDir(), "test.db"), db.WithStatementCounts())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	return d
}

// NewPostgresURL creates an empty schema on the test server and returns a URL
// whose connections use it; the schema is dropped when the test ends.
func NewPostgresURL(t testing.TB) string {
	t.Helper()
	base := PostgresURL(t)
	if base == "" {
		t.Skip("PostgreSQL skipped: HAGUKUMI_TEST_POSTGRES is not set")
	}
	b := make([]byte, 6)
	rand.Read(b)
	schema := "t_" + hex.EncodeToString(b)
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := admin.Exec("CREATE SCHEMA " + schema); err != nil {
		admin.Close()
		t.Fatalf("PostgreSQL at HAGUKUMI_TEST_POSTGRES is not reachable: %v", err)
	}
	t.Cleanup(func() {
		admin.Exec("DROP SCHEMA " + schema + " CASCADE")
		admin.Close()
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// OpenPostgres opens a migrated database in a fresh schema.
func OpenPostgres(t testing.TB) *db.DB {
	t.Helper()
	d, err := db.Open(context.Background(), NewPostgresURL(t), db.WithStatementCounts())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	return d
}
