// Package notify tells people what happened: in-app notices, the mail
// outbox with its SMTP sender, and iCalendar files of the days concerned.
// It knows no capability: a capability renders its own wording and hands
// the finished notice to Write, inside the transaction of the change it
// reports.
package notify

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"hagukumi/apperr"
	"hagukumi/audit"
	"hagukumi/db"
)

// Notice is one finished message to a staff member.
type Notice struct {
	Muni    int64
	StaffID int64
	Kind    string // what happened, named by the capability (e.g. "enrolled")
	Subject string
	Body    string
	Link    string // the page the notice is about
	Email   string // the recipient's address; empty writes no mail
	ICS     string // a calendar attached to the mail, or empty
}

// Write stores the in-app notice and, when the recipient has an address,
// queues the same text as a mail. It runs in the caller's transaction, so
// the notice exists exactly when the change it reports does.
func Write(ctx context.Context, q db.Q, now time.Time, n Notice) error {
	if _, err := q.ExecContext(ctx, `INSERT INTO notifications (municipality_id, staff_id, kind, subject, body, link, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
		n.Muni, n.StaffID, n.Kind, n.Subject, n.Body, n.Link, now); err != nil {
		return err
	}
	email := strings.TrimSpace(n.Email)
	if email == "" {
		return nil
	}
	_, err := q.ExecContext(ctx, `INSERT INTO mail_queue (municipality_id, to_addr, subject, body, ics, status, attempts, next_attempt_at, last_error, created_at)
		VALUES ($1, $2, $3, $4, $5, 'pending', 0, $6, '', $6)`, n.Muni, email, n.Subject, n.Body, n.ICS, now)
	return err
}

// Notification is an in-app notice as its reader sees it.
type Notification struct {
	ID        int64      `json:"id"`
	Kind      string     `json:"kind"`
	Subject   string     `json:"subject"`
	Body      string     `json:"body"`
	Link      string     `json:"link"`
	CreatedAt time.Time  `json:"created_at"`
	ReadAt    *time.Time `json:"read_at,omitempty"`
}

// Unread tells whether the notice has not been marked read.
func (n *Notification) Unread() bool { return n.ReadAt == nil }

// Store reads and marks a staff member's notices.
type Store struct {
	DB  *db.DB
	Now func() time.Time
}

func (s *Store) now() time.Time {
	if s.Now != nil {
		return s.Now().UTC()
	}
	return time.Now().UTC()
}

// Notifications lists a staff member's latest notices and counts the unread.
func (s *Store) Notifications(ctx context.Context, muni, staffID int64, limit int) ([]*Notification, int, error) {
	if limit <= 0 || limit > 500 {
		limit = 100
	}
	var unread int
	if err := s.DB.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM notifications WHERE municipality_id = $1 AND staff_id = $2 AND read_at IS NULL`,
		muni, staffID).Scan(&unread); err != nil {
		return nil, 0, err
	}
	rows, err := s.DB.R.QueryContext(ctx, `SELECT id, kind, subject, body, link, created_at, read_at FROM notifications
		WHERE municipality_id = $1 AND staff_id = $2 ORDER BY created_at DESC, id DESC LIMIT $3`, muni, staffID, limit)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []*Notification
	for rows.Next() {
		var n Notification
		var read sql.NullTime
		if err := rows.Scan(&n.ID, &n.Kind, &n.Subject, &n.Body, &n.Link, &n.CreatedAt, &read); err != nil {
			return nil, 0, err
		}
		if read.Valid {
			t := read.Time
			n.ReadAt = &t
		}
		out = append(out, &n)
	}
	return out, unread, rows.Err()
}

// MarkRead marks one notice (id) or all of a staff member's notices (id 0)
// read and returns how many changed. Another person's notice is not found.
func (s *Store) MarkRead(ctx context.Context, by audit.Actor, muni, staffID, id int64) (int, error) {
	var n int64
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		now := s.now()
		q := `UPDATE notifications SET read_at = $1 WHERE municipality_id = $2 AND staff_id = $3 AND read_at IS NULL`
		args := []any{now, muni, staffID}
		if id != 0 {
			var owner int64
			if err := tx.QueryRowContext(ctx, `SELECT staff_id FROM notifications WHERE id = $1 AND municipality_id = $2`, id, muni).Scan(&owner); err != nil || owner != staffID {
				return apperr.NotFoundf("お知らせが見つかりません。")
			}
			q += ` AND id = $4`
			args = append(args, id)
		}
		res, err := tx.ExecContext(ctx, q, args...)
		if err != nil {
			return err
		}
		n, _ = res.RowsAffected()
		if n == 0 {
			return nil
		}
		target := "all"
		if id != 0 {
			target = fmt.Sprint(id)
		}
		return audit.Record(ctx, tx, now, muni, by, "read", "notification", target, map[string]any{"staff_id": staffID, "count": n})
	})
	return int(n), err
}
