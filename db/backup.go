package db

import (
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// A backup is one consistent snapshot of the whole database, taken while the
// server keeps running:
//
//   - SQLite: VACUUM INTO on a separate read-only connection. It runs in one
//     read transaction, so WAL lets writers go on beside it and the copy is
//     the database as of that transaction's start. The copy is written under
//     a temporary name, fsynced and only then linked to its final name, so a
//     crash never leaves a half-written file that looks like a backup.
//   - PostgreSQL: pg_dump in its custom format, which reads everything in
//     one repeatable-read snapshot by nature.
//
// A restore goes only into an empty database, so that it can never mix two
// cities' data or overwrite live records.

// NotEmptyError refuses a restore into a database that already holds data.
type NotEmptyError struct {
	Target       string
	Staff, Users int
}

func (e *NotEmptyError) Error() string {
	return fmt.Sprintf("復元先のデータベースには既にデータがあります（職員 %d 人、利用者 %d 人）。復元は空のデータベースにだけ行えます。新しいファイル名か、新しく作成したデータベースを指定してください。", e.Staff, e.Users)
}

// Backup writes a consistent copy of the open database to path, which must
// not exist yet.
func (d *DB) Backup(ctx context.Context, path string) error {
	if d.Engine == Postgres {
		return pgDump(ctx, d.URL, path)
	}
	return sqliteBackup(ctx, d.Path, path)
}

// BackupDSN backs up the database named by a --db value without opening it
// for writing and without applying migrations, so it is safe while a server
// of another version runs on it.
func BackupDSN(ctx context.Context, dsn, path string) error {
	if IsPostgres(dsn) {
		return pgDump(ctx, dsn, path)
	}
	src := strings.TrimPrefix(dsn, "sqlite://")
	if _, err := os.Stat(src); err != nil {
		return fmt.Errorf("バックアップ元のデータベース %s がありません: %w", src, err)
	}
	return sqliteBackup(ctx, src, path)
}

// Restore puts a backup made by Backup into the empty database named by dsn
// and checks it. The caller opens the result with Open to apply migrations
// newer than the backup.
func Restore(ctx context.Context, dsn, path string) error {
	if _, err := os.Stat(path); err != nil {
		return fmt.Errorf("バックアップファイル %s を読めません: %w", path, err)
	}
	if IsPostgres(dsn) {
		return pgRestore(ctx, dsn, path)
	}
	return sqliteRestore(ctx, strings.TrimPrefix(dsn, "sqlite://"), path)
}

// ---------------------------------------------------------------- SQLite

func sqliteURI(path, query string) string {
	return "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + query
}

// reserve creates an empty, private temporary file beside dst, after
// checking that dst itself does not exist.
func reserve(dst string) (string, error) {
	if _, err := os.Lstat(dst); err == nil {
		return "", fmt.Errorf("%s は既にあります。上書きはしません。別のファイル名を指定してください", dst)
	} else if !errors.Is(err, os.ErrNotExist) {
		return "", err
	}
	abs, err := filepath.Abs(dst)
	if err != nil {
		return "", err
	}
	if err := os.MkdirAll(filepath.Dir(abs), 0o750); err != nil {
		return "", err
	}
	b := make([]byte, 6)
	rand.Read(b)
	tmp := abs + ".tmp-" + hex.EncodeToString(b)
	// 0600: a backup holds every staff member's personal data.
	f, err := os.OpenFile(tmp, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return "", err
	}
	return tmp, f.Close()
}

// publish makes the finished temporary file durable and gives it its final
// name; os.Link fails if dst appeared meanwhile, so nothing is overwritten.
func publish(tmp, dst string) error {
	defer os.Remove(tmp)
	f, err := os.OpenFile(tmp, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	err = f.Sync()
	if e := f.Close(); err == nil {
		err = e
	}
	if err != nil {
		return fmt.Errorf("バックアップをディスクに書き出せません: %w", err)
	}
	if err := os.Link(tmp, dst); err != nil {
		if errors.Is(err, os.ErrExist) {
			return fmt.Errorf("%s は既にあります。上書きはしません。別のファイル名を指定してください", dst)
		}
		return err
	}
	return syncDir(filepath.Dir(dst))
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

func sqliteBackup(ctx context.Context, src, dst string) error {
	tmp, err := reserve(dst)
	if err != nil {
		return err
	}
	// A read-only connection of its own: the read pool is query_only, which
	// SQLite also applies to VACUUM INTO, and the writer must stay free.
	c, err := sql.Open("sqlite", sqliteURI(src, "mode=ro&_pragma=busy_timeout(10000)"))
	if err != nil {
		os.Remove(tmp)
		return err
	}
	defer c.Close()
	c.SetMaxOpenConns(1)
	if _, err := c.ExecContext(ctx, `VACUUM INTO $1`, tmp); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("バックアップに失敗しました: %w", err)
	}
	return publish(tmp, dst)
}

// sqliteCounts reads how many staff and users a SQLite file holds; a file
// without those tables holds none.
func sqliteCounts(ctx context.Context, path string) (staff, users int, err error) {
	c, err := sql.Open("sqlite", sqliteURI(path, "mode=ro&_pragma=busy_timeout(10000)"))
	if err != nil {
		return 0, 0, err
	}
	defer c.Close()
	return counts(ctx, c, `SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = $1`)
}

func counts(ctx context.Context, c *sql.DB, exists string) (staff, users int, err error) {
	for _, x := range []struct {
		table string
		n     *int
	}{{"staff", &staff}, {"users", &users}} {
		var has int
		if err := c.QueryRowContext(ctx, exists, x.table).Scan(&has); err != nil {
			return 0, 0, err
		}
		if has == 0 {
			continue
		}
		if err := c.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+x.table).Scan(x.n); err != nil {
			return 0, 0, err
		}
	}
	return staff, users, nil
}

// IntegrityCheck runs SQLite's PRAGMA integrity_check and returns nil when
// it answers "ok". On PostgreSQL it only checks that the server answers.
func (d *DB) IntegrityCheck(ctx context.Context) error {
	if d.Engine == Postgres {
		return d.Ping(ctx)
	}
	return integrity(ctx, d.R)
}

func integrity(ctx context.Context, q Q) error {
	rows, err := q.QueryContext(ctx, `PRAGMA integrity_check`)
	if err != nil {
		return err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return err
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if len(out) != 1 || out[0] != "ok" {
		return fmt.Errorf("整合性検査に失敗しました: %s", strings.Join(out, "; "))
	}
	return nil
}

func sqliteRestore(ctx context.Context, dst, backup string) error {
	if dst == "" {
		return errors.New("db: empty database path")
	}
	if _, err := os.Stat(dst); err == nil {
		st, us, err := sqliteCounts(ctx, dst)
		if err != nil {
			return fmt.Errorf("復元先 %s は既にありますが、読めません: %w", dst, err)
		}
		if st+us > 0 {
			return &NotEmptyError{Target: dst, Staff: st, Users: us}
		}
		return fmt.Errorf("復元先 %s は既にあります（データは空です）。このファイルを削除するか、まだないファイル名を指定してください", dst)
	}
	// A WAL left behind by an earlier file of the same name would be
	// replayed into the restored copy.
	for _, sfx := range []string{"-wal", "-journal"} {
		if _, err := os.Stat(dst + sfx); err == nil {
			return fmt.Errorf("復元先に古い %s が残っています。削除してからやり直してください", dst+sfx)
		}
	}
	// Check the backup before putting it in place.
	src, err := sql.Open("sqlite", sqliteURI(backup, "mode=ro"))
	if err != nil {
		return err
	}
	var tables int
	err = src.QueryRowContext(ctx, `SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'`).Scan(&tables)
	if err == nil && tables == 0 {
		err = errors.New("はぐくみのデータベースではありません")
	}
	if err == nil {
		err = integrity(ctx, src)
	}
	src.Close()
	if err != nil {
		return fmt.Errorf("バックアップファイル %s は使えません: %w", backup, err)
	}

	tmp, err := reserve(dst)
	if err != nil {
		return err
	}
	if err := copyInto(tmp, backup); err != nil {
		os.Remove(tmp)
		return err
	}
	if err := publish(tmp, dst); err != nil {
		return err
	}
	// Open it as the server will (WAL, migrations) and check it once more.
	d, err := Open(ctx, dst)
	if err != nil {
		return fmt.Errorf("復元したデータベースを開けません: %w", err)
	}
	defer d.Close()
	return d.IntegrityCheck(ctx)
}

func copyInto(dst, src string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_TRUNC, 0)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// ---------------------------------------------------------------- PostgreSQL

// libpqParams are the URI parameters pg_dump and pg_restore understand.
// Others in a Hagukumi URL are pgx run-time settings (search_path, say),
// which libpq would reject.
var libpqParams = map[string]bool{
	"host": true, "hostaddr": true, "port": true, "dbname": true, "user": true, "passfile": true,
	"channel_binding": true, "connect_timeout": true, "client_encoding": true, "options": true,
	"application_name": true, "fallback_application_name": true, "keepalives": true, "keepalives_idle": true,
	"keepalives_interval": true, "keepalives_count": true, "tcp_user_timeout": true, "sslmode": true,
	"sslcompression": true, "sslcert": true, "sslkey": true, "sslpassword": true, "sslrootcert": true,
	"sslcrl": true, "sslcrldir": true, "sslsni": true, "requirepeer": true, "ssl_min_protocol_version": true,
	"ssl_max_protocol_version": true, "gssencmode": true, "krbsrvname": true, "gsslib": true,
	"service": true, "target_session_attrs": true, "load_balance_hosts": true, "sslnegotiation": true,
	"sslcertmode": true, "require_auth": true,
}

// pgTarget turns a Hagukumi URL into what the PostgreSQL tools take: a
// libpq URL without the password (which goes in the environment, so it does
// not show in the process list) and the schema named by search_path.
func pgTarget(dsn string) (conn string, schema string, env []string, err error) {
	u, err := url.Parse(dsn)
	if err != nil {
		return "", "", nil, fmt.Errorf("PostgreSQL の URL が読めません: %w", err)
	}
	q := u.Query()
	if sp := q.Get("search_path"); sp != "" {
		schema = strings.TrimSpace(strings.Split(sp, ",")[0])
	}
	for k := range q {
		if !libpqParams[k] {
			q.Del(k)
		}
	}
	if p := q.Get("password"); p != "" {
		env = append(env, "PGPASSWORD="+p)
		q.Del("password")
	}
	if u.User != nil {
		if p, ok := u.User.Password(); ok {
			env = append(env, "PGPASSWORD="+p)
			u.User = url.User(u.User.Username())
		}
	}
	u.RawQuery = q.Encode()
	return u.String(), schema, env, nil
}

func pgTool(ctx context.Context, env []string, name string, args ...string) error {
	bin, err := exec.LookPath(name)
	if err != nil {
		return fmt.Errorf("%s が見つかりません。PostgreSQL のクライアント（postgresql-client、サーバーと同じかそれより新しい版）を入れてください", name)
	}
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Env = append(os.Environ(), env...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	cmd.Stdout = &stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("%s に失敗しました: %v: %s", name, err, strings.TrimSpace(stderr.String()))
	}
	return nil
}

func pgDump(ctx context.Context, dsn, dst string) error {
	conn, schema, env, err := pgTarget(dsn)
	if err != nil {
		return err
	}
	if _, err := exec.LookPath("pg_dump"); err != nil {
		return pgTool(ctx, nil, "pg_dump")
	}
	tmp, err := reserve(dst)
	if err != nil {
		return err
	}
	args := []string{"--format=custom", "--file", tmp}
	if schema != "" {
		args = append(args, "--schema", schema)
	}
	args = append(args, "--dbname", conn)
	if err := pgTool(ctx, env, "pg_dump", args...); err != nil {
		os.Remove(tmp)
		return err
	}
	return publish(tmp, dst)
}

func pgRestore(ctx context.Context, dsn, backup string) error {
	conn, _, env, err := pgTarget(dsn)
	if err != nil {
		return err
	}
	if _, err := exec.LookPath("pg_restore"); err != nil {
		return pgTool(ctx, nil, "pg_restore")
	}
	c, err := sql.Open("pgx", dsn)
	if err != nil {
		return err
	}
	st, us, err := counts(ctx, c, `SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = $1`)
	var migrated int
	if err == nil {
		err = c.QueryRowContext(ctx, `SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema()`).Scan(&migrated)
	}
	c.Close()
	if err != nil {
		return fmt.Errorf("復元先のデータベースに接続できません: %w", err)
	}
	if st+us > 0 {
		return &NotEmptyError{Target: dsn, Staff: st, Users: us}
	}
	// One transaction: a restore that fails half-way leaves nothing behind.
	args := []string{"--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error"}
	if migrated > 0 {
		// Empty tables made by a first start: the dump's own replace them.
		args = append(args, "--clean", "--if-exists")
	}
	args = append(args, "--dbname", conn, backup)
	return pgTool(ctx, env, "pg_restore", args...)
}
