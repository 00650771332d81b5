package db_test

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"syscall"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"

	"hagukumi/db"
	"hagukumi/db/dbtest"
)

// A real unique violation on each engine, from a table that every
// database has: schema_migrations' primary key, and a unique index made
// here.
func TestIsUniqueOnBothEngines(t *testing.T) {
	dbtest.ForEachBackend(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		names, err := db.Migrations(d.Engine)
		if err != nil {
			t.Fatal(err)
		}
		_, err = d.W.ExecContext(ctx, `INSERT INTO schema_migrations (name) VALUES ($1)`, names[0])
		if !db.IsUnique(err) {
			t.Fatalf("duplicate primary key: IsUnique(%v) = false", err)
		}
		if _, err := d.W.ExecContext(ctx, `CREATE TABLE uq_test (id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE)`); err != nil {
			t.Fatal(err)
		}
		if _, err := d.W.ExecContext(ctx, `INSERT INTO uq_test (id, code) VALUES (1, 'a')`); err != nil {
			t.Fatal(err)
		}
		_, err = d.W.ExecContext(ctx, `INSERT INTO uq_test (id, code) VALUES (2, 'a')`)
		if !db.IsUnique(fmt.Errorf("wrapped: %w", err)) {
			t.Fatalf("duplicate unique column: IsUnique(%v) = false", err)
		}
		if db.IsUnavailable(err) || db.IsDiskFull(err) {
			t.Fatalf("a unique violation taken for an outage or a full disk: %v", err)
		}
		// A NOT NULL violation is a constraint error too, but not a unique one.
		_, err = d.W.ExecContext(ctx, `INSERT INTO uq_test (id, code) VALUES (3, NULL)`)
		if err == nil || db.IsUnique(err) {
			t.Fatalf("NOT NULL violation: IsUnique(%v) = true", err)
		}
	})
}

// SQLite's full disk is provoked for real: a page limit makes the file
// "full" after a few pages.
func TestIsDiskFullSQLite(t *testing.T) {
	d := dbtest.OpenSQLite(t)
	ctx := context.Background()
	conn, err := d.W.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `CREATE TABLE full_test (b TEXT)`); err != nil {
		t.Fatal(err)
	}
	var pages int
	if err := conn.QueryRowContext(ctx, `PRAGMA page_count`).Scan(&pages); err != nil {
		t.Fatal(err)
	}
	if _, err := conn.ExecContext(ctx, fmt.Sprintf(`PRAGMA max_page_count = %d`, pages+2)); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 100; i++ {
		_, err = conn.ExecContext(ctx, `INSERT INTO full_test (b) VALUES ($1)`, strings.Repeat("x", 4000))
		if err != nil {
			break
		}
	}
	if !db.IsDiskFull(err) {
		t.Fatalf("insert beyond max_page_count: IsDiskFull(%v) = false", err)
	}
	if db.IsUnavailable(err) || db.IsUnique(err) {
		t.Fatalf("a full database taken for something else: %v", err)
	}
}

func TestErrorClasses(t *testing.T) {
	pg := func(code string) error {
		return fmt.Errorf("query: %w", &pgconn.PgError{Severity: "FATAL", Code: code, Message: "x"})
	}
	opErr := &net.OpError{Op: "read", Net: "tcp", Err: syscall.ECONNRESET}
	for _, c := range []struct {
		name                      string
		err                       error
		unavailable, full, unique bool
	}{
		{"nil", nil, false, false, false},
		{"plain", errors.New("connection refused"), false, false, false}, // the text alone says nothing
		{"context", context.Canceled, false, false, false},
		{"admin shutdown", pg("57P01"), true, false, false},
		{"crash shutdown", pg("57P02"), true, false, false},
		{"starting up", pg("57P03"), true, false, false},
		{"connection failure", pg("08006"), true, false, false},
		{"connection does not exist", pg("08003"), true, false, false},
		{"query cancelled", pg("57014"), false, false, false},
		{"disk full", pg("53100"), false, true, false},
		{"out of memory", pg("53200"), false, false, false},
		{"unique", pg("23505"), false, false, true},
		{"foreign key", pg("23503"), false, false, false},
		{"bad conn", fmt.Errorf("x: %w", driver.ErrBadConn), true, false, false},
		{"conn closed", fmt.Errorf("x: %w", pgconn.ErrConnClosed), true, false, false},
		{"unexpected EOF", fmt.Errorf("x: %w", io.ErrUnexpectedEOF), true, false, false},
		{"reset", opErr, true, false, false},
		{"refused", syscall.ECONNREFUSED, true, false, false},
		{"ENOSPC", fmt.Errorf("write: %w", syscall.ENOSPC), false, true, false},
	} {
		if got := db.IsUnavailable(c.err); got != c.unavailable {
			t.Errorf("%s: IsUnavailable = %v", c.name, got)
		}
		if got := db.IsDiskFull(c.err); got != c.full {
			t.Errorf("%s: IsDiskFull = %v", c.name, got)
		}
		if got := db.IsUnique(c.err); got != c.unique {
			t.Errorf("%s: IsUnique = %v", c.name, got)
		}
	}
}
