package public

import (
	"context"
	"database/sql"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"hagukumi/apperr"
	"hagukumi/audit"
	"hagukumi/calendar"
	"hagukumi/db"
)

var (
	errNoLink = apperr.NotFoundf("このリンクの受付は見つかりません。保存期間を過ぎて削除されたか、リンクが正しくありません。")
	errNoSub  = apperr.NotFoundf("この受付は見つかりません。")
)

const subCols = `s.id, s.kind, s.state, s.queued, s.name, s.email, s.message, COALESCE(s.assignee_user_id, 0), COALESCE(u.display_name, ''),
	s.created_at, s.updated_at, s.closed_at, s.purge_after`

func scanSub(r db.Scanner) (*Submission, error) {
	var x Submission
	var closed, purge sql.NullTime
	if err := r.Scan(&x.ID, &x.Kind, &x.State, &x.Queued, &x.Name, &x.Email, &x.Message, &x.AssigneeID, &x.Assignee,
		&x.CreatedAt, &x.UpdatedAt, &closed, &purge); err != nil {
		return nil, err
	}
	if closed.Valid {
		x.ClosedAt = &closed.Time
	}
	if purge.Valid {
		x.PurgeAfter = &purge.Time
	}
	return &x, nil
}

// Filter narrows the inbox: Queue lists the moderation queue only, else
// the inbox without it; Open leaves out closed submissions.
type Filter struct {
	Queue bool
	Open  bool
}

// List is the center's inbox of a municipality, newest first: the
// contact form's submissions (the other kinds have their own pages).
func (s *Store) List(ctx context.Context, muni int64, f Filter) ([]*Submission, error) {
	q := `SELECT ` + subCols + ` FROM public_submissions s LEFT JOIN users u ON u.id = s.assignee_user_id
		WHERE s.municipality_id = $1 AND s.queued = $2 AND s.kind = 'contact'`
	if f.Open {
		q += ` AND s.state IN ('received', 'working')`
	}
	return db.QueryAll(ctx, s.DB.R, scanSub, q+` ORDER BY s.created_at DESC, s.id DESC LIMIT 500`, muni, f.Queue)
}

// Get reads one submission with its notes.
func (s *Store) Get(ctx context.Context, muni, id int64) (*Submission, []Note, error) {
	x, err := scanSub(s.DB.R.QueryRowContext(ctx, `SELECT `+subCols+` FROM public_submissions s LEFT JOIN users u ON u.id = s.assignee_user_id
		WHERE s.municipality_id = $1 AND s.id = $2 AND s.kind = 'contact'`, muni, id))
	if err == sql.ErrNoRows {
		return nil, nil, errNoSub
	}
	if err != nil {
		return nil, nil, err
	}
	notes, err := db.QueryAll(ctx, s.DB.R, func(r db.Scanner) (Note, error) {
		var n Note
		err := r.Scan(&n.ID, &n.Kind, &n.Author, &n.Body, &n.CreatedAt)
		return n, err
	}, `SELECT n.id, n.kind, COALESCE(u.display_name, ''), n.body, n.created_at FROM public_notes n LEFT JOIN users u ON u.id = n.user_id
		WHERE n.municipality_id = $1 AND n.submission_id = $2 ORDER BY n.created_at, n.id`, muni, id)
	return x, notes, err
}

// change runs a write on one submission of the municipality, refusing one
// that is not there or not the contact form's (the other kinds are
// moved by their own capability), and records it under the
// submission's id only.
func (s *Store) change(ctx context.Context, by audit.Actor, muni, id int64, action string, detail any, fn func(tx *sql.Tx) error) error {
	return s.write(ctx, muni, func(tx *sql.Tx, c *audit.Chain) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM public_submissions WHERE municipality_id = $1 AND id = $2 AND kind = 'contact'`, muni, id).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return errNoSub
		}
		if err := fn(tx); err != nil {
			return err
		}
		return c.Add(ctx, s.now(), by, action, "public_submission", strconv.FormatInt(id, 10), detail)
	})
}

// setState moves a submission to a state; closing it starts its retention.
func (s *Store) setState(ctx context.Context, by audit.Actor, muni, id int64, state string) error {
	if !ValidState(state) {
		return apperr.Invalidf("状態の指定が正しくありません。")
	}
	now := s.now()
	return s.change(ctx, by, muni, id, "public.state", map[string]string{"state": state}, func(tx *sql.Tx) error {
		var kind, old string
		if err := tx.QueryRowContext(ctx, `SELECT kind, state FROM public_submissions WHERE id = $1`, id).Scan(&kind, &old); err != nil {
			return err
		}
		if by == Sender && !CanWithdraw(old) {
			return apperr.New(apperr.Conflict, "対応が終わっているため、取り下げられません。")
		}
		var closed any
		if Closed(state) {
			closed = now
		}
		_, err := tx.ExecContext(ctx, `UPDATE public_submissions SET state = $1, closed_at = $2, purge_after = $3, updated_at = $4 WHERE id = $5`,
			state, closed, PurgeAfter(kind, state, now), now, id)
		return err
	})
}

// SetState is the center moving a submission to a state.
func (s *Store) SetState(ctx context.Context, by audit.Actor, muni, id int64, state string) error {
	return s.setState(ctx, by, muni, id, state)
}

// Release moves a submission from the moderation queue into the inbox.
func (s *Store) Release(ctx context.Context, by audit.Actor, muni, id int64) error {
	return s.change(ctx, by, muni, id, "public.release", nil, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE public_submissions SET queued = FALSE, updated_at = $1 WHERE id = $2`, s.now(), id)
		return err
	})
}

