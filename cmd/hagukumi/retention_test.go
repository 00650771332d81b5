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
	"hagukumi/recruit"
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

// TestRetentionRunRecruit: the command blanks a briefing's registrants
// the day after its retention ends (default: the end of the next fiscal
// year), deletes their submissions and mails, and prints the counts.
func TestRetentionRunRecruit(t *testing.T) {
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
	now := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	st := &recruit.Store{DB: d, Now: clock, Pub: &public.Store{DB: d, Now: clock}}
	e := recruit.Event{Title: "説明会", Published: true, Sessions: []recruit.Session{{StartsAt: time.Date(2026, 6, 20, 4, 0, 0, 0, time.UTC), Capacity: 10, Place: "本庁舎"}}}
	if err := st.CreateEvent(ctx, audit.System, 1, &e); err != nil {
		t.Fatal(err)
	}
	g := recruit.Registration{Name: "消える 名前", Kana: "キエル", Email: "gone@example.jp", University: "静岡大学", GraduationYear: 2027, SessionID: e.Sessions[0].ID}
	if _, err := st.Register(ctx, 1, e.ID, &g, "192.0.2.1", false, func(token, state string) (string, string) { return "受付", "本文 " + token }); err != nil {
		t.Fatal(err)
	}
	d.Close()
	if code, out := backupRun(t, "retention", "run", "--db", dsn, "--as-of", "2028-03-31"); code != 0 || !strings.Contains(out, "説明会 0 件") {
		t.Fatalf("on the last day: %d %s", code, out)
	}
	if code, out := backupRun(t, "retention", "run", "--db", dsn, "--as-of", "2028-04-01"); code != 0 || !strings.Contains(out, "説明会 1 件、参加登録 1 件、公開フォームの受付 1 件、メール 1 通") {
		t.Fatalf("the day after: %d %s", code, out)
	}
	if d, err = db.Open(ctx, dsn); err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	var n int
	d.R.QueryRow(`SELECT COUNT(*) FROM recruit_registrations WHERE name <> '' OR email <> ''`).Scan(&n)
	if n != 0 {
		t.Errorf("%d registrations still name someone", n)
	}
}
