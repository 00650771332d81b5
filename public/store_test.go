package public

import (
	"context"
	"testing"
	"time"

	"hagukumi/audit"
	"hagukumi/db"
	"hagukumi/db/dbtest"
	"hagukumi/staff"
)

func newStore(t *testing.T, d *db.DB) (*Store, int64, *time.Time) {
	t.Helper()
	m, err := (&staff.Store{DB: d}).EnsureMunicipality(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	return &Store{DB: d, Now: func() time.Time { return now }}, m.ID, &now
}

func count(t *testing.T, d *db.DB, q string, args ...any) int {
	t.Helper()
	var n int
	if err := d.R.QueryRow(q, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestRetentionPurgesSubmissionAndMails: a closed submission is deleted a
// year after closing with its notes and mails; the audit log keeps one
// entry per deletion with no personal data.
func TestRetentionPurgesSubmissionAndMails(t *testing.T) {
	dbtest.ForEachBackend(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s, muni, now := newStore(t, d)
		mail := func(token string) (string, string) { return "受付", "link " + token }
		old, err := s.Submit(ctx, muni, Contact{Name: "秘密 太郎", Email: "secret@example.jp", Message: "秘密の相談"}, "192.0.2.1", true, mail)
		if err != nil {
			t.Fatal(err)
		}
		open, err := s.Submit(ctx, muni, Contact{Email: "open@example.jp", Message: "まだ対応中"}, "192.0.2.2", true, mail)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.AddNote(ctx, audit.System, muni, old.ID, "電話で回答予定"); err != nil {
			t.Fatal(err)
		}
		if err := s.Reply(ctx, audit.System, muni, old.ID, "回答", "回答します"); err != nil {
			t.Fatal(err)
		}
		if n := count(t, d, `SELECT COUNT(*) FROM mail_queue WHERE to_addr = 'secret@example.jp'`); n != 2 {
			t.Fatalf("%d mails to the sender, want 2", n)
		}
		// Not yet due: nothing is deleted.
		if p, err := s.Purge(ctx, now.AddDate(0, 11, 0)); err != nil || p.Submissions != 0 {
			t.Fatalf("early purge: %+v %v", p, err)
		}
		p, err := s.Purge(ctx, now.AddDate(1, 0, 1))
		if err != nil {
			t.Fatal(err)
		}
		if p.Submissions != 1 || p.Mails != 2 || p.Notes != 2 {
			t.Errorf("purged %+v, want 1 submission, 2 mails, 2 notes", p)
		}
		if n := count(t, d, `SELECT COUNT(*) FROM public_submissions WHERE id = $1`, old.ID); n != 0 {
			t.Error("the expired submission is still there")
		}
		if n := count(t, d, `SELECT COUNT(*) FROM public_submissions WHERE id = $1`, open.ID); n != 1 {
			t.Error("an open submission was deleted")
		}
		if n := count(t, d, `SELECT COUNT(*) FROM mail_queue WHERE to_addr = 'secret@example.jp' OR body LIKE '%秘密%'`); n != 0 {
			t.Errorf("%d mails of the deleted submission remain", n)
		}
		if n := count(t, d, `SELECT COUNT(*) FROM audit_log WHERE action = 'public.purge' AND entity_id = $1`, itoa(int(old.ID))); n != 1 {
			t.Errorf("%d audit entries for the deletion, want 1", n)
		}
		if n := count(t, d, `SELECT COUNT(*) FROM audit_log WHERE detail LIKE '%秘密%' OR detail LIKE '%secret@%'`); n != 0 {
			t.Errorf("%d audit entries hold personal data", n)
		}
		queued, err := s.Submit(ctx, muni, Contact{Message: "放置"}, "192.0.2.9", false, nil)
		if err != nil {
			t.Fatal(err)
		}
		if p, err := s.Purge(ctx, now.AddDate(2, 0, 1)); err != nil || p.Submissions != 1 {
			t.Errorf("a queued submission left for over a year: purged %+v %v", p, err)
		}
		if n := count(t, d, `SELECT COUNT(*) FROM public_submissions WHERE id = $1`, queued.ID); n != 0 {
			t.Error("the forgotten queued submission is still there")
		}
		if _, err := s.Track(ctx, old.Token); err == nil {
			t.Error("the private link still answers after the deletion")
		}
	})
}

func TestWithdrawAndInbox(t *testing.T) {
	dbtest.ForEachBackend(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s, muni, _ := newStore(t, d)
		got, err := s.Submit(ctx, muni, Contact{Message: "質問"}, "192.0.2.3", false, nil)
		if err != nil {
			t.Fatal(err)
		}
		if l, _ := s.List(ctx, muni, Filter{Queue: true}); len(l) != 1 {
			t.Fatalf("queue: %d, want 1", len(l))
		}
		if err := s.Release(ctx, audit.System, muni, got.ID); err != nil {
			t.Fatal(err)
		}
		if l, _ := s.List(ctx, muni, Filter{}); len(l) != 1 || l[0].Queued {
			t.Fatalf("inbox after release: %+v", l)
		}
		if err := s.Withdraw(ctx, got.Token); err != nil {
			t.Fatal(err)
		}
		tr, err := s.Track(ctx, got.Token)
		if err != nil || tr.State != StateWithdrawn {
			t.Fatalf("track %+v %v", tr, err)
		}
		if err := s.Withdraw(ctx, got.Token); err == nil {
			t.Error("withdrawn twice")
		}
		if err := s.SetState(ctx, audit.System, muni+999, got.ID, StateClosed); err == nil {
			t.Error("another municipality changed the submission")
		}
		if c, err := s.Counts(ctx, muni, 2026); err != nil || c[KindContact] != 1 {
			t.Errorf("counts of FY2026: %v %v", c, err)
		}
		if c, err := s.Counts(ctx, muni, 2025); err != nil || c[KindContact] != 0 {
			t.Errorf("counts of FY2025: %v %v", c, err)
		}
	})
}
