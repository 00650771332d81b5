package training

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"hagukumi/apperr"
	"hagukumi/audit"
	"hagukumi/auth"
	"hagukumi/calendar"
	"hagukumi/db"
	"hagukumi/textlimit"
)

// Day is one day of a session (開催回) with its times, "09:00"–"17:00".
type Day struct {
	Date  string `json:"date"` // YYYY-MM-DD
	Start string `json:"start"`
	End   string `json:"end"`
}

// Hours is the length of the day in hours.
func (d Day) Hours() float64 {
	s, err1 := time.Parse("15:04", d.Start)
	e, err2 := time.Parse("15:04", d.End)
	if err1 != nil || err2 != nil || !e.After(s) {
		return 0
	}
	return e.Sub(s).Hours()
}

// Instructor teaches a session: a staff member (StaffID) or an outside person (Name).
type Instructor struct {
	StaffID int64   `json:"-"`
	Number  string  `json:"number,omitempty"`
	Name    string  `json:"name"`
	Hours   float64 `json:"hours"`
}

// Session statuses.
const (
	SessionPlanned   = "planned"
	SessionHeld      = "held"
	SessionCancelled = "cancelled"
)

// Session is one 開催回 of a program in a fiscal year.
type Session struct {
	ID          int64        `json:"id"`
	ProgramID   int64        `json:"-"`
	ProgramCode string       `json:"program_code"`
	ProgramName string       `json:"program_name"`
	FY          int          `json:"fy"`
	Title       string       `json:"title"`
	Venue       string       `json:"venue"`
	Capacity    int          `json:"capacity"`
	Hours       float64      `json:"hours"`
	Notes       string       `json:"notes"`
	Status      string       `json:"status"`
	Days        []Day        `json:"days"`
	Instructors []Instructor `json:"instructors"`
	Enrolled    int          `json:"enrolled"`
	Waitlisted  int          `json:"waitlisted"`
	// Revision counts the edits of the session; calendars read it as the
	// SEQUENCE of its events.
	Revision int `json:"-"`
}

// First and Last are the first and last day, YYYY-MM-DD.
func (s *Session) First() string {
	if len(s.Days) == 0 {
		return ""
	}
	return s.Days[0].Date
}

func (s *Session) Last() string {
	if len(s.Days) == 0 {
		return ""
	}
	return s.Days[len(s.Days)-1].Date
}

// Label names the session for lists: 新規採用職員研修 第1回.
func (s *Session) Label() string { return strings.TrimSpace(s.ProgramName + " " + s.Title) }

// Validate checks and normalises a session: days sorted, each inside the
// fiscal year, times in order; hours default to the sum of the days.
func (s *Session) Validate() error {
	if err := textlimit.CheckAll(
		textlimit.Field{Name: "回の名称", Value: s.Title, Max: textlimit.Title},
		textlimit.Field{Name: "会場", Value: s.Venue, Max: textlimit.Venue},
		textlimit.Field{Name: "備考", Value: s.Notes, Max: textlimit.FreeText},
	); err != nil {
		return err
	}
	if len(s.Days) == 0 {
		return apperr.Invalidf("開催日を1日以上入力してください。")
	}
	if s.Capacity < 0 || s.Capacity > 10000 {
		return apperr.Invalidf("定員は0から10000の間で入力してください（0は定員なし）。")
	}
	seen := map[string]bool{}
	total := 0.0
	for i, d := range s.Days {
		t, err := time.Parse(time.DateOnly, d.Date)
		if err != nil {
			return apperr.Invalidf("開催日 %d の日付が正しくありません。", i+1)
		}
		if calendar.FiscalYear(t) != s.FY {
			return apperr.Invalidf("開催日 %s は%sの期間外です。", d.Date, calendar.FormatNendo(s.FY))
		}
		if seen[d.Date] {
			return apperr.Invalidf("開催日 %s が重複しています。", d.Date)
		}
		seen[d.Date] = true
		if d.Hours() <= 0 {
			return apperr.Invalidf("%s の開始・終了時刻を正しく入力してください（例 09:00〜17:00）。", d.Date)
		}
		total += d.Hours()
	}
	sort.Slice(s.Days, func(i, j int) bool { return s.Days[i].Date < s.Days[j].Date })
	if s.Hours <= 0 {
		s.Hours = total
	}
	if s.Status == "" {
		s.Status = SessionPlanned
	}
	if s.Status != SessionPlanned && s.Status != SessionHeld && s.Status != SessionCancelled {
		return apperr.Invalidf("開催状況が正しくありません。")
	}
	return nil
}

