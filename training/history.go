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

// History item kinds.
const (
	KindInternal = "internal" // a session of the city's own catalog
	KindExternal = "external" // an outside training entered by the center
	// KindLecture is a lecture the staff member gave by dispatch (講師派遣):
	// shown in the record, not counted as training hours taken.
	KindLecture = "lecture"
)

// HistoryItem is one line of a staff member's 受講履歴.
type HistoryItem struct {
	Kind          string  `json:"kind"`
	SessionID     int64   `json:"session_id,omitempty"`
	ExternalID    int64   `json:"external_id,omitempty"`
	ProgramCode   string  `json:"program_code,omitempty"`
	Title         string  `json:"title"`
	Organiser     string  `json:"organiser,omitempty"`
	Start         string  `json:"start"`
	End           string  `json:"end"`
	FY            int     `json:"fy"`
	Status        string  `json:"status"` // present, partial, absent, enrolled, external
	Hours         float64 `json:"hours"`  // hours credited
	Completed     bool    `json:"completed"`
	CertificateNo string  `json:"certificate_no,omitempty"`
}

// StatusLabel is the Japanese status of the line; past is whether the
// session's last day has gone by.
func (h *HistoryItem) StatusLabel(today string) string {
	switch h.Status {
	case KindExternal:
		return "外部研修"
	case KindLecture:
		return "講師派遣（講師）"
	case "enrolled":
		if h.End != "" && h.End < today {
			return "出欠未記録"
		}
		return "受講予定"
	}
	return AttendLabel(h.Status)
}

// FYHours is one fiscal year of a staff member's training.
type FYHours struct {
	FY        int     `json:"fy"`
	Internal  float64 `json:"internal_hours"`
	External  float64 `json:"external_hours"`
	Total     float64 `json:"total_hours"`
	Trainings int     `json:"trainings"` // attended or external
	Completed int     `json:"completed"`
}

// HoursByFY sums a history by fiscal year, newest first. Only attended
// sessions and external trainings count; absences and plans do not.
func HoursByFY(items []HistoryItem) []FYHours {
	by := map[int]*FYHours{}
	for _, it := range items {
		counted := it.Kind == KindExternal || Attended(it.Status)
		if !counted && !it.Completed {
			continue
		}
		y := by[it.FY]
		if y == nil {
			y = &FYHours{FY: it.FY}
			by[it.FY] = y
		}
		if it.Completed {
			y.Completed++
		}
		if !counted {
			continue
		}
		y.Trainings++
		if it.Kind == KindExternal {
			y.External += it.Hours
		} else {
			y.Internal += it.Hours
		}
		y.Total = y.Internal + y.External
	}
	out := make([]FYHours, 0, len(by))
	for _, y := range by {
		out = append(out, *y)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].FY > out[j].FY })
	return out
}

// StaffHistory is a staff member's record across years.
type StaffHistory struct {
	Items []HistoryItem `json:"items"` // newest first
	ByFY  []FYHours     `json:"by_fy"`
}

