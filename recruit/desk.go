package recruit

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"hagukumi/apperr"
	"hagukumi/audit"
	"hagukumi/db"
	"hagukumi/public"
)

// Registrations lists an event's registrations for the center, by
// session, state and order of arrival.
func (s *Store) Registrations(ctx context.Context, muni, eventID int64) ([]Registration, error) {
	var m int64
	return db.QueryAll(ctx, s.DB.R, func(r db.Scanner) (Registration, error) {
		var g Registration
		err := scanRegistration(r, &g, &m)
		return g, err
	}, `SELECT `+regCols+` FROM recruit_registrations g WHERE g.municipality_id = $1 AND g.event_id = $2
		ORDER BY g.session_id, CASE g.state WHEN 'attended' THEN 0 WHEN 'registered' THEN 1 WHEN 'waitlisted' THEN 2 ELSE 3 END, g.waitlist_pos, g.id`, muni, eventID)
}

// Search finds an event's registrations by name or kana (the desk).
func (s *Store) Search(ctx context.Context, muni, eventID int64, q string) ([]Registration, error) {
	q = strings.TrimSpace(q)
	if q == "" {
		return []Registration{}, nil
	}
	like := "%" + strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(q) + "%"
	var m int64
	return db.QueryAll(ctx, s.DB.R, func(r db.Scanner) (Registration, error) {
		var g Registration
		err := scanRegistration(r, &g, &m)
		return g, err
	}, `SELECT `+regCols+` FROM recruit_registrations g WHERE g.municipality_id = $1 AND g.event_id = $2 AND g.state <> 'cancelled'
		AND (g.name LIKE $3 ESCAPE '\' OR g.kana LIKE $3 ESCAPE '\') ORDER BY g.kana, g.id LIMIT 50`, muni, eventID, like)
}

