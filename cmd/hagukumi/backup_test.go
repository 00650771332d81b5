package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"hagukumi/db/dbtest"
)

// backupRun runs one command line and returns its exit code and output.
func backupRun(t *testing.T, args ...string) (int, string) {
	t.Helper()
	var out bytes.Buffer
	code := run(context.Background(), args, &out, &out)
	return code, out.String()
}

// backupSeed makes a database with an admin and three staff members.
func backupSeed(t *testing.T, dsn string) {
	t.Helper()
	t.Setenv("HAGUKUMI_ADMIN_PASSWORD", "correct horse battery")
	csv := filepath.Join(t.TempDir(), "staff.csv")
	os.WriteFile(csv, []byte("職員番号,氏名,フリガナ,採用日,雇用区分,所属\n"+
		"500001,山田 太郎,ヤマダ タロウ,2020-04-01,正規,総務部 人事課\n"+
		"500002,佐藤 花子,サトウ ハナコ,2019-04-01,正規,総務部 人事課\n"+
		"500003,髙橋 一樹,タカハシ カズキ,2018-04-01,再任用,市民部 市民課\n"), 0o600)
	if code, out := backupRun(t, "import", "staff", "--db", dsn, csv); code != 0 {
		t.Fatalf("import: %d %s", code, out)
	}
}

func TestBackupRestoreCommandsSQLite(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "live.db")
	backupSeed(t, src)
	file := filepath.Join(dir, "backup", "hagukumi-20250401.db")
	code, out := backupRun(t, "backup", "--db", src, file)
	if code != 0 || !strings.Contains(out, "バックアップを作成しました") {
		t.Fatalf("backup: %d %s", code, out)
	}
	if code, out := backupRun(t, "backup", "--db", src, file); code == 0 || !strings.Contains(out, "既にあります") {
		t.Fatalf("backup over an existing file: %d %s", code, out)
	}
	if code, out := backupRun(t, "backup", "--db", filepath.Join(dir, "nothing.db"), filepath.Join(dir, "x.db")); code == 0 || !strings.Contains(out, "ありません") {
		t.Fatalf("backup of a missing database: %d %s", code, out)
	}
	if _, err := os.Stat(filepath.Join(dir, "nothing.db")); err == nil {
		t.Fatal("backup of a missing database created it")
	}

	dst := filepath.Join(dir, "restored.db")
	code, out = backupRun(t, "restore", "--db", dst, file)
	if code != 0 || !strings.Contains(out, "職員 3 人、利用者 1 人") {
		t.Fatalf("restore: %d %s", code, out)
	}
	if code, out := backupRun(t, "audit", "verify", "--db", dst); code != 0 {
		t.Fatalf("audit verify of the restored copy: %d %s", code, out)
	}
	// The live database holds data: a restore into it is refused.
	code, out = backupRun(t, "restore", "--db", src, file)
	if code == 0 || !strings.Contains(out, "既にデータがあります（職員 3 人、利用者 1 人）") {
		t.Fatalf("restore into a database with data: %d %s", code, out)
	}
	if code, _ := backupRun(t, "backup", "--db", src); code == 0 {
		t.Fatal("backup without FILE succeeded")
	}
}

func TestBackupRestoreCommandsPostgres(t *testing.T) {
	if dbtest.PostgresURL(t) == "" {
		t.Skip("PostgreSQL skipped: set HAGUKUMI_TEST_POSTGRES to run it")
	}
	src := dbtest.NewPostgresURL(t)
	backupSeed(t, src)
	file := filepath.Join(t.TempDir(), "hagukumi.dump")
	if code, out := backupRun(t, "backup", "--db", src, file); code != 0 {
		t.Fatalf("backup: %d %s", code, out)
	}
	// Into a new database of its own (pg_restore recreates the schema).
	b := make([]byte, 5)
	rand.Read(b)
	name := "hg_restore_" + hex.EncodeToString(b)
	admin, err := sql.Open("pgx", dbtest.PostgresURL(t))
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	if _, err := admin.Exec(`CREATE DATABASE ` + name); err != nil {
		t.Fatal(err)
	}
	defer admin.Exec(`DROP DATABASE IF EXISTS ` + name + ` WITH (FORCE)`)
	u, _ := url.Parse(src)
	u.Path = "/" + name
	dst := u.String()
	code, out := backupRun(t, "restore", "--db", dst, file)
	if code != 0 || !strings.Contains(out, "職員 3 人、利用者 1 人") {
		t.Fatalf("restore: %d %s", code, out)
	}
	code, out = backupRun(t, "restore", "--db", src, file)
	if code == 0 || !strings.Contains(out, "既にデータがあります") {
		t.Fatalf("restore into a database with data: %d %s", code, out)
	}
}
