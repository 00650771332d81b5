package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"hagukumi/audit"
	"hagukumi/db"
	"hagukumi/public"
)

// TestRetentionRunCommand: the command deletes a submission whose
// retention ran out by --as-of, and prints the counts.
func TestRetentionRunCommand(t *testing.T) {
	t.Setenv("HAGUKUMI_ADMIN_PASSWORD", "correct horse battery")
	dsn := filepath.Join(t.TempDir(), "h.db")
	if code, out := backupRun(t, "migrate", "--db", dsn); code != 0 {
		t.Fatal(out)
	}
	ctx := context.Background()
	d, err := db.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	closed := time.Date(2026, 4, 10, 0, 0, 0, 0, time.UTC)
	s := &public.Store{DB: d, Now: func() time.Time { return closed }}
	got, err := s.Submit(ctx, 1, public.Contact{Email: "a@example.jp", Message: "質問"}, "192.0.2.1", true,
		func(string) (string, string) { return "受付", "本文" })
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SetState(ctx, audit.System, 1, got.ID, public.StateClosed); err != nil {
		t.Fatal(err)
	}
	d.Close()
	if code, out := backupRun(t, "retention", "run", "--db", dsn, "--as-of", "2027-04-09"); code != 0 || !strings.Contains(out, "受付 0 件") {
		t.Fatalf("before the day: %d %s", code, out)
	}
	if code, out := backupRun(t, "retention", "run", "--db", dsn, "--as-of", "2027-04-10"); code != 0 || !strings.Contains(out, "受付 1 件、メール 1 通") {
		t.Fatalf("on the day: %d %s", code, out)
	}
	if code, _ := backupRun(t, "retention", "--db", dsn); code == 0 {
		t.Error("retention without run succeeded")
	}
}
