package notify

import (
	"context"
	"database/sql"
	"strconv"
	"time"

	"hagukumi/apperr"
	"hagukumi/audit"
	"hagukumi/db"
)

// The outbox as the administrators see it: what waits, what keeps
// failing, what went, and the two things they may do about a mail that
// fails — try it now (after the relay is mended) or give it up.

// Queued is one mail of the outbox.
type Queued struct {
	ID          int64      `json:"id"`
	To          string     `json:"to"`
	Subject     string     `json:"subject"`
	Status      string     `json:"status"` // pending, sent or cancelled
	Attempts    int        `json:"attempts"`
	LastError   string     `json:"last_error,omitempty"`
	NextAttempt time.Time  `json:"next_attempt_at"`
	CreatedAt   time.Time  `json:"created_at"`
	SentAt      *time.Time `json:"sent_at,omitempty"`
}

// Failing tells whether a mail waits after at least one failed attempt.
func (q Queued) Failing() bool { return q.Status == "pending" && q.Attempts > 0 }

// OutboxCounts are the outbox's totals: waiting, failing among them, and
// sent within the last seven days.
type OutboxCounts struct {
	Pending  int `json:"pending"`
	Failing  int `json:"failing"`
	SentWeek int `json:"sent_last_7_days"`
}

// Outbox reads a municipality's waiting mails (failing first), and the
// last mails sent or given up, at most limit of each.
func Outbox(ctx context.Context, q db.Q, muni int64, now time.Time, limit int) (OutboxCounts, []Queued, []Queued, error) {
	var c OutboxCounts
	err := q.QueryRowContext(ctx, `SELECT
		COALESCE(SUM(CASE WHEN status = 'pending' THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN status = 'pending' AND attempts > 0 THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN status = 'sent' AND sent_at >= $2 THEN 1 ELSE 0 END), 0)
		FROM mail_queue WHERE municipality_id = $1`, muni, now.Add(-7*24*time.Hour).UTC()).Scan(&c.Pending, &c.Failing, &c.SentWeek)
	if err != nil {
		return c, nil, nil, err
	}
	const cols = `SELECT id, to_addr, subject, status, attempts, last_error, next_attempt_at, created_at, sent_at FROM mail_queue WHERE municipality_id = $1`
	waiting, err := db.QueryAll(ctx, q, scanQueued, cols+` AND status = 'pending' ORDER BY attempts DESC, next_attempt_at, id LIMIT $2`, muni, limit)
	if err != nil {
		return c, nil, nil, err
	}
	done, err := db.QueryAll(ctx, q, scanQueued, cols+` AND status <> 'pending' ORDER BY COALESCE(sent_at, created_at) DESC, id DESC LIMIT $2`, muni, limit)
	return c, waiting, done, err
}

func scanQueued(r db.Scanner) (Queued, error) {
	var x Queued
	var sent sql.NullTime
	err := r.Scan(&x.ID, &x.To, &x.Subject, &x.Status, &x.Attempts, &x.LastError, &x.NextAttempt, &x.CreatedAt, &sent)
	if sent.Valid {
		x.SentAt = &sent.Time
	}
	return x, err
}

var errNoMail = apperr.NotFoundf("このメールは見つからないか、すでに送信済みです。")

// RetryNow makes a waiting mail due at once: the sender tries it on its
// next round (within 30 seconds).
func RetryNow(ctx context.Context, d *db.DB, by audit.Actor, muni, id int64, now time.Time) error {
	return changeMail(ctx, d, by, muni, id, now, "retry", `UPDATE mail_queue SET next_attempt_at = $1 WHERE id = $2 AND municipality_id = $3 AND status = 'pending'`)
}

// GiveUp stops trying a waiting mail (a wrong address): it stays in the
// outbox as 送信中止.
func GiveUp(ctx context.Context, d *db.DB, by audit.Actor, muni, id int64, now time.Time) error {
	return changeMail(ctx, d, by, muni, id, now, "cancel", `UPDATE mail_queue SET status = 'cancelled', next_attempt_at = $1 WHERE id = $2 AND municipality_id = $3 AND status = 'pending'`)
}

// changeMail runs one update on a waiting mail of the municipality and
// records it under the mail's id only (the address may be a member of
// the public's).
func changeMail(ctx context.Context, d *db.DB, by audit.Actor, muni, id int64, now time.Time, action, update string) error {
	return d.Tx(ctx, func(tx *sql.Tx) error {
		c, err := audit.Begin(ctx, tx, muni)
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, update, now.UTC(), id, muni)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return errNoMail
		}
		if err := c.Add(ctx, now, by, action, "mail", strconv.FormatInt(id, 10), nil); err != nil {
			return err
		}
		return c.Close(ctx)
	})
}
