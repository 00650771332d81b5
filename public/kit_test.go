package public

import (
	"context"
	"database/sql"
	"errors"
	"testing"
	"time"

	"hagukumi/audit"
	"hagukumi/db"
	"hagukumi/db/dbtest"
)

// TestCheck: the verdict of the shared guards for each way a form comes in.
func TestCheck(t *testing.T) {
	key := []byte("0123456789abcdef0123456789abcdef")
	now := time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC)
	stamp := Stamp(key, now.Add(-time.Minute))
	nonce := ""
	for i := 0; nonce == ""; i++ {
		if n := itoa(i); Solved(stamp, n) {
			nonce = n
		}
	}
	cases := []struct {
		name                 string
		honeypot, stamp, pow string
		want                 Verdict
	}{
		{"a person with a browser", "", stamp, nonce, Pass},
		{"only the form's fields, no guard fields", "", "", "", Queue},
		{"puzzle not solved", "", stamp, "x", Queue},
		{"forged stamp", "", stamp + "x", nonce, Queue},
		{"sent too fast", "", Stamp(key, now), "", Queue},
		{"form kept open too long", "", Stamp(key, now.Add(-MaxFill-time.Minute)), "", Queue},
		{"honeypot filled", "http://spam.example", stamp, nonce, Robot},
	}
	for _, c := range cases {
		if got := Check(key, c.honeypot, c.stamp, c.pow, now); got != c.want {
			t.Errorf("%s: verdict %d, want %d", c.name, got, c.want)
		}
	}
}

// TestInsertLimitsPerKind: another kind's submission is stored with its
// private link; the rate limit counts the kind's own submissions only;
// DeleteSubmission takes the submission's mails with it.
func TestInsertLimitsPerKind(t *testing.T) {
	dbtest.ForEachBackend(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s, muni, _ := newStore(t, d)
		insert := func(kind string) (Received, error) {
			var got Received
			err := s.write(ctx, muni, func(tx *sql.Tx, c *audit.Chain) error {
				var err error
				got, err = s.Insert(ctx, tx, muni, NewSubmission{Kind: kind, Name: "申込 花子", Email: "hanako@example.jp", Client: "192.0.2.9"})
				if err != nil {
					return err
				}
				return QueueMail(ctx, tx, muni, got.ID, "hanako@example.jp", "受付", "本文", s.now())
			})
			return got, err
		}
		for i := 0; i < RatePerClient; i++ {
			if _, err := insert(KindLecture); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := insert(KindLecture); !errors.Is(err, ErrTooMany) {
			t.Fatalf("lecture request over the limit: %v, want ErrTooMany", err)
		}
		got, err := insert(KindRecruit)
		if err != nil {
			t.Fatalf("a registration is counted apart from lecture requests: %v", err)
		}
		tr, err := s.Track(ctx, got.Token)
		if err != nil || tr.Kind != KindRecruit || tr.ID != got.ID {
			t.Fatalf("track: %+v %v", tr, err)
		}
		// The contact inbox does not list the other kinds.
		if l, err := s.List(ctx, muni, Filter{}); err != nil || len(l) != 0 {
			t.Fatalf("inbox lists %d submissions of other kinds (%v)", len(l), err)
		}
		err = d.Tx(ctx, func(tx *sql.Tx) error {
			mails, _, err := DeleteSubmission(ctx, tx, got.ID)
			if err == nil && mails != 1 {
				t.Errorf("%d mails deleted, want 1", mails)
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.Track(ctx, got.Token); err == nil {
			t.Fatal("the private link still opens after the deletion")
		}
	})
}
