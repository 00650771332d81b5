package public

// TEMPORARY shim of the shared public-form kit until it lands on main;
// deleted at the merge.

import (
	"context"
	"database/sql"
	"time"

	"hagukumi/staff"
)

type NewSubmission struct {
	Kind, Name, Email, Message, Client string
	Queued                             bool
}

func (s *Store) Insert(ctx context.Context, tx *sql.Tx, muni int64, n NewSubmission) (Received, error) {
	key, err := s.Key(ctx)
	if err != nil {
		return Received{}, err
	}
	now := s.now()
	token, hash := NewToken()
	var out Received
	err = tx.QueryRowContext(ctx, `INSERT INTO public_submissions (municipality_id, kind, state, queued, name, email, message, token_hash, client_hash, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id`,
		muni, n.Kind, StateReceived, n.Queued, n.Name, n.Email, n.Message, hash, ClientHash(key, n.Client), now).Scan(&out.ID)
	out.Token = token
	return out, err
}

func QueueMail(ctx context.Context, tx *sql.Tx, muni, subID int64, to, subject, body string, now time.Time) error {
	return queueMail(ctx, tx, muni, subID, to, subject, body, now)
}

func DeleteSubmission(ctx context.Context, tx *sql.Tx, id int64) (mails, notes int, err error) {
	mails, err = exec(ctx, tx, `DELETE FROM mail_queue WHERE id IN (SELECT mail_id FROM public_mails WHERE submission_id = $1)`, id)
	if err != nil {
		return
	}
	if _, err = exec(ctx, tx, `DELETE FROM public_mails WHERE submission_id = $1`, id); err != nil {
		return
	}
	if notes, err = exec(ctx, tx, `DELETE FROM public_notes WHERE submission_id = $1`, id); err != nil {
		return
	}
	_, err = exec(ctx, tx, `DELETE FROM public_submissions WHERE id = $1`, id)
	return
}

type Verdict int

const (
	Robot Verdict = iota
	Pass
	Queue
)

func Check(key []byte, honeypot, stamp, pow string, now time.Time) Verdict {
	if honeypot != "" {
		return Robot
	}
	if CheckStamp(key, stamp, now) != StampOK || !Solved(stamp, pow) {
		return Queue
	}
	return Pass
}

func (s *Store) Head(ctx context.Context) (staff.Municipality, error) {
	id, err := s.SiteMuni(ctx, "")
	if err != nil {
		return staff.Municipality{}, err
	}
	m := staff.Municipality{ID: id}
	err = s.DB.R.QueryRowContext(ctx, `SELECT name, center_name FROM municipalities WHERE id = $1`, id).Scan(&m.Name, &m.CenterName)
	return m, err
}
