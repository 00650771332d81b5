package recruit

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"hagukumi/apperr"
	"hagukumi/audit"
	"hagukumi/db"
	"hagukumi/public"
)

// Sent is what a stored registration gives back to the registrant.
type Sent struct {
	ID           int64
	SubmissionID int64
	Token        string // the private link's token, shown once and mailed
	State        string
}

// Confirm writes the confirmation mail of a registration from its private
// link's token and its state.
type Confirm func(token, state string) (subject, body string)

// Register stores a registration from the public form: a seat in the
// session while there is one, else the end of its waitlist. The session
// row is locked (an UPDATE) before its seats are counted, so concurrent
// registrations cannot seat more than the capacity on either engine.
// queued marks a form sent without its stamp or proof of work, which the
// center reviews; it is accepted all the same.
func (s *Store) Register(ctx context.Context, muni, eventID int64, g *Registration, client string, queued bool, confirm Confirm) (Sent, error) {
	g.Normalize()
	now := s.now()
	if err := g.Validate(false, now.Year()); err != nil {
		return Sent{}, err
	}
	// The form key is read (and made, the first time) before the
	// transaction: on SQLite the one writer connection is the transaction's.
	if _, err := s.Pub.Key(ctx); err != nil {
		return Sent{}, err
	}
	var out Sent
	err := s.write(ctx, muni, func(tx *sql.Tx, c *audit.Chain, now time.Time) error {
		list, err := s.events(ctx, tx, `e.municipality_id = $1 AND e.id = $2 AND e.published AND e.purged_at IS NULL`, muni, eventID)
		if err != nil {
			return err
		}
		if len(list) == 0 {
			return apperr.NotFoundf("説明会が見つかりません。")
		}
		e := list[0]
		if !e.InWindow(now) {
			return apperr.New(apperr.Conflict, "この説明会の受付は終了しました（または、まだ始まっていません）。")
		}
		x := e.session(g.SessionID)
		if x == nil || !SessionOpen(x, now) {
			return apperr.Fields(apperr.FieldErrors{"session_id": "参加する回を一覧から選んでください（終わった回は選べません）。"})
		}
		key := EmailKey(g.Email)
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM recruit_registrations WHERE event_id = $1 AND email_key = $2`, eventID, key).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return apperr.New(apperr.Conflict, msgDuplicate)
		}
		seats, err := lockSeats(ctx, tx, eventID, g.SessionID, now)
		if err != nil {
			return err
		}
		state, pos := seats.next()
		got, err := s.Pub.Insert(ctx, tx, muni, public.NewSubmission{Kind: Kind, Name: g.Name, Email: g.Email, Message: e.Title, Client: client, Queued: queued})
		if err != nil {
			return err
		}
		out.SubmissionID, out.Token, out.State = got.ID, got.Token, state
		out.ID, err = db.Insert(ctx, tx, `INSERT INTO recruit_registrations (municipality_id, event_id, session_id, submission_id, name, kana, email, email_key,
			university, faculty, graduation_year, interest, question, state, waitlist_pos, walk_in, queued, checkin_code, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, FALSE, $16, $17, $18, $18) RETURNING id`,
			muni, eventID, g.SessionID, got.ID, g.Name, g.Kana, g.Email, key, g.University, g.Faculty, g.GraduationYear, g.Interest, g.Question,
			state, pos, queued, CheckinCode(), now)
		if db.IsUnique(err) {
			return apperr.New(apperr.Conflict, msgDuplicate)
		}
		if err != nil {
			return err
		}
		if confirm != nil {
			subject, body := confirm(got.Token, state)
			if err := public.QueueMail(ctx, tx, muni, got.ID, g.Email, subject, body, now); err != nil {
				return err
			}
		}
		return c.Add(ctx, now, public.Sender, "register", "recruit_registration", id(out.ID),
			map[string]any{"event_id": eventID, "session_id": g.SessionID, "submission_id": got.ID, "state": state, "queued": queued})
	})
	if err != nil {
		return Sent{}, err
	}
	g.ID, g.State = out.ID, out.State
	return out, nil
}

func (e *Event) session(id int64) *Session {
	for i := range e.Sessions {
		if e.Sessions[i].ID == id {
			return &e.Sessions[i]
		}
	}
	return nil
}

// seats is a locked session's count.
type seats struct {
	capacity, taken, lastPos int
}

func (l *seats) next() (string, int) {
	if st := Seat(l.capacity, l.taken); st == Registered {
		l.taken++
		return st, 0
	}
	l.lastPos++
	return Waitlisted, l.lastPos
}

// lockSeats locks a session's row and counts its seats. The UPDATE takes
// the row lock on PostgreSQL (held until the transaction ends); on SQLite
// the single writer already orders the writes. The same SQL runs on both.
func lockSeats(ctx context.Context, tx *sql.Tx, eventID, sessionID int64, now time.Time) (*seats, error) {
	res, err := tx.ExecContext(ctx, `UPDATE recruit_sessions SET updated_at = $1 WHERE id = $2 AND event_id = $3`, now, sessionID, eventID)
	if err != nil {
		return nil, err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return nil, apperr.NotFoundf("開催回が見つかりません。")
	}
	l := &seats{}
	err = tx.QueryRowContext(ctx, `SELECT x.capacity,
		(SELECT COUNT(*) FROM recruit_registrations g WHERE g.session_id = x.id AND g.state IN ('registered', 'attended')),
		(SELECT COALESCE(MAX(g.waitlist_pos), 0) FROM recruit_registrations g WHERE g.session_id = x.id AND g.state = 'waitlisted')
		FROM recruit_sessions x WHERE x.id = $1`, sessionID).Scan(&l.capacity, &l.taken, &l.lastPos)
	return l, err
}

// Mine is a registration seen from its private link, with its event.
type Mine struct {
	Registration
	Event    Event
	Session  *Session
	Answered bool
}

var errNoLink = apperr.NotFoundf("このリンクは無効です。期限が過ぎて削除されたか、アドレスが違います。")

// ByToken finds a registration by its private link's token.
func (s *Store) ByToken(ctx context.Context, token string) (Mine, int64, error) {
	t, err := s.Pub.Track(ctx, token)
	if err != nil {
		return Mine{}, 0, err
	}
	if t.Kind != Kind {
		return Mine{}, 0, errNoLink
	}
	return s.bySubmission(ctx, t.ID)
}

// BySubmission finds a registration by its public submission's id.
func (s *Store) BySubmission(ctx context.Context, submissionID int64) (Mine, int64, error) {
	return s.bySubmission(ctx, submissionID)
}

func (s *Store) bySubmission(ctx context.Context, subID int64) (Mine, int64, error) {
	var m Mine
	var muni int64
	rows, err := db.QueryAll(ctx, s.DB.R, func(r db.Scanner) (Registration, error) {
		var g Registration
		err := scanRegistration(r, &g, &muni)
		return g, err
	}, `SELECT `+regCols+` FROM recruit_registrations g WHERE g.submission_id = $1`, subID)
	if err != nil {
		return m, 0, err
	}
	if len(rows) == 0 {
		return m, 0, errNoLink
	}
	m.Registration = rows[0]
	list, err := s.events(ctx, s.DB.R, `e.id = $1`, m.EventID)
	if err != nil || len(list) == 0 {
		return m, 0, errors.Join(err, errNoLink)
	}
	m.Event = list[0]
	m.Session = m.Event.session(m.SessionID)
	var n int
	if err := s.DB.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM recruit_answers WHERE registration_id = $1`, m.ID).Scan(&n); err != nil {
		return m, 0, err
	}
	m.Answered = n > 0
	return m, muni, nil
}

const regCols = `g.id, g.municipality_id, g.event_id, g.session_id, g.state, g.waitlist_pos, g.name, g.kana, g.email, g.university, g.faculty,
	g.graduation_year, g.interest, g.question, g.walk_in, g.queued, COALESCE(g.checkin_code, ''), g.created_at, g.attended_at, g.purged`

func scanRegistration(r db.Scanner, g *Registration, muni *int64) error {
	var att sql.NullTime
	err := r.Scan(&g.ID, muni, &g.EventID, &g.SessionID, &g.State, &g.WaitlistPos, &g.Name, &g.Kana, &g.Email, &g.University, &g.Faculty,
		&g.GraduationYear, &g.Interest, &g.Question, &g.WalkIn, &g.Queued, &g.CheckinCode, &g.CreatedAt, &att, &g.Purged)
	if att.Valid {
		t := att.Time.UTC()
		g.AttendedAt = &t
	}
	g.CreatedAt = g.CreatedAt.UTC()
	return err
}

// Cancel cancels a registration from its private link. A freed seat goes
// to the first waitlisted registrant of the session in the same
// transaction, who is told by mail. The address no longer counts as
// registered, so the registrant may register again.
func (s *Store) Cancel(ctx context.Context, token string) error {
	m, muni, err := s.ByToken(ctx, token)
	if err != nil {
		return err
	}
	return s.write(ctx, muni, func(tx *sql.Tx, c *audit.Chain, now time.Time) error {
		if _, err := lockSeats(ctx, tx, m.EventID, m.SessionID, now); err != nil {
			return err
		}
		var state string
		if err := tx.QueryRowContext(ctx, `SELECT state FROM recruit_registrations WHERE id = $1`, m.ID).Scan(&state); err != nil {
			return err
		}
		switch state {
		case Cancelled:
			return apperr.New(apperr.Conflict, "この登録は既にキャンセルされています。")
		case Attended:
			return apperr.New(apperr.Conflict, "参加済みのため、キャンセルできません。")
		}
		if m.Session != nil && !SessionOpen(m.Session, now) {
			return apperr.New(apperr.Conflict, "開催時刻を過ぎたため、キャンセルできません。")
		}
		if _, err := tx.ExecContext(ctx, `UPDATE recruit_registrations SET state = 'cancelled', waitlist_pos = 0, email_key = NULL, updated_at = $1 WHERE id = $2`, now, m.ID); err != nil {
			return err
		}
		if err := c.Add(ctx, now, public.Sender, "cancel", "recruit_registration", id(m.ID), map[string]any{"event_id": m.EventID, "session_id": m.SessionID, "was": state}); err != nil {
			return err
		}
		if state == Registered {
			return s.promote(ctx, tx, c, muni, m.Event.Title, m.SessionID, now)
		}
		return nil
	})
}

// ChangeSession moves a registration to another session of its event:
// a seat there while there is one, else the end of its waitlist; a seat
// freed in the old session goes to its first waitlisted registrant.
func (s *Store) ChangeSession(ctx context.Context, token string, sessionID int64) error {
	m, muni, err := s.ByToken(ctx, token)
	if err != nil {
		return err
	}
	if sessionID == m.SessionID {
		return nil
	}
	now := s.now()
	x := m.Event.session(sessionID)
	if x == nil || !SessionOpen(x, now) || !m.Event.InWindow(now) {
		return apperr.Fields(apperr.FieldErrors{"session_id": "変更先の回を一覧から選んでください（終わった回や受付を終えた説明会は選べません）。"})
	}
	return s.write(ctx, muni, func(tx *sql.Tx, c *audit.Chain, now time.Time) error {
		// Both sessions are locked, the smaller id first, so two moves in
		// opposite directions cannot deadlock.
		a, b := m.SessionID, sessionID
		if b < a {
			a, b = b, a
		}
		la, err := lockSeats(ctx, tx, m.EventID, a, now)
		if err != nil {
			return err
		}
		lb, err := lockSeats(ctx, tx, m.EventID, b, now)
		if err != nil {
			return err
		}
		to := la
		if b == sessionID {
			to = lb
		}
		var state string
		if err := tx.QueryRowContext(ctx, `SELECT state FROM recruit_registrations WHERE id = $1`, m.ID).Scan(&state); err != nil {
			return err
		}
		if state != Registered && state != Waitlisted {
			return apperr.New(apperr.Conflict, "この登録は変更できません（%s）。", StateLabel(state))
		}
		newState, pos := to.next()
		if _, err := tx.ExecContext(ctx, `UPDATE recruit_registrations SET session_id = $1, state = $2, waitlist_pos = $3, updated_at = $4 WHERE id = $5`,
			sessionID, newState, pos, now, m.ID); err != nil {
			return err
		}
		if err := c.Add(ctx, now, public.Sender, "change_session", "recruit_registration", id(m.ID),
			map[string]any{"event_id": m.EventID, "from": m.SessionID, "to": sessionID, "state": newState}); err != nil {
			return err
		}
		if state == Registered {
			return s.promote(ctx, tx, c, muni, m.Event.Title, m.SessionID, now)
		}
		return nil
	})
}

// promote gives a freed seat of a locked session to its first waitlisted
// registrant, and tells them by mail.
func (s *Store) promote(ctx context.Context, tx *sql.Tx, c *audit.Chain, muni int64, title string, sessionID int64, now time.Time) error {
	var regID int64
	var sub sql.NullInt64
	var email string
	var startsAt time.Time
	err := tx.QueryRowContext(ctx, `SELECT g.id, g.submission_id, g.email, x.starts_at FROM recruit_registrations g JOIN recruit_sessions x ON x.id = g.session_id
		WHERE g.session_id = $1 AND g.state = 'waitlisted' ORDER BY g.waitlist_pos, g.id LIMIT 1`, sessionID).Scan(&regID, &sub, &email, &startsAt)
	if err == sql.ErrNoRows {
		return nil
	}
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE recruit_registrations SET state = 'registered', waitlist_pos = 0, updated_at = $1 WHERE id = $2`, now, regID); err != nil {
		return err
	}
	if sub.Valid && email != "" {
		center, err := centerName(ctx, tx, muni)
		if err != nil {
			return err
		}
		x := Session{StartsAt: startsAt}
		body := "キャンセル待ちでお申し込みの「" + title + "」（" + strings.TrimSpace(x.Label()) + "）に空きが出たため、参加登録が確定しました（登録済）。\n\n" +
			"登録内容の確認・変更・キャンセルと、受付用のQRコードの表示は、登録時にお送りしたメールのリンクから行えます。\n\n" + center + "\n"
		if err := public.QueueMail(ctx, tx, muni, sub.Int64, email, "【"+center+"】"+title+"：参加登録が確定しました", body, now); err != nil {
			return err
		}
	}
	return c.Add(ctx, now, audit.System, "promote", "recruit_registration", id(regID), map[string]any{"session_id": sessionID})
}

func centerName(ctx context.Context, q db.Q, muni int64) (string, error) {
	var name, center string
	err := q.QueryRowContext(ctx, `SELECT name, center_name FROM municipalities WHERE id = $1`, muni).Scan(&name, &center)
	return strings.TrimSpace(name + " " + center), err
}
