package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"hagukumi/audit"
	"hagukumi/db"
)

// backupCmd takes a consistent copy of the database while the server keeps
// running (SQLite: VACUUM INTO; PostgreSQL: pg_dump, one snapshot).
func backupCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var cfg Config
	fs := newFlags("backup", &cfg, stderr)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return fmt.Errorf("使い方: hagukumi backup [--db PATH|URL] FILE（FILE は新しいファイル名。既存のファイルは上書きしません）")
	}
	file := fs.Arg(0)
	start := time.Now()
	if err := db.BackupDSN(ctx, cfg.DB, file); err != nil {
		return err
	}
	var size int64
	if fi, err := os.Stat(file); err == nil {
		size = fi.Size()
	}
	fmt.Fprintf(stdout, "バックアップを作成しました: %s（%d バイト、%.1f 秒）\n", file, size, time.Since(start).Seconds())
	return nil
}

// restoreCmd puts a backup into an empty database, then opens it as the
// server would (applying newer migrations) and verifies the audit chain.
func restoreCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var cfg Config
	fs := newFlags("restore", &cfg, stderr)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return fmt.Errorf("使い方: hagukumi restore [--db PATH|URL] FILE（--db は空のデータベース。SQLite ではまだないファイル名）")
	}
	if err := db.Restore(ctx, cfg.DB, fs.Arg(0)); err != nil {
		return err
	}
	d, err := db.Open(ctx, cfg.DB)
	if err != nil {
		return fmt.Errorf("復元したデータベースを開けません: %w", err)
	}
	defer d.Close()
	if err := d.IntegrityCheck(ctx); err != nil {
		return err
	}
	n, err := audit.Verify(ctx, d.R)
	if err != nil {
		return fmt.Errorf("復元したデータの監査ログを検証できません: %w", err)
	}
	var staffN, users int
	d.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM staff`).Scan(&staffN)
	d.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM users`).Scan(&users)
	fmt.Fprintf(stdout, "復元しました: 職員 %d 人、利用者 %d 人、監査ログ %d 件（ハッシュ連鎖を検証済み、改ざんなし）。\n", staffN, users, n)
	return nil
}
