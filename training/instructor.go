package training

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"hagukumi/apperr"
	"hagukumi/audit"
	"hagukumi/calendar"
)

// Topic is a lecture topic a staff member offers (講義テーマ). Public topics
// may be shown on the public pages (PRODUCT I3) and matched to requests.
type Topic struct {
	ID          int64     `json:"id"`
	StaffID     int64     `json:"-"`
	Number      string    `json:"number"`
	Name        string    `json:"name"`
	Unit        string    `json:"unit"`
	Topic       string    `json:"topic"`
	Description string    `json:"description"`
	Public      bool      `json:"public"`
	CreatedAt   time.Time `json:"created_at"`
}

// Validate checks a topic's fields.
func (t *Topic) Validate() error {
	t.Topic, t.Description = strings.TrimSpace(t.Topic), strings.TrimSpace(t.Description)
	if t.Topic == "" || utf8.RuneCountInString(t.Topic) > 100 {
		return apperr.Invalidf("テーマを100文字以内で入力してください。")
	}
	if utf8.RuneCountInString(t.Description) > 1000 {
		return apperr.Invalidf("内容の説明は1000文字以内で入力してください。")
	}
	return nil
}

const topicSelect = `SELECT t.id, t.staff_id, s.number, s.family_name, s.given_name, COALESCE(o.path, ''), t.topic, t.description, t.public, t.created_at
	FROM instructor_topics t JOIN staff s ON s.id = t.staff_id LEFT JOIN org_units o ON o.id = s.unit_id `

func (s *Store) topics(ctx context.Context, where string, args ...any) ([]Topic, error) {
	rows, err := s.DB.R.QueryContext(ctx, topicSelect+where+` ORDER BY s.number, t.id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Topic{}
	for rows.Next() {
		var t Topic
		var fam, given string
		if err := rows.Scan(&t.ID, &t.StaffID, &t.Number, &fam, &given, &t.Unit, &t.Topic, &t.Description, &t.Public, &t.CreatedAt); err != nil {
			return nil, err
		}
		t.Name = recName(fam, given)
		out = append(out, t)
	}
	return out, rows.Err()
}

// TopicsOf lists one staff member's topics.
func (s *Store) TopicsOf(ctx context.Context, muni, staffID int64) ([]Topic, error) {
	return s.topics(ctx, `WHERE t.municipality_id = $1 AND t.staff_id = $2`, muni, staffID)
}

// PublicTopics lists the topics staff opted to show publicly, of staff in service.
func (s *Store) PublicTopics(ctx context.Context, muni int64) ([]Topic, error) {
	return s.topics(ctx, `WHERE t.municipality_id = $1 AND t.public = $2 AND s.status <> '退職'`, muni, true)
}

// AddTopic adds a topic to a staff member's own list.
func (s *Store) AddTopic(ctx context.Context, by audit.Actor, muni, staffID int64, t *Topic) error {
	if err := t.Validate(); err != nil {
		return err
	}
	return s.write(ctx, muni, func(w *writeTx) error {
		tx := w.Tx
		now := s.now()
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM instructor_topics WHERE municipality_id = $1 AND staff_id = $2`, muni, staffID).Scan(&n); err != nil {
			return err
		}
		if n >= 30 {
			return apperr.Invalidf("登録できるテーマは30件までです。")
		}
		t.StaffID, t.CreatedAt = staffID, now
		err := tx.QueryRowContext(ctx, `INSERT INTO instructor_topics (municipality_id, staff_id, topic, description, public, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
			muni, staffID, t.Topic, t.Description, t.Public, now).Scan(&t.ID)
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, muni, by, "create", "instructor_topic", fmt.Sprint(t.ID), audit.Change{After: t})
	})
}

// SetTopicPublic changes the public opt-in of one of the staff member's own topics.
func (s *Store) SetTopicPublic(ctx context.Context, by audit.Actor, muni, staffID, id int64, public bool) error {
	return s.write(ctx, muni, func(w *writeTx) error {
		tx := w.Tx
		res, err := tx.ExecContext(ctx, `UPDATE instructor_topics SET public = $1 WHERE id = $2 AND staff_id = $3 AND municipality_id = $4`, public, id, staffID, muni)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return apperr.NotFoundf("テーマが見つかりません。")
		}
		return audit.Record(ctx, tx, s.now(), muni, by, "update", "instructor_topic", fmt.Sprint(id), map[string]any{"public": public})
	})
}

// DeleteTopic removes one of the staff member's own topics.
func (s *Store) DeleteTopic(ctx context.Context, by audit.Actor, muni, staffID, id int64) error {
	return s.write(ctx, muni, func(w *writeTx) error {
		tx := w.Tx
		var topic string
		if err := tx.QueryRowContext(ctx, `SELECT topic FROM instructor_topics WHERE id = $1 AND staff_id = $2 AND municipality_id = $3`, id, staffID, muni).Scan(&topic); err != nil {
			if err == sql.ErrNoRows {
				return apperr.NotFoundf("テーマが見つかりません。")
			}
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM instructor_topics WHERE id = $1`, id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, s.now(), muni, by, "delete", "instructor_topic", fmt.Sprint(id), map[string]any{"topic": topic})
	})
}