// SaveSession creates (ID 0) or updates a session with its days and instructors.
func (s *Store) SaveSession(ctx context.Context, by audit.Actor, muni int64, x *Session) error {
	p, err := s.ProgramByID(ctx, muni, x.ProgramID)
	if err != nil {
		return err
	}
	x.ProgramCode, x.ProgramName = p.Code, p.Name
	if err := x.Validate(); err != nil {
		return err
	}
	return s.write(ctx, muni, func(w *writeTx) error {
		tx := w.Tx
		now := s.now()
		action := "create"
		if x.ID == 0 {
			id, err := db.Insert(ctx, tx, `INSERT INTO sessions_training (municipality_id, program_id, fy, title, venue, capacity, hours, notes, status, checkin_token, created_at, updated_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) RETURNING id`,
				muni, x.ProgramID, x.FY, x.Title, x.Venue, x.Capacity, x.Hours, x.Notes, x.Status, auth.RandomToken(), now)
			if err != nil {
				return err
			}
			x.ID = id
		} else {
			action = "update"
			// enrol_seq: a nomination that read the session's days before
			// this change must read them again (see lockAndRead). revision:
			// calendars that hold the session's days take the new version.
			res, err := tx.ExecContext(ctx, `UPDATE sessions_training SET program_id = $1, fy = $2, title = $3, venue = $4, capacity = $5, hours = $6, notes = $7,
				status = $8, updated_at = $9, enrol_seq = enrol_seq + 1, revision = revision + 1 WHERE id = $10 AND municipality_id = $11`,
				x.ProgramID, x.FY, x.Title, x.Venue, x.Capacity, x.Hours, x.Notes, x.Status, now, x.ID, muni)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n != 1 {
				return apperr.NotFoundf("開催回が見つかりません。")
			}
			if _, err := tx.ExecContext(ctx, `DELETE FROM session_days WHERE session_id = $1`, x.ID); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `DELETE FROM session_instructors WHERE session_id = $1`, x.ID); err != nil {
				return err
			}
		}
		for _, d := range x.Days {
			if _, err := tx.ExecContext(ctx, `INSERT INTO session_days (municipality_id, session_id, day, start_time, end_time) VALUES ($1, $2, $3, $4, $5)`,
				muni, x.ID, d.Date, d.Start, d.End); err != nil {
				return err
			}
		}
		for i := range x.Instructors {
			in := &x.Instructors[i]
			if in.Number != "" && in.StaffID == 0 {
				if err := tx.QueryRowContext(ctx, `SELECT id FROM staff WHERE municipality_id = $1 AND number = $2`, muni, in.Number).Scan(&in.StaffID); err != nil {
					return apperr.Invalidf("講師の職員番号 %s は見つかりません。", in.Number)
				}
			}
			if in.StaffID == 0 && strings.TrimSpace(in.Name) == "" {
				continue
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO session_instructors (municipality_id, session_id, staff_id, name, hours) VALUES ($1, $2, $3, $4, $5)`,
				muni, x.ID, nullID(in.StaffID), in.Name, in.Hours); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, now, muni, by, action, "session", fmt.Sprint(x.ID), audit.Change{After: x})
	})
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// SessionFilter narrows a session list.
type SessionFilter struct {
	FY            int
	ProgramID     int64
	InstructorOf  int64 // only sessions this staff member teaches
	IncludeCancel bool
	IDs           []int64 // only these sessions (none: no limit)
}

const sessionCols = `t.id, t.program_id, p.code, p.name, t.fy, t.title, t.venue, t.capacity, t.hours, t.notes, t.status,
	(SELECT COUNT(*) FROM enrolments e WHERE e.session_id = t.id AND e.status = 'enrolled'),
	(SELECT COUNT(*) FROM enrolments e WHERE e.session_id = t.id AND e.status = 'waitlisted'), t.revision`

// scanSession reads the sessionCols of a row into a Session, and any
// columns selected after them into extra.
func scanSession(row db.Scanner, extra ...any) (*Session, error) {
	var x Session
	err := row.Scan(append([]any{&x.ID, &x.ProgramID, &x.ProgramCode, &x.ProgramName, &x.FY, &x.Title, &x.Venue, &x.Capacity, &x.Hours, &x.Notes, &x.Status,
		&x.Enrolled, &x.Waitlisted, &x.Revision}, extra...)...)
	return &x, err
}

// Sessions lists sessions with their days and instructors, by first day.
func (s *Store) Sessions(ctx context.Context, muni int64, f SessionFilter) ([]*Session, error) {
	args := []any{muni}
	w := "t.municipality_id = $1"
	if f.FY != 0 {
		args = append(args, f.FY)
		w += fmt.Sprintf(" AND t.fy = $%d", len(args))
	}
	if f.ProgramID != 0 {
		args = append(args, f.ProgramID)
		w += fmt.Sprintf(" AND t.program_id = $%d", len(args))
	}
	if f.InstructorOf != 0 {
		args = append(args, f.InstructorOf)
		w += fmt.Sprintf(" AND t.id IN (SELECT session_id FROM session_instructors WHERE staff_id = $%d)", len(args))
	}
	if !f.IncludeCancel {
		w += " AND t.status <> 'cancelled'"
	}
	if len(f.IDs) > 0 {
		marks := make([]string, len(f.IDs))
		for i, id := range f.IDs {
			args = append(args, id)
			marks[i] = fmt.Sprintf("$%d", len(args))
		}
		w += " AND t.id IN (" + strings.Join(marks, ", ") + ")"
	}
	rows, err := s.DB.R.QueryContext(ctx, `SELECT `+sessionCols+` FROM sessions_training t JOIN programs p ON p.id = t.program_id WHERE `+w+` ORDER BY t.id`, args...)
	if err != nil {
		return nil, err
	}
	var out []*Session
	byID := map[int64]*Session{}
	for rows.Next() {
		x, err := scanSession(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, x)
		byID[x.ID] = x
	}
	rows.Close()
	if err := s.loadDetails(ctx, muni, byID); err != nil {
		return nil, err
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].First() < out[j].First() })
	return out, nil
}

// loadDetails fills days and instructors for the given sessions.
func (s *Store) loadDetails(ctx context.Context, muni int64, byID map[int64]*Session) error {
	if len(byID) == 0 {
		return nil
	}
	// One session (the common detail page) is read by its id; a list reads
	// the municipality's days and instructors in one pass each.
	only, args := "", []any{muni}
	if len(byID) == 1 {
		for id := range byID {
			args = append(args, id)
		}
		only = " AND session_id = $2"
	}
	rows, err := s.DB.R.QueryContext(ctx, `SELECT session_id, day, start_time, end_time FROM session_days WHERE municipality_id = $1`+only+` ORDER BY day`, args...)
	if err != nil {
		return err
	}
	for rows.Next() {
		var id int64
		var d Day
		rows.Scan(&id, &d.Date, &d.Start, &d.End)
		if x := byID[id]; x != nil {
			x.Days = append(x.Days, d)
		}
	}
	rows.Close()
	rows, err = s.DB.R.QueryContext(ctx, `SELECT i.session_id, COALESCE(i.staff_id, 0), COALESCE(s.number, ''), CASE WHEN i.staff_id IS NULL THEN i.name ELSE s.family_name || ' ' || s.given_name END, i.hours
		FROM session_instructors i LEFT JOIN staff s ON s.id = i.staff_id WHERE i.municipality_id = $1`+strings.ReplaceAll(only, "session_id", "i.session_id")+` ORDER BY i.id`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var in Instructor
		rows.Scan(&id, &in.StaffID, &in.Number, &in.Name, &in.Hours)
		if x := byID[id]; x != nil {
			x.Instructors = append(x.Instructors, in)
		}
	}
	today := s.today()
	for _, x := range byID {
		x.Status = SessionStatus(x.Days, x.Status == SessionCancelled, today)
	}
	return rows.Err()
}

// SessionByID loads one session of the municipality.
func (s *Store) SessionByID(ctx context.Context, muni, id int64) (*Session, error) {
	x, err := scanSession(s.DB.R.QueryRowContext(ctx, `SELECT `+sessionCols+` FROM sessions_training t JOIN programs p ON p.id = t.program_id
		WHERE t.municipality_id = $1 AND t.id = $2`, muni, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.NotFoundf("開催回が見つかりません。")
	} else if err != nil {
		return nil, err
	}
	if err := s.loadDetails(ctx, muni, map[int64]*Session{id: x}); err != nil {
		return nil, err
	}
	return x, nil
}

// CheckinToken returns the secret of a session's QR check-in link.
func (s *Store) CheckinToken(ctx context.Context, muni, id int64) (string, error) {
	var tok string
	err := s.DB.R.QueryRowContext(ctx, `SELECT checkin_token FROM sessions_training WHERE municipality_id = $1 AND id = $2`, muni, id).Scan(&tok)
	if errors.Is(err, sql.ErrNoRows) {
		return "", apperr.NotFoundf("開催回が見つかりません。")
	}
	return tok, err
}