// Assign gives a submission to a center user of the municipality (0: nobody).
func (s *Store) Assign(ctx context.Context, by audit.Actor, muni, id, userID int64) error {
	return s.change(ctx, by, muni, id, "public.assign", map[string]int64{"user_id": userID}, func(tx *sql.Tx) error {
		var assignee any
		if userID != 0 {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM users WHERE id = $1 AND municipality_id = $2 AND role IN ('center_admin', 'center_staff')`, userID, muni).Scan(&n); err != nil {
				return err
			}
			if n == 0 {
				return apperr.Invalidf("担当者はセンターの職員から選んでください。")
			}
			assignee = userID
		}
		_, err := tx.ExecContext(ctx, `UPDATE public_submissions SET assignee_user_id = $1, updated_at = $2 WHERE id = $3`, assignee, s.now(), id)
		return err
	})
}

func checkNote(body string) (string, error) {
	body = strings.TrimSpace(strings.ReplaceAll(body, "\r\n", "\n"))
	switch n := utf8.RuneCountInString(body); {
	case n == 0:
		return "", apperr.Fields(apperr.FieldErrors{"body": "内容を入力してください。"})
	case n > MaxNote:
		return "", apperr.Fields(apperr.FieldErrors{"body": "4,000文字以内で入力してください。"})
	}
	return body, nil
}

// AddNote adds the center's note to a submission.
func (s *Store) AddNote(ctx context.Context, by audit.Actor, muni, id int64, body string) error {
	body, err := checkNote(body)
	if err != nil {
		return err
	}
	return s.change(ctx, by, muni, id, "public.note", nil, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO public_notes (municipality_id, submission_id, user_id, kind, body, created_at) VALUES ($1, $2, $3, 'note', $4, $5)`,
			muni, id, nullID(by.UserID), body, s.now())
		return err
	})
}

// Reply queues the center's answer as a mail to the sender, keeps it as a
// line of the history and marks the submission answered.
func (s *Store) Reply(ctx context.Context, by audit.Actor, muni, id int64, subject, body string) error {
	body, err := checkNote(body)
	if err != nil {
		return err
	}
	now := s.now()
	return s.change(ctx, by, muni, id, "public.reply", nil, func(tx *sql.Tx) error {
		var email, kind string
		if err := tx.QueryRowContext(ctx, `SELECT email, kind FROM public_submissions WHERE id = $1`, id).Scan(&email, &kind); err != nil {
			return err
		}
		if email == "" {
			return apperr.Invalidf("送信者がメールアドレスを書いていないため、メールで返信できません。")
		}
		if err := QueueMail(ctx, tx, muni, id, email, subject, body, now); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO public_notes (municipality_id, submission_id, user_id, kind, body, created_at) VALUES ($1, $2, $3, 'reply', $4, $5)`,
			muni, id, nullID(by.UserID), body, now); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `UPDATE public_submissions SET state = $1, closed_at = $2, purge_after = $3, updated_at = $2 WHERE id = $4`,
			StateAnswered, now, PurgeAfter(kind, StateAnswered, now), id)
		return err
	})
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// Counts is the number of submissions of a municipality received in a
// fiscal year, per kind (spam left out), for the center's yearly account.
func (s *Store) Counts(ctx context.Context, muni int64, fy int) (map[string]int, error) {
	// A fiscal year begins on 1 April in Japan time.
	from := time.Date(fy, time.April, 1, 0, 0, 0, 0, calendar.JST)
	to := from.AddDate(1, 0, 0)
	rows, err := s.DB.R.QueryContext(ctx, `SELECT kind, COUNT(*) FROM public_submissions WHERE municipality_id = $1 AND created_at >= $2 AND created_at < $3 AND state <> 'spam' GROUP BY kind`, muni, from.UTC(), to.UTC())
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var k string
		var n int
		if err := rows.Scan(&k, &n); err != nil {
			return nil, err
		}
		out[k] = n
	}
	return out, rows.Err()
}