// TrainingHistory loads a staff member's sessions (enrolled or recorded) and
// external trainings.
func (s *Store) TrainingHistory(ctx context.Context, muni, staffID int64) (*StaffHistory, error) {
	rows, err := s.DB.R.QueryContext(ctx, `SELECT t.id, p.code, p.name, t.title, t.fy, t.hours, COALESCE(a.status, ''), COALESCE(a.hours, 0),
		CASE WHEN c.id IS NULL THEN 0 ELSE 1 END, COALESCE(c.certificate_no, ''), COALESCE(c.hours, 0),
		COALESCE((SELECT MIN(day) FROM session_days d WHERE d.session_id = t.id), ''), COALESCE((SELECT MAX(day) FROM session_days d WHERE d.session_id = t.id), '')
		FROM sessions_training t JOIN programs p ON p.id = t.program_id
		LEFT JOIN attendance a ON a.session_id = t.id AND a.staff_id = $2
		LEFT JOIN completions c ON c.session_id = t.id AND c.staff_id = $2
		WHERE t.municipality_id = $1 AND (a.id IS NOT NULL OR c.id IS NOT NULL OR (t.status <> 'cancelled' AND EXISTS
			(SELECT 1 FROM enrolments e WHERE e.session_id = t.id AND e.staff_id = $2 AND e.status = 'enrolled')))`, muni, staffID)
	if err != nil {
		return nil, err
	}
	h := &StaffHistory{Items: []HistoryItem{}}
	for rows.Next() {
		var it HistoryItem
		var name, title string
		var sessionHours, certHours float64
		var done int
		if err := rows.Scan(&it.SessionID, &it.ProgramCode, &name, &title, &it.FY, &sessionHours, &it.Status, &it.Hours,
			&done, &it.CertificateNo, &certHours, &it.Start, &it.End); err != nil {
			rows.Close()
			return nil, err
		}
		it.Kind = KindInternal
		it.Title = strings.TrimSpace(name + " " + title)
		it.Completed = done == 1
		switch {
		case it.Status == AttendPresent && it.Hours == 0:
			it.Hours = sessionHours
		case it.Status == "":
			it.Status = "enrolled"
			it.Hours = 0
		case it.Status == AttendAbsent:
			it.Hours = 0
		}
		h.Items = append(h.Items, it)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	// External trainings and the lectures the person gave by dispatch
	// (講師派遣), in one statement.
	more, err := s.DB.R.QueryContext(ctx, `SELECT 'external', id, title, organiser, start_on, end_on, hours FROM external_trainings
		WHERE municipality_id = $1 AND staff_id = $2
		UNION ALL
		SELECT 'lecture', 0, topic_title, organisation, delivered_on, delivered_on, hours FROM dispatch_requests
		WHERE municipality_id = $1 AND lecturer_id = $2 AND state IN ('delivered', 'reported') AND delivered_on <> ''`, muni, staffID)
	if err != nil {
		return nil, err
	}
	for more.Next() {
		var it HistoryItem
		if err := more.Scan(&it.Kind, &it.ExternalID, &it.Title, &it.Organiser, &it.Start, &it.End, &it.Hours); err != nil {
			more.Close()
			return nil, err
		}
		it.Status = it.Kind
		if d, err := time.Parse(time.DateOnly, it.Start); err == nil {
			it.FY = calendar.FiscalYear(d)
		}
		h.Items = append(h.Items, it)
	}
	more.Close()
	if err := more.Err(); err != nil {
		return nil, err
	}
	sort.SliceStable(h.Items, func(i, j int) bool {
		if h.Items[i].Start != h.Items[j].Start {
			return h.Items[i].Start > h.Items[j].Start
		}
		return h.Items[i].Title < h.Items[j].Title
	})
	h.ByFY = HoursByFY(h.Items)
	return h, nil
}

// External is an outside training (市長会・町村会, 自治大学校…) recorded by the center.
type External struct {
	ID        int64   `json:"id"`
	StaffID   int64   `json:"-"`
	Title     string  `json:"title"`
	Organiser string  `json:"organiser"`
	Start     string  `json:"start"`
	End       string  `json:"end"`
	Hours     float64 `json:"hours"`
	FY        int     `json:"fy"`
	Notes     string  `json:"notes"`
}

// Validate checks an external training; dates may be ISO or 和暦 and are
// stored as ISO, and the fiscal year is that of the first day.
func (x *External) Validate() error {
	x.Title, x.Organiser, x.Notes = strings.TrimSpace(x.Title), strings.TrimSpace(x.Organiser), strings.TrimSpace(x.Notes)
	if x.Title == "" || utf8.RuneCountInString(x.Title) > 200 {
		return apperr.Invalidf("研修名を200文字以内で入力してください。")
	}
	if utf8.RuneCountInString(x.Organiser) > 200 || utf8.RuneCountInString(x.Notes) > 1000 {
		return apperr.Invalidf("主催者は200文字、備考は1000文字以内で入力してください。")
	}
	start, err := calendar.ParseDate(x.Start)
	if err != nil {
		return apperr.Invalidf("開始日が正しくありません（例 2025-04-01 または 令和7年4月1日）。")
	}
	end := start
	if strings.TrimSpace(x.End) != "" {
		if end, err = calendar.ParseDate(x.End); err != nil {
			return apperr.Invalidf("終了日が正しくありません（例 2025-04-01 または 令和7年4月1日）。")
		}
	}
	if end.Before(start) {
		return apperr.Invalidf("終了日は開始日以降にしてください。")
	}
	if x.Hours <= 0 || x.Hours > 1000 {
		return apperr.Invalidf("時間数は0より大きく1000以下で入力してください。")
	}
	x.Start, x.End = start.Format(time.DateOnly), end.Format(time.DateOnly)
	x.FY = calendar.FiscalYear(start)
	return nil
}

// Externals lists a staff member's external trainings, newest first.
func (s *Store) Externals(ctx context.Context, muni, staffID int64) ([]External, error) {
	rows, err := s.DB.R.QueryContext(ctx, `SELECT id, staff_id, title, organiser, start_on, end_on, hours, fy, notes FROM external_trainings
		WHERE municipality_id = $1 AND staff_id = $2 ORDER BY start_on DESC, id DESC`, muni, staffID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []External{}
	for rows.Next() {
		var x External
		if err := rows.Scan(&x.ID, &x.StaffID, &x.Title, &x.Organiser, &x.Start, &x.End, &x.Hours, &x.FY, &x.Notes); err != nil {
			return nil, err
		}
		out = append(out, x)
	}
	return out, rows.Err()
}

// AddExternal records an external training for a staff member.
func (s *Store) AddExternal(ctx context.Context, by audit.Actor, muni int64, x *External) error {
	if err := x.Validate(); err != nil {
		return err
	}
	return s.write(ctx, muni, func(w *writeTx) error {
		tx := w.Tx
		now := s.now()
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM staff WHERE id = $1 AND municipality_id = $2`, x.StaffID, muni).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return apperr.NotFoundf("職員が見つかりません。")
		}
		err := tx.QueryRowContext(ctx, `INSERT INTO external_trainings (municipality_id, staff_id, title, organiser, start_on, end_on, hours, fy, notes, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`, muni, x.StaffID, x.Title, x.Organiser, x.Start, x.End, x.Hours, x.FY, x.Notes, now).Scan(&x.ID)
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, muni, by, "create", "external_training", fmt.Sprint(x.ID), audit.Change{After: x})
	})
}

// DeleteExternal removes one external training of a staff member.
func (s *Store) DeleteExternal(ctx context.Context, by audit.Actor, muni, staffID, id int64) error {
	return s.write(ctx, muni, func(w *writeTx) error {
		tx := w.Tx
		var x External
		err := tx.QueryRowContext(ctx, `SELECT id, staff_id, title, organiser, start_on, end_on, hours, fy, notes FROM external_trainings
			WHERE id = $1 AND staff_id = $2 AND municipality_id = $3`, id, staffID, muni).
			Scan(&x.ID, &x.StaffID, &x.Title, &x.Organiser, &x.Start, &x.End, &x.Hours, &x.FY, &x.Notes)
		if err == sql.ErrNoRows {
			return apperr.NotFoundf("外部研修の記録が見つかりません。")
		} else if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM external_trainings WHERE id = $1`, id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, s.now(), muni, by, "delete", "external_training", fmt.Sprint(id), audit.Change{Before: x})
	})
}
