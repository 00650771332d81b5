package db_test

import (
	"context"
	"reflect"
	"sort"
	"testing"

	"hagukumi/db"
	"hagukumi/db/dbtest"
)

// Both engines must list the same migration files.
func TestMigrationsMatch(t *testing.T) {
	s, err := db.Migrations(db.SQLite)
	if err != nil {
		t.Fatal(err)
	}
	p, err := db.Migrations(db.Postgres)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(s, p) || len(s) == 0 {
		t.Fatalf("migration files differ: sqlite %v, postgres %v", s, p)
	}
}

// columns lists table.column names of the user schema.
func columns(t *testing.T, d *db.DB) []string {
	t.Helper()
	var q string
	if d.Engine == db.SQLite {
		q = `SELECT m.name || '.' || p.name FROM sqlite_master m, pragma_table_info(m.name) p
		      WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'`
	} else {
		q = `SELECT table_name || '.' || column_name FROM information_schema.columns
		      WHERE table_schema = current_schema()`
	}
	rows, err := d.R.Query(q)
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

// Both engines must yield the same tables and columns.
func TestSchemasMatch(t *testing.T) {
	sq := columns(t, dbtest.OpenSQLite(t))
	if dbtest.PostgresURL(t) == "" {
		t.Skip("PostgreSQL skipped: HAGUKUMI_TEST_POSTGRES is not set")
	}
	pg := columns(t, dbtest.OpenPostgres(t))
	if !reflect.DeepEqual(sq, pg) {
		t.Fatalf("schemas differ:\nsqlite   %v\npostgres %v", sq, pg)
	}
}

func TestMigrateTwiceAndTx(t *testing.T) {
	dbtest.ForEachBackend(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		if err := d.Migrate(ctx); err != nil {
			t.Fatalf("second migrate: %v", err)
		}
		if err := d.Ping(ctx); err != nil {
			t.Fatal(err)
		}
	})
}
