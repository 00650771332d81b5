package dispatch

import (
	"context"
	"database/sql"
	"time"
)

// queueMail queues a mail tied to the public submission (purged with it).
// TEMPORARY until the public kit lands: replaced by public.QueueMail.
func queueMail(ctx context.Context, tx *sql.Tx, muni, subID int64, to, subject, body string, now time.Time) error {
	var mailID int64
	if err := tx.QueryRowContext(ctx, `INSERT INTO mail_queue (municipality_id, to_addr, subject, body, ics, status, attempts, next_attempt_at, last_error, created_at)
		VALUES ($1, $2, $3, $4, '', 'pending', 0, $5, '', $5) RETURNING id`, muni, to, subject, body, now).Scan(&mailID); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO public_mails (submission_id, mail_id) VALUES ($1, $2)`, subID, mailID)
	return err
}

// deleteSubmission deletes a public submission with its notes and mails.
// TEMPORARY until the public kit lands: replaced by public.DeleteSubmission.
func deleteSubmission(ctx context.Context, tx *sql.Tx, subID int64) (int, int, error) {
	res, err := tx.ExecContext(ctx, `DELETE FROM mail_queue WHERE id IN (SELECT mail_id FROM public_mails WHERE submission_id = $1)`, subID)
	if err != nil {
		return 0, 0, err
	}
	mails, _ := res.RowsAffected()
	if _, err := tx.ExecContext(ctx, `DELETE FROM public_mails WHERE submission_id = $1`, subID); err != nil {
		return 0, 0, err
	}
	res, err = tx.ExecContext(ctx, `DELETE FROM public_notes WHERE submission_id = $1`, subID)
	if err != nil {
		return 0, 0, err
	}
	notes, _ := res.RowsAffected()
	_, err = tx.ExecContext(ctx, `DELETE FROM public_submissions WHERE id = $1`, subID)
	return int(mails), int(notes), err
}
