package recruit

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/base32"
	"strconv"
	"strings"
	"time"

	"hagukumi/apperr"
	"hagukumi/audit"
	"hagukumi/calendar"
	"hagukumi/db"
	"hagukumi/public"
)

// Store keeps universities, briefings and registrations.
type Store struct {
	DB  *db.DB
	Now func() time.Time
	Pub *public.Store
}

func (s *Store) now() time.Time {
	if s.Now == nil {
		return time.Now().UTC()
	}
	return s.Now().UTC()
}

// write runs fn in one transaction with the municipality's audit chain.
// The chain head is taken first: on PostgreSQL its row lock orders the
// municipality's writers, as the public store's writes do.
func (s *Store) write(ctx context.Context, muni int64, fn func(tx *sql.Tx, c *audit.Chain, now time.Time) error) error {
	return s.DB.Tx(ctx, func(tx *sql.Tx) error {
		c, err := audit.Begin(ctx, tx, muni)
		if err != nil {
			return err
		}
		if err := fn(tx, c, s.now()); err != nil {
			return err
		}
		return c.Close(ctx)
	})
}

func id(n int64) string { return strconv.FormatInt(n, 10) }

// ErrDuplicate is the message of a second registration with one address.
const msgDuplicate = "このメールアドレスでは、この説明会に既に登録されています。登録内容の確認・変更・キャンセルは、登録時にお送りしたメールのリンクから行ってください。"

// CheckinCode makes a check-in code: 10 letters and digits, easy to type.
func CheckinCode() string {
	var b [10]byte
	rand.Read(b[:])
	return "R" + strings.ToUpper(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b[:]))[:11]
}

// ---- events ----

// CreateEvent saves a briefing with its sessions; it fills the ids.
func (s *Store) CreateEvent(ctx context.Context, by audit.Actor, muni int64, e *Event) error {
	if err := e.Validate(); err != nil {
		return err
	}
	e.FY = calendar.FiscalYear(calendar.Today(e.FirstStart()))
	return s.write(ctx, muni, func(tx *sql.Tx, c *audit.Chain, now time.Time) error {
		var err error
		e.ID, err = db.Insert(ctx, tx, `INSERT INTO recruit_events (municipality_id, title, body, job_types, fy, opens_at, closes_at, published, reminder_days, retain_until, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) RETURNING id`,
			muni, e.Title, e.Body, strings.Join(e.JobTypes, ","), e.FY, utcPtr(e.OpensAt), utcPtr(e.ClosesAt), e.Published, FormatReminders(e.Reminders), e.RetainUntil, now)
		if err != nil {
			return err
		}
		for i := range e.Sessions {
			if err := insertSession(ctx, tx, muni, e.ID, &e.Sessions[i], now); err != nil {
				return err
			}
		}
		return c.Add(ctx, now, by, "create", "recruit_event", id(e.ID), map[string]any{"title": e.Title, "sessions": len(e.Sessions), "published": e.Published})
	})
}

func utcPtr(t *time.Time) any {
	if t == nil {
		return nil
	}
	return t.UTC()
}

func insertSession(ctx context.Context, tx *sql.Tx, muni, eventID int64, x *Session, now time.Time) error {
	var err error
	x.EventID = eventID
	x.ID, err = db.Insert(ctx, tx, `INSERT INTO recruit_sessions (municipality_id, event_id, starts_at, place, online_url, capacity, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, muni, eventID, x.StartsAt.UTC(), x.Place, x.OnlineURL, x.Capacity, now)
	return err
}

// AddSession adds a session to a briefing.
func (s *Store) AddSession(ctx context.Context, by audit.Actor, muni, eventID int64, x *Session) error {
	e := Event{Title: "x", Sessions: []Session{*x}}
	if err := e.Validate(); err != nil {
		return err
	}
	*x = e.Sessions[0]
	return s.write(ctx, muni, func(tx *sql.Tx, c *audit.Chain, now time.Time) error {
		if err := eventExists(ctx, tx, muni, eventID); err != nil {
			return err
		}
		if err := insertSession(ctx, tx, muni, eventID, x, now); err != nil {
			return err
		}
		return c.Add(ctx, now, by, "add_session", "recruit_event", id(eventID), map[string]any{"session_id": x.ID, "capacity": x.Capacity})
	})
}

func eventExists(ctx context.Context, tx *sql.Tx, muni, eventID int64) error {
	var purged sql.NullTime
	err := tx.QueryRowContext(ctx, `SELECT purged_at FROM recruit_events WHERE municipality_id = $1 AND id = $2`, muni, eventID).Scan(&purged)
	if err == sql.ErrNoRows {
		return apperr.NotFoundf("説明会が見つかりません。")
	}
	if err == nil && purged.Valid {
		return apperr.New(apperr.Conflict, "この説明会は保存期間を過ぎ、参加者の情報を削除済みです。")
	}
	return err
}

// SetPublished publishes a briefing on the public site or withdraws it.
func (s *Store) SetPublished(ctx context.Context, by audit.Actor, muni, eventID int64, published bool) error {
	return s.write(ctx, muni, func(tx *sql.Tx, c *audit.Chain, now time.Time) error {
		if err := eventExists(ctx, tx, muni, eventID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE recruit_events SET published = $1, updated_at = $2 WHERE id = $3`, published, now, eventID); err != nil {
			return err
		}
		return c.Add(ctx, now, by, "publish", "recruit_event", id(eventID), map[string]any{"published": published})
	})
}