// Teaching is one session a staff member teaches or taught.
type Teaching struct {
	StaffID     int64   `json:"-"`
	SessionID   int64   `json:"session_id"`
	ProgramCode string  `json:"program_code"`
	Label       string  `json:"label"`
	First       string  `json:"first"`
	Last        string  `json:"last"`
	FY          int     `json:"fy"`
	Hours       float64 `json:"hours"`
	Status      string  `json:"status"`
}

// FYTaught is one fiscal year of teaching.
type FYTaught struct {
	FY       int     `json:"fy"`
	Sessions int     `json:"sessions"`
	Hours    float64 `json:"hours"`
}

// TaughtByFY sums teaching by fiscal year, newest first; only sessions held
// (or planned but already past) count, not those still to come or cancelled.
func TaughtByFY(ts []Teaching, today string) []FYTaught {
	by := map[int]*FYTaught{}
	for _, t := range ts {
		if t.Status == SessionCancelled || (t.Status != SessionHeld && !(t.Last != "" && t.Last < today)) {
			continue
		}
		y := by[t.FY]
		if y == nil {
			y = &FYTaught{FY: t.FY}
			by[t.FY] = y
		}
		y.Sessions++
		y.Hours += t.Hours
	}
	out := make([]FYTaught, 0, len(by))
	for _, y := range by {
		out = append(out, *y)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].FY > out[j].FY })
	return out
}

// teaching lists the sessions taught by one staff member (staffID != 0) or
// by every staff instructor.
func (s *Store) teaching(ctx context.Context, muni, staffID int64) ([]Teaching, error) {
	args := []any{muni}
	w := ""
	if staffID != 0 {
		args = append(args, staffID)
		w = " AND i.staff_id = $2"
	}
	rows, err := s.DB.R.QueryContext(ctx, `SELECT i.staff_id, t.id, p.code, p.name, t.title, t.fy, CASE WHEN i.hours > 0 THEN i.hours ELSE t.hours END, t.status,
		COALESCE((SELECT MIN(day) FROM session_days d WHERE d.session_id = t.id), ''), COALESCE((SELECT MAX(day) FROM session_days d WHERE d.session_id = t.id), '')
		FROM session_instructors i JOIN sessions_training t ON t.id = i.session_id JOIN programs p ON p.id = t.program_id
		WHERE i.municipality_id = $1 AND i.staff_id IS NOT NULL`+w+`
		UNION ALL
		SELECT r.lecturer_id, 0, '講師派遣', r.topic_title, '（' || r.organisation || '）', r.fy, r.hours, 'held', r.delivered_on, r.delivered_on
		FROM dispatch_requests r WHERE r.municipality_id = $1 AND r.lecturer_id IS NOT NULL AND r.state IN ('delivered', 'reported')`+strings.ReplaceAll(w, "i.staff_id", "r.lecturer_id"), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Teaching{}
	for rows.Next() {
		var t Teaching
		var name, title string
		if err := rows.Scan(&t.StaffID, &t.SessionID, &t.ProgramCode, &name, &title, &t.FY, &t.Hours, &t.Status, &t.First, &t.Last); err != nil {
			return nil, err
		}
		t.Label = strings.TrimSpace(name + " " + title)
		if t.SessionID == 0 {
			// A lecture given by dispatch (講師派遣) counts in the year it was given.
			if d, err := time.Parse(time.DateOnly, t.First); err == nil {
				t.FY = calendar.FiscalYear(d)
			}
		}
		out = append(out, t)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].First > out[j].First })
	return out, rows.Err()
}