// CheckIn marks a registrant present, found by the check-in code of their
// QR code (or by id at the desk's search).
func (s *Store) CheckIn(ctx context.Context, by audit.Actor, muni, eventID int64, code string, regID int64) (Registration, error) {
	var g Registration
	err := s.write(ctx, muni, func(tx *sql.Tx, c *audit.Chain, now time.Time) error {
		if err := eventExists(ctx, tx, muni, eventID); err != nil {
			return err
		}
		code = strings.ToUpper(strings.TrimSpace(code))
		// A scanner types the whole check-in URL when the QR code holds one.
		if i := strings.LastIndexAny(code, "/="); i >= 0 {
			code = code[i+1:]
		}
		var m int64
		var err error
		if code != "" {
			err = scanRegistration(tx.QueryRowContext(ctx, `SELECT `+regCols+` FROM recruit_registrations g WHERE g.municipality_id = $1 AND g.event_id = $2 AND g.checkin_code = $3`, muni, eventID, code), &g, &m)
		} else {
			err = scanRegistration(tx.QueryRowContext(ctx, `SELECT `+regCols+` FROM recruit_registrations g WHERE g.municipality_id = $1 AND g.event_id = $2 AND g.id = $3`, muni, eventID, regID), &g, &m)
		}
		if err == sql.ErrNoRows {
			return apperr.NotFoundf("この説明会の登録が見つかりません。QRコードの説明会が違うか、読み取りに失敗しました。")
		}
		if err != nil {
			return err
		}
		switch g.State {
		case Attended:
			return apperr.New(apperr.Conflict, "%s さんは既に受付済みです。", g.Name)
		case Cancelled:
			return apperr.New(apperr.Conflict, "%s さんの登録はキャンセルされています。当日参加として受け付けてください。", g.Name)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE recruit_registrations SET state = 'attended', waitlist_pos = 0, attended_at = $1, updated_at = $1 WHERE id = $2`, now, g.ID); err != nil {
			return err
		}
		was := g.State
		g.State = Attended
		// Those who came, and only they, are asked for the survey, which
		// they answer on their private link.
		var sub sql.NullInt64
		var title string
		if err := tx.QueryRowContext(ctx, `SELECT g.submission_id, e.title FROM recruit_registrations g JOIN recruit_events e ON e.id = g.event_id WHERE g.id = $1`, g.ID).Scan(&sub, &title); err != nil {
			return err
		}
		if sub.Valid && g.Email != "" {
			center, err := centerName(ctx, tx, muni)
			if err != nil {
				return err
			}
			body := "本日は「" + title + "」にご参加いただき、ありがとうございました。\n\n今後の説明会のため、アンケートにご協力ください。登録時にお送りしたメールのリンク（ご登録の状況のページ）から、1回だけ回答できます。\n\n" + center + "\n"
			if err := public.QueueMail(ctx, tx, muni, sub.Int64, g.Email, "【"+center+"】"+title+"：アンケートのお願い", body, now); err != nil {
				return err
			}
		}
		return c.Add(ctx, now, by, "checkin", "recruit_registration", id(g.ID), map[string]any{"event_id": eventID, "session_id": g.SessionID, "was": was})
	})
	return g, err
}

// WalkIn adds a walk-in at the desk, present at once.
func (s *Store) WalkIn(ctx context.Context, by audit.Actor, muni, eventID int64, g *Registration) error {
	g.Normalize()
	if err := g.Validate(true, s.now().Year()); err != nil {
		return err
	}
	return s.write(ctx, muni, func(tx *sql.Tx, c *audit.Chain, now time.Time) error {
		if err := eventExists(ctx, tx, muni, eventID); err != nil {
			return err
		}
		if _, err := lockSeats(ctx, tx, eventID, g.SessionID, now); err != nil {
			return apperr.Fields(apperr.FieldErrors{"session_id": "開催回を選んでください。"})
		}
		var key any
		if g.Email != "" {
			key = EmailKey(g.Email)
		}
		var err error
		g.ID, err = db.Insert(ctx, tx, `INSERT INTO recruit_registrations (municipality_id, event_id, session_id, name, kana, email, email_key,
			university, faculty, graduation_year, interest, question, state, walk_in, checkin_code, created_at, updated_at, attended_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, '', 'attended', TRUE, $12, $13, $13, $13) RETURNING id`,
			muni, eventID, g.SessionID, g.Name, g.Kana, g.Email, key, g.University, g.Faculty, g.GraduationYear, g.Interest, CheckinCode(), now)
		if db.IsUnique(err) {
			return apperr.New(apperr.Conflict, "このメールアドレスの方は既に登録されています。受付の検索から受け付けてください。")
		}
		if err != nil {
			return err
		}
		g.State = Attended
		return c.Add(ctx, now, by, "walk_in", "recruit_registration", id(g.ID), map[string]any{"event_id": eventID, "session_id": g.SessionID})
	})
}

// Answer stores the survey answer of a registrant who came, once.
func (s *Store) Answer(ctx context.Context, token string, a Answer) error {
	if err := a.Validate(); err != nil {
		return err
	}
	m, muni, err := s.ByToken(ctx, token)
	if err != nil {
		return err
	}
	if m.State != Attended {
		return apperr.New(apperr.Conflict, "アンケートは説明会に参加された方にお願いしています。")
	}
	return s.write(ctx, muni, func(tx *sql.Tx, c *audit.Chain, now time.Time) error {
		aid, err := db.Insert(ctx, tx, `INSERT INTO recruit_answers (municipality_id, event_id, registration_id, satisfaction, intent, comment, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, muni, m.EventID, m.ID, a.Satisfaction, a.Intent, a.Comment, now)
		if db.IsUnique(err) {
			return apperr.New(apperr.Conflict, "アンケートには既に回答いただいています。ご協力ありがとうございました。")
		}
		if err != nil {
			return err
		}
		return c.Add(ctx, now, public.Sender, "answer", "recruit_registration", id(m.ID), map[string]any{"event_id": m.EventID, "answer_id": aid})
	})
}

// SpeakerSession is a session a staff member speaks at, with its list of
// registrants' names (nothing else).
type SpeakerSession struct {
	Event   string
	Session Session
	Hours   float64
	Names   []string
}

// SpeakerSessions lists the sessions a staff member speaks at, newest
// first, each with the names of those registered or present.
func (s *Store) SpeakerSessions(ctx context.Context, muni, staffID int64) ([]SpeakerSession, error) {
	type row struct {
		ss   SpeakerSession
		name sql.NullString
	}
	rows, err := db.QueryAll(ctx, s.DB.R, func(r db.Scanner) (row, error) {
		var v row
		err := r.Scan(&v.ss.Session.ID, &v.ss.Event, &v.ss.Session.StartsAt, &v.ss.Session.Place, &v.ss.Session.OnlineURL, &v.ss.Session.Capacity, &v.ss.Hours, &v.name)
		v.ss.Session.StartsAt = v.ss.Session.StartsAt.UTC()
		return v, err
	}, `SELECT x.id, e.title, x.starts_at, x.place, x.online_url, x.capacity, k.hours, g.name
		FROM recruit_speakers k JOIN recruit_sessions x ON x.id = k.session_id JOIN recruit_events e ON e.id = x.event_id
		LEFT JOIN recruit_registrations g ON g.session_id = x.id AND g.state IN ('registered', 'attended') AND NOT g.purged
		WHERE k.municipality_id = $1 AND k.staff_id = $2 ORDER BY x.starts_at DESC, x.id, g.kana, g.id`, muni, staffID)
	if err != nil {
		return nil, err
	}
	out := []SpeakerSession{}
	for _, v := range rows {
		if len(out) == 0 || out[len(out)-1].Session.ID != v.ss.Session.ID {
			v.ss.Names = []string{}
			out = append(out, v.ss)
		}
		if v.name.Valid {
			l := &out[len(out)-1]
			l.Names = append(l.Names, v.name.String)
		}
	}
	return out, nil
}

// Speaks tells whether a staff member speaks at any session.
func (s *Store) Speaks(ctx context.Context, muni, staffID int64) (bool, error) {
	var n int
	err := s.DB.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM recruit_speakers WHERE municipality_id = $1 AND staff_id = $2`, muni, staffID).Scan(&n)
	return n > 0, err
}