// SetSettings changes a briefing's registration window, reminder days and
// retention date.
func (s *Store) SetSettings(ctx context.Context, by audit.Actor, muni, eventID int64, opens, closes *time.Time, reminders []int, retainUntil string) error {
	e := Event{Title: "x", Sessions: []Session{{StartsAt: time.Unix(1, 0), Capacity: 1, Place: "x"}}, OpensAt: opens, ClosesAt: closes, Reminders: reminders, RetainUntil: retainUntil}
	if err := e.Validate(); err != nil {
		return err
	}
	return s.write(ctx, muni, func(tx *sql.Tx, c *audit.Chain, now time.Time) error {
		if err := eventExists(ctx, tx, muni, eventID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE recruit_events SET opens_at = $1, closes_at = $2, reminder_days = $3, retain_until = $4, updated_at = $5 WHERE id = $6`,
			utcPtr(opens), utcPtr(closes), FormatReminders(e.Reminders), retainUntil, now, eventID); err != nil {
			return err
		}
		return c.Add(ctx, now, by, "update", "recruit_event", id(eventID), map[string]any{"reminder_days": FormatReminders(e.Reminders), "retain_until": retainUntil})
	})
}

// AddSpeaker makes a current staff member (by 職員番号) a speaker of a session.
func (s *Store) AddSpeaker(ctx context.Context, by audit.Actor, muni, sessionID int64, number string, hours float64) error {
	if hours <= 0 || hours > 12 {
		return apperr.Fields(apperr.FieldErrors{"hours": "時間は0より大きく12以下で入力してください。"})
	}
	return s.write(ctx, muni, func(tx *sql.Tx, c *audit.Chain, now time.Time) error {
		var eventID int64
		err := tx.QueryRowContext(ctx, `SELECT event_id FROM recruit_sessions WHERE municipality_id = $1 AND id = $2`, muni, sessionID).Scan(&eventID)
		if err == sql.ErrNoRows {
			return apperr.NotFoundf("開催回が見つかりません。")
		}
		if err != nil {
			return err
		}
		var staffID int64
		err = tx.QueryRowContext(ctx, `SELECT id FROM staff WHERE municipality_id = $1 AND number = $2 AND status = '在職'`, muni, strings.TrimSpace(number)).Scan(&staffID)
		if err == sql.ErrNoRows {
			return apperr.Fields(apperr.FieldErrors{"number": "在職中の職員の職員番号を入力してください。"})
		}
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO recruit_speakers (municipality_id, session_id, staff_id, hours) VALUES ($1, $2, $3, $4)`, muni, sessionID, staffID, hours)
		if db.IsUnique(err) {
			return apperr.New(apperr.Conflict, "この職員は既にこの回の説明者です。")
		}
		if err != nil {
			return err
		}
		return c.Add(ctx, now, by, "add_speaker", "recruit_event", id(eventID), map[string]any{"session_id": sessionID, "number": number})
	})
}

const eventCols = `e.id, e.title, e.body, e.job_types, e.fy, e.opens_at, e.closes_at, e.published, e.reminder_days, e.retain_until, e.purged_at`

func scanEvent(r db.Scanner) (Event, error) {
	var e Event
	var jobs, rem string
	var opens, closes, purged sql.NullTime
	if err := r.Scan(&e.ID, &e.Title, &e.Body, &jobs, &e.FY, &opens, &closes, &e.Published, &rem, &e.RetainUntil, &purged); err != nil {
		return e, err
	}
	e.JobTypes = []string{}
	if jobs != "" {
		e.JobTypes = strings.Split(jobs, ",")
	}
	e.Reminders = ParseReminders(rem)
	if opens.Valid {
		t := opens.Time.UTC()
		e.OpensAt = &t
	}
	if closes.Valid {
		t := closes.Time.UTC()
		e.ClosesAt = &t
	}
	if purged.Valid {
		t := purged.Time.UTC()
		e.PurgedAt = &t
	}
	e.Sessions = []Session{}
	return e, nil
}