// TeachingOf lists the sessions a staff member teaches, newest first.
func (s *Store) TeachingOf(ctx context.Context, muni, staffID int64) ([]Teaching, error) {
	return s.teaching(ctx, muni, staffID)
}

// Teaches tells whether a staff member is an instructor of a session.
func (s *Store) Teaches(ctx context.Context, muni, sessionID, staffID int64) (bool, error) {
	if staffID == 0 {
		return false, nil
	}
	var n int
	err := s.DB.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM session_instructors WHERE municipality_id = $1 AND session_id = $2 AND staff_id = $3`, muni, sessionID, staffID).Scan(&n)
	return n > 0, err
}

// PoolEntry is one staff member of the instructor pool.
type PoolEntry struct {
	StaffID    int64      `json:"-"`
	Number     string     `json:"number"`
	Name       string     `json:"name"`
	Unit       string     `json:"unit"`
	Topics     []Topic    `json:"topics"`
	Teaching   []Teaching `json:"teaching"`
	ByFY       []FYTaught `json:"by_fy"`
	TotalHours float64    `json:"total_hours"`
}

// UnitDisplay is the unit path with spaces.
func (e *PoolEntry) UnitDisplay() string { return recUnitDisplay(e.Unit) }

// InstructorPool lists the staff who teach or offer topics, with their
// topics, teaching history and hours per fiscal year, by 職員番号.
func (s *Store) InstructorPool(ctx context.Context, muni int64) ([]*PoolEntry, error) {
	ts, err := s.teaching(ctx, muni, 0)
	if err != nil {
		return nil, err
	}
	topics, err := s.topics(ctx, `WHERE t.municipality_id = $1`, muni)
	if err != nil {
		return nil, err
	}
	by := map[int64]*PoolEntry{}
	get := func(id int64) *PoolEntry {
		e := by[id]
		if e == nil {
			e = &PoolEntry{StaffID: id, Topics: []Topic{}, Teaching: []Teaching{}}
			by[id] = e
		}
		return e
	}
	for _, t := range topics {
		e := get(t.StaffID)
		e.Number, e.Name, e.Unit = t.Number, t.Name, t.Unit
		e.Topics = append(e.Topics, t)
	}
	for _, t := range ts {
		e := get(t.StaffID)
		e.Teaching = append(e.Teaching, t)
	}
	if len(by) > 0 {
		rows, err := s.DB.R.QueryContext(ctx, `SELECT s.id, s.number, s.family_name, s.given_name, COALESCE(o.path, '') FROM staff s LEFT JOIN org_units o ON o.id = s.unit_id
			WHERE s.municipality_id = $1 AND (s.id IN (SELECT staff_id FROM session_instructors WHERE municipality_id = $1 AND staff_id IS NOT NULL)
			OR s.id IN (SELECT staff_id FROM instructor_topics WHERE municipality_id = $1)
			OR s.id IN (SELECT lecturer_id FROM dispatch_requests WHERE municipality_id = $1 AND lecturer_id IS NOT NULL AND state IN ('delivered', 'reported')))`, muni)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var id int64
			var number, fam, given, unit string
			if err := rows.Scan(&id, &number, &fam, &given, &unit); err != nil {
				rows.Close()
				return nil, err
			}
			if e := by[id]; e != nil {
				e.Number, e.Name, e.Unit = number, recName(fam, given), unit
			}
		}
		rows.Close()
	}
	today := todayOf(s.now())
	out := make([]*PoolEntry, 0, len(by))
	for _, e := range by {
		e.ByFY = TaughtByFY(e.Teaching, today)
		for _, y := range e.ByFY {
			e.TotalHours += y.Hours
		}
		out = append(out, e)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Number < out[j].Number })
	return out, nil
}
