package public

import (
	"context"
	"database/sql"
	"time"

	"hagukumi/staff"
)

// The shared form kit: what another capability's public form (a lecture
// request, a briefing registration) uses to stand on the public site's
// mechanism — the guards, the submission row with its private link and
// rate limit, the mails purged with it, and the deletion its own
// retention run calls. Each such kind keeps its structured fields in a
// table of its own that references public_submissions(id).

// Head is the municipality the public site speaks for, with the names its
// layout shows.
func (s *Store) Head(ctx context.Context) (staff.Municipality, error) {
	id, err := s.SiteMuni(ctx, "")
	if err != nil {
		return staff.Municipality{}, err
	}
	m := staff.Municipality{ID: id}
	err = s.DB.R.QueryRowContext(ctx, `SELECT name, center_name FROM municipalities WHERE id = $1`, id).Scan(&m.Name, &m.CenterName)
	return m, err
}

// Verdict is what the shared guards make of a sent form.
type Verdict int

const (
	// Pass: a person sent it in a humanly possible time and the browser
	// solved the puzzle.
	Pass Verdict = iota
	// Queue: the time stamp or the puzzle is missing or wrong (a browser
	// without script, a form kept open too long, a program). The form is
	// accepted and marked for the center's review, never refused for it.
	Queue
	// Robot: the honeypot was filled. The sender is told the form was
	// sent, and nothing is stored.
	Robot
)

// Check runs the guards every public form shares on a form's hidden
// fields: the honeypot, the signed time stamp and the proof of work.
func Check(key []byte, honeypot, stamp, pow string, now time.Time) Verdict {
	switch {
	case honeypot != "":
		return Robot
	case CheckStamp(key, stamp, now) == StampOK && Solved(stamp, pow):
		return Pass
	}
	return Queue
}

// NewSubmission is the shared part of what a public form sends: the
// sender's name and address (personal data, purged with the submission)
// and the client's address, kept only as a keyed hash for the rate limit.
type NewSubmission struct {
	Kind    string
	Name    string
	Email   string
	Message string
	Client  string
	Queued  bool
}

// Insert stores a submission inside the caller's transaction, unless the
// kind's rate limit is reached (ErrTooMany). The caller must have taken
// the municipality's audit chain (audit.Begin) first: on PostgreSQL its
// row lock orders concurrent senders, so the limit holds across every
// instance. The token of the private link is returned once.
func (s *Store) Insert(ctx context.Context, tx *sql.Tx, muni int64, n NewSubmission) (Received, error) {
	key, err := s.keyFrom(ctx, tx)
	if err != nil {
		return Received{}, err
	}
	now := s.now()
	hash := ClientHash(key, n.Client)
	var mine, all int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(SUM(CASE WHEN client_hash = $2 THEN 1 ELSE 0 END), 0)
		FROM public_submissions WHERE created_at > $1 AND kind = $3`, now.Add(-RateWindow), hash, n.Kind).Scan(&all, &mine); err != nil {
		return Received{}, err
	}
	if !Allowed(n.Kind, mine, all) {
		return Received{}, ErrTooMany
	}
	token, tokenHash := NewToken()
	out := Received{Token: token}
	err = tx.QueryRowContext(ctx, `INSERT INTO public_submissions (municipality_id, kind, state, queued, name, email, message, token_hash, client_hash, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id`,
		muni, n.Kind, StateReceived, n.Queued, n.Name, n.Email, n.Message, tokenHash, hash, now).Scan(&out.ID)
	return out, err
}

// QueueMail queues a mail that quotes a submission and remembers it, so
// that the mail's body is purged with the submission.
func QueueMail(ctx context.Context, tx *sql.Tx, muni, subID int64, to, subject, body string, now time.Time) error {
	var mailID int64
	if err := tx.QueryRowContext(ctx, `INSERT INTO mail_queue (municipality_id, to_addr, subject, body, ics, status, attempts, next_attempt_at, last_error, created_at)
		VALUES ($1, $2, $3, $4, '', 'pending', 0, $5, '', $5) RETURNING id`, muni, to, subject, body, now.UTC()).Scan(&mailID); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO public_mails (submission_id, mail_id) VALUES ($1, $2)`, subID, mailID)
	return err
}

// DeleteSubmission deletes a submission with its notes and the mails that
// quote it, queued or sent, inside the caller's transaction. A kind with
// a table of its own unlinks or deletes its rows first.
func DeleteSubmission(ctx context.Context, tx *sql.Tx, id int64) (mails, notes int, err error) {
	if mails, err = exec(ctx, tx, `DELETE FROM mail_queue WHERE id IN (SELECT mail_id FROM public_mails WHERE submission_id = $1)`, id); err != nil {
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