// events loads events (by a WHERE on e) with their sessions and seat counts.
func (s *Store) events(ctx context.Context, q db.Q, where string, args ...any) ([]Event, error) {
	list, err := db.QueryAll(ctx, q, scanEvent, `SELECT `+eventCols+` FROM recruit_events e WHERE `+where+` ORDER BY e.id DESC`, args...)
	if err != nil || len(list) == 0 {
		return list, err
	}
	at := map[int64]int{}
	for i, e := range list {
		at[e.ID] = i
	}
	xs, err := db.QueryAll(ctx, q, func(r db.Scanner) (Session, error) {
		var x Session
		err := r.Scan(&x.ID, &x.EventID, &x.StartsAt, &x.Place, &x.OnlineURL, &x.Capacity, &x.Registered, &x.Waitlisted)
		x.StartsAt = x.StartsAt.UTC()
		x.Speakers = []Speaker{}
		return x, err
	}, `SELECT x.id, x.event_id, x.starts_at, x.place, x.online_url, x.capacity,
		(SELECT COUNT(*) FROM recruit_registrations g WHERE g.session_id = x.id AND g.state IN ('registered', 'attended')),
		(SELECT COUNT(*) FROM recruit_registrations g WHERE g.session_id = x.id AND g.state = 'waitlisted')
		FROM recruit_sessions x JOIN recruit_events e ON e.id = x.event_id WHERE `+where+` ORDER BY x.starts_at, x.id`, args...)
	if err != nil {
		return nil, err
	}
	sat := map[int64][2]int{}
	for _, x := range xs {
		i := at[x.EventID]
		list[i].Sessions = append(list[i].Sessions, x)
		sat[x.ID] = [2]int{i, len(list[i].Sessions) - 1}
	}
	sp, err := db.QueryAll(ctx, q, func(r db.Scanner) (struct {
		sid int64
		sp  Speaker
	}, error) {
		var v struct {
			sid int64
			sp  Speaker
		}
		var fam, given string
		err := r.Scan(&v.sid, &v.sp.StaffID, &v.sp.Number, &fam, &given, &v.sp.JobType, &v.sp.Hours)
		v.sp.Name = strings.TrimSpace(fam + " " + given)
		return v, err
	}, `SELECT k.session_id, st.id, st.number, st.family_name, st.given_name, st.job_type, k.hours
		FROM recruit_speakers k JOIN staff st ON st.id = k.staff_id JOIN recruit_sessions x ON x.id = k.session_id JOIN recruit_events e ON e.id = x.event_id
		WHERE `+where+` ORDER BY st.number`, args...)
	if err != nil {
		return nil, err
	}
	for _, v := range sp {
		p := sat[v.sid]
		list[p[0]].Sessions[p[1]].Speakers = append(list[p[0]].Sessions[p[1]].Speakers, v.sp)
	}
	now := s.now()
	for i := range list {
		list[i].State = list[i].StateAt(now)
	}
	return list, nil
}

// Events lists a fiscal year's briefings, newest first.
func (s *Store) Events(ctx context.Context, muni int64, fy int) ([]Event, error) {
	return s.events(ctx, s.DB.R, `e.municipality_id = $1 AND e.fy = $2`, muni, fy)
}

// Event finds one briefing.
func (s *Store) Event(ctx context.Context, muni, eventID int64) (Event, error) {
	list, err := s.events(ctx, s.DB.R, `e.municipality_id = $1 AND e.id = $2`, muni, eventID)
	if err != nil {
		return Event{}, err
	}
	if len(list) == 0 {
		return Event{}, apperr.NotFoundf("説明会が見つかりません。")
	}
	return list[0], nil
}

// PublicEvents lists the published briefings whose last session is still
// ahead at now or ended within the past 30 days.
func (s *Store) PublicEvents(ctx context.Context, muni int64) ([]Event, error) {
	since := s.now().AddDate(0, 0, -30)
	return s.events(ctx, s.DB.R, `e.municipality_id = $1 AND e.published AND e.purged_at IS NULL
		AND EXISTS (SELECT 1 FROM recruit_sessions y WHERE y.event_id = e.id AND y.starts_at > $2)`, muni, since)
}

// PublicEvent finds a published briefing for the public site.
func (s *Store) PublicEvent(ctx context.Context, muni, eventID int64) (Event, error) {
	list, err := s.events(ctx, s.DB.R, `e.municipality_id = $1 AND e.id = $2 AND e.published AND e.purged_at IS NULL`, muni, eventID)
	if err != nil {
		return Event{}, err
	}
	if len(list) == 0 {
		return Event{}, apperr.NotFoundf("説明会が見つかりません。公開が終わったか、アドレスが違います。")
	}
	return list[0], nil
}
