// Package db opens the SQLite or PostgreSQL database, applies the embedded
// migrations and offers a small transaction helper. Every query in Hagukumi is
// written once with $1, $2… placeholders and runs unchanged on both engines.
package db

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	_ "modernc.org/sqlite"             // registers the "sqlite" driver
)

//go:embed migrations
var migrationFS embed.FS

// Engine names the database engine behind a DB.
type Engine string

const (
	SQLite   Engine = "sqlite"
	Postgres Engine = "postgres"
)

// DB holds a writer and a reader pool. On SQLite the writer is a single
// connection, so writers queue in Go instead of failing with SQLITE_BUSY, and
// readers run beside it thanks to WAL. On PostgreSQL both are the same pool.
type DB struct {
	Engine Engine
	W      *sql.DB // all writes and read-your-write transactions
	R      *sql.DB // plain reads
	URL    string  // what it was opened with (a file path or a postgres URL)
	Path   string  // the SQLite file, empty on PostgreSQL

	caches sync.Map    // key → value of Cache
	stmts  stmtCache   // Prepared's statements
	wstmts writerStmts // Writes' statements
}

// IsPostgres tells whether a --db value names a PostgreSQL server.
func IsPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// sqlitePragmas are applied to every SQLite connection. synchronous(FULL)
// makes WAL fsync on every commit, so a write acknowledged to a user survives
// a crash of the machine as well as of the process (see SECURITY.md).
//
// cache_size is 8 MB per connection (nine at most): the whole-registry
// reads are served from in-memory copies (staff.directory, training.People),
// so a bigger page cache or mmap would only add to the server's resident
// memory, which BENCHMARKS.md #6 holds under 256 MB at 100,000 staff.
// secure_delete overwrites what a deletion frees: personal data purged at
// the end of its retention period (public forms, registrations) must not
// stay readable in the file's free pages.
const sqlitePragmas = "_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)&_pragma=busy_timeout(10000)&_pragma=synchronous(FULL)&_pragma=secure_delete(1)" +
	"&_pragma=cache_size(-8192)&_time_format=sqlite"

// Open opens a SQLite file path or a postgres:// URL and applies migrations.
func Open(ctx context.Context, dsn string, opts ...Option) (*DB, error) {
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	d, err := open(o, dsn)
	if err != nil {
		return nil, err
	}
	if err := d.Migrate(ctx); err != nil {
		d.Close()
		return nil, err
	}
	return d, nil
}

func open(o options, dsn string) (*DB, error) {
	if IsPostgres(dsn) {
		p, err := sqlOpen(o, "pgx", dsn)
		if err != nil {
			return nil, fmt.Errorf("open postgres: %w", err)
		}
		p.SetMaxOpenConns(20)
		p.SetMaxIdleConns(20)
		p.SetConnMaxIdleTime(5 * time.Minute)
		return &DB{Engine: Postgres, W: p, R: p, URL: dsn}, nil
	}
	path := strings.TrimPrefix(dsn, "sqlite://")
	if path == "" {
		return nil, errors.New("db: empty database path")
	}
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o750); err != nil {
			return nil, fmt.Errorf("create data folder: %w", err)
		}
	}
	u := "file:" + (&url.URL{Path: path}).EscapedPath()
	w, err := sqlOpen(o, "sqlite", u+"?"+sqlitePragmas+"&_txlock=immediate")
	if err != nil {
		return nil, err
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxLifetime(0)
	r, err := sqlOpen(o, "sqlite", u+"?"+sqlitePragmas+"&_pragma=query_only(1)")
	if err != nil {
		w.Close()
		return nil, err
	}
	r.SetMaxOpenConns(8)
	r.SetMaxIdleConns(8)
	d := &DB{Engine: SQLite, W: w, R: r, URL: dsn, Path: path}
	// Touch the writer first so the file and WAL exist before readers open.
	if err := w.Ping(); err != nil {
		d.Close()
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	return d, nil
}

// Close closes both pools.
func (d *DB) Close() error {
	d.stmts.closeStmts()
	d.wstmts.close()
	err := d.W.Close()
	if d.R != d.W {
		if e := d.R.Close(); err == nil {
			err = e
		}
	}
	return err
}

// Ping checks that the database answers.
func (d *DB) Ping(ctx context.Context) error {
	var one int
	return d.R.QueryRowContext(ctx, "SELECT 1").Scan(&one)
}

// Tx runs fn in one write transaction: committed when fn returns nil, rolled
// back otherwise (and on panic). After a commit it prepares on the writer
// the statements that fn ran through Writes unprepared (see writes.go).
func (d *DB) Tx(ctx context.Context, fn func(tx *sql.Tx) error) (err error) {
	tx, err := d.W.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer func() {
		if p := recover(); p != nil {
			tx.Rollback()
			panic(p)
		}
		if err != nil {
			tx.Rollback()
		}
	}()
	if err = fn(tx); err != nil {
		return err
	}
	if err = tx.Commit(); err != nil {
		return err
	}
	d.prepareWanted(context.WithoutCancel(ctx))
	return nil
}

// Migrations lists the embedded migration names for an engine, sorted.
func Migrations(e Engine) ([]string, error) {
	entries, err := fs.ReadDir(migrationFS, "migrations/"+string(e))
	if err != nil {
		return nil, err
	}
	var names []string
	for _, en := range entries {
		if strings.HasSuffix(en.Name(), ".sql") {
			names = append(names, en.Name())
		}
	}
	sort.Strings(names)
	return names, nil
}

// Migrate applies the migrations not yet recorded in schema_migrations, each
// in its own transaction. On PostgreSQL an advisory lock keeps several app
// instances starting at once from applying the same file twice. The lock is
// per schema: deployments (and test runs) in other schemas of the same
// database do not wait for each other.
func (d *DB) Migrate(ctx context.Context) error {
	names, err := Migrations(d.Engine)
	if err != nil {
		return err
	}
	conn, err := d.W.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if d.Engine == Postgres {
		const lockKey = 727274
		if _, err := conn.ExecContext(ctx, "SELECT pg_advisory_lock($1, hashtext(current_schema()))", lockKey); err != nil {
			return fmt.Errorf("migration lock: %w", err)
		}
		defer conn.ExecContext(context.Background(), "SELECT pg_advisory_unlock($1, hashtext(current_schema()))", lockKey)
	}
	if _, err := conn.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY)`); err != nil {
		return fmt.Errorf("create schema_migrations: %w", err)
	}
	for _, name := range names {
		var n int
		if err := conn.QueryRowContext(ctx, `SELECT COUNT(*) FROM schema_migrations WHERE name = $1`, name).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			continue
		}
		body, err := migrationFS.ReadFile("migrations/" + string(d.Engine) + "/" + name)
		if err != nil {
			return err
		}
		tx, err := conn.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, string(body)); err != nil {
			tx.Rollback()
			return fmt.Errorf("migration %s: %w", name, err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (name) VALUES ($1)`, name); err != nil {
			tx.Rollback()
			return err
		}
		if err := tx.Commit(); err != nil {
			return fmt.Errorf("migration %s: %w", name, err)
		}
	}
	return nil
}

// Q is what both *sql.DB and *sql.Tx offer, so store helpers can run inside
// or outside a transaction.
type Q interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// Insert runs an INSERT … RETURNING id and gives the new id.
func Insert(ctx context.Context, q Q, query string, args ...any) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, query, args...).Scan(&id)
	return id, err
}

// Int64s runs a query of one integer column (ids) and returns its values.
func Int64s(ctx context.Context, q Q, query string, args ...any) ([]int64, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var v int64
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}
