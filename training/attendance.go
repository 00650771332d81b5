package training

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"hagukumi/apperr"
	"hagukumi/audit"
	"hagukumi/calendar"
	"hagukumi/db"
	"hagukumi/staff"
)

// Attendance statuses (出欠). No row at all means 未記録.
const (
	AttendPresent = "present" // 出席
	AttendPartial = "partial" // 一部出席
	AttendAbsent  = "absent"  // 欠席
)

// AbsenceReasons are the reasons offered for an absence; その他 takes a text.
var AbsenceReasons = []string{"公務", "病気", "休暇", "その他"}

// AttendLabel is the Japanese name of an attendance status.
func AttendLabel(status string) string {
	switch status {
	case AttendPresent:
		return "出席"
	case AttendPartial:
		return "一部出席"
	case AttendAbsent:
		return "欠席"
	}
	return "未記録"
}

// todayOf is the Japanese date of now as the days of sessions are stored,
// YYYY-MM-DD.
func todayOf(now time.Time) string { return calendar.Today(now).Format(time.DateOnly) }

// Attended tells whether a status counts as having taken part.
func Attended(status string) bool { return status == AttendPresent || status == AttendPartial }

// Mark is one line of bulk attendance marking, as the form and the API send it.
type Mark struct {
	Number string  `json:"number"`
	Status string  `json:"status"` // present, partial, absent, or "" to clear
	Hours  float64 `json:"hours"`  // partial attendance only
	Reason string  `json:"reason"` // 公務, 病気, 休暇, その他 (absence, optionally partial)
	Note   string  `json:"note,omitempty"`
}

// Normalize checks a mark against the session's hours and sets what follows
// from its status: a present person is credited the whole session, an absent
// one nothing.
func (m *Mark) Normalize(sessionHours float64) error {
	m.Number = strings.TrimSpace(m.Number)
	m.Reason = strings.TrimSpace(m.Reason)
	m.Note = strings.TrimSpace(m.Note)
	who := m.Number
	if utf8.RuneCountInString(m.Note) > 200 {
		return apperr.Invalidf("%s: 欠席理由の補足は200文字以内で入力してください。", who)
	}
	if m.Reason != "" && !anyOf(AbsenceReasons, m.Reason) {
		return apperr.Invalidf("%s: 理由は %s から選んでください。", who, strings.Join(AbsenceReasons, "・"))
	}
	switch m.Status {
	case "":
		m.Hours, m.Reason, m.Note = 0, "", ""
	case AttendPresent:
		m.Hours, m.Reason, m.Note = sessionHours, "", ""
	case AttendPartial:
		if math.IsNaN(m.Hours) || m.Hours <= 0 || (sessionHours > 0 && m.Hours >= sessionHours) {
			return apperr.Invalidf("%s: 一部出席の時間は0より大きく、開催時間（%s時間）より短く入力してください。", who, FormatHours(sessionHours))
		}
		m.Hours = math.Round(m.Hours*100) / 100
		if m.Reason == "" {
			m.Note = ""
		}
	case AttendAbsent:
		m.Hours = 0
		if m.Reason == "" {
			return apperr.Invalidf("%s: 欠席の理由を選んでください。", who)
		}
		if m.Reason == "その他" && m.Note == "" {
			return apperr.Invalidf("%s: 欠席理由が「その他」のときは内容を入力してください。", who)
		}
	default:
		return apperr.Invalidf("%s: 出欠の区分が正しくありません。", who)
	}
	return nil
}

// FormatHours writes hours without needless decimals: 7, 3.5, 1.25.
func FormatHours(h float64) string {
	return strings.TrimRight(strings.TrimRight(fmt.Sprintf("%.2f", h), "0"), ".")
}

// AttendanceRow is one person on a session's roster with their attendance.
type AttendanceRow struct {
	StaffID       int64      `json:"-"`
	Number        string     `json:"number"`
	Name          string     `json:"name"`
	Unit          string     `json:"unit"`
	Enrolled      bool       `json:"enrolled"`
	Status        string     `json:"status"` // "" when not recorded
	Hours         float64    `json:"hours"`
	Reason        string     `json:"reason"`
	Note          string     `json:"note"`
	CheckedInAt   *time.Time `json:"checked_in_at,omitempty"`
	Completed     bool       `json:"completed"`
	CertificateNo string     `json:"certificate_no,omitempty"`
}

// StatusLabel is the Japanese status.
func (a *AttendanceRow) StatusLabel() string { return AttendLabel(a.Status) }

// UnitDisplay is the unit path with spaces, as Japanese lists write it.
func (a *AttendanceRow) UnitDisplay() string { return recUnitDisplay(a.Unit) }

func recUnitDisplay(path string) string { return strings.ReplaceAll(path, "/", " ") }

func recName(fam, given string) string { return strings.TrimSpace(fam + " " + given) }

// Attendance lists a session's roster: everyone enrolled, and anyone with an
// attendance record, within the scope.
func (s *Store) Attendance(ctx context.Context, muni, sessionID int64, sc staff.Scope) ([]AttendanceRow, error) {
	return attendanceRows(ctx, s.DB.R, muni, sessionID, sc)
}

func attendanceRows(ctx context.Context, q db.Q, muni, sessionID int64, sc staff.Scope) ([]AttendanceRow, error) {
	args := []any{muni, sessionID}
	rows, err := q.QueryContext(ctx, `SELECT s.id, s.number, s.family_name, s.given_name, COALESCE(o.path, ''),
		CASE WHEN e.id IS NULL THEN 0 ELSE 1 END, COALESCE(a.status, ''), COALESCE(a.hours, 0), COALESCE(a.absence_reason, ''), COALESCE(a.absence_note, ''),
		a.checked_in_at, CASE WHEN c.id IS NULL THEN 0 ELSE 1 END, COALESCE(c.certificate_no, '')
		FROM staff s LEFT JOIN org_units o ON o.id = s.unit_id
		LEFT JOIN enrolments e ON e.session_id = $2 AND e.staff_id = s.id AND e.status = 'enrolled'
		LEFT JOIN attendance a ON a.session_id = $2 AND a.staff_id = s.id
		LEFT JOIN completions c ON c.session_id = $2 AND c.staff_id = s.id
		WHERE s.municipality_id = $1 AND (e.id IS NOT NULL OR a.id IS NOT NULL)`+sc.And("s.id", "o.path", &args)+`
		ORDER BY COALESCE(o.path, ''), s.sort_kana, s.number`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []AttendanceRow
	for rows.Next() {
		var a AttendanceRow
		var fam, given string
		var enrolled, completed int
		var at sql.NullTime
		if err := rows.Scan(&a.StaffID, &a.Number, &fam, &given, &a.Unit, &enrolled, &a.Status, &a.Hours, &a.Reason, &a.Note,
			&at, &completed, &a.CertificateNo); err != nil {
			return nil, err
		}
		a.Name = recName(fam, given)
		a.Enrolled, a.Completed = enrolled == 1, completed == 1
		if at.Valid {
			t := at.Time
			a.CheckedInAt = &t
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// MarkAttendance saves bulk marks for a session in one transaction; only the
// lines that change are written, and completion follows in the same
// transaction. Everyone marked must be enrolled in the session or already
// have a record.
func (s *Store) MarkAttendance(ctx context.Context, by audit.Actor, muni, sessionID int64, marks []Mark) error {
	return s.markAttendance(ctx, by, muni, sessionID, marks, "")
}

// markAttendance is MarkAttendance and CorrectAttendance: with a reason
// the audit entry is a correction (action "correct") that records it.
func (s *Store) markAttendance(ctx context.Context, by audit.Actor, muni, sessionID int64, marks []Mark, reason string) error {
	x, err := s.SessionByID(ctx, muni, sessionID)
	if err != nil {
		return err
	}
	if err := MayMarkAttendance(x, s.today()); err != nil {
		return err
	}
	seen := map[string]bool{}
	for i := range marks {
		if err := marks[i].Normalize(x.Hours); err != nil {
			return err
		}
		if marks[i].Number == "" {
			return apperr.Invalidf("職員番号のない行があります。")
		}
		if seen[marks[i].Number] {
			return apperr.Invalidf("職員番号 %s が重複しています。", marks[i].Number)
		}
		seen[marks[i].Number] = true
	}
	return s.write(ctx, muni, func(w *writeTx) error {
		tx := w.Tx
		now := s.now()
		cur, err := attendanceRows(ctx, tx, muni, sessionID, staff.Scope{})
		if err != nil {
			return err
		}
		byNumber := map[string]*AttendanceRow{}
		for i := range cur {
			byNumber[cur[i].Number] = &cur[i]
		}
		type change struct {
			Before Mark `json:"before"`
			After  Mark `json:"after"`
		}
		var changes []change
		var ids []int64
		for _, m := range marks {
			row := byNumber[m.Number]
			if row == nil {
				return apperr.Invalidf("職員番号 %s はこの開催回の受講者ではありません。", m.Number)
			}
			before := Mark{Number: row.Number, Status: row.Status, Hours: row.Hours, Reason: row.Reason, Note: row.Note}
			if before == m {
				continue
			}
			if err := writeAttendance(ctx, tx, muni, sessionID, row.StaffID, m, nil, now); err != nil {
				return err
			}
			changes = append(changes, change{before, m})
			ids = append(ids, row.StaffID)
		}
		if len(changes) == 0 {
			return nil
		}
		// The audit entry comes first: on PostgreSQL it locks the
		// municipality's chain head, which orders certificate numbering.
		action, detail := "mark", any(changes)
		if reason != "" {
			action, detail = "correct", struct {
				Reason  string   `json:"reason"`
				Changes []change `json:"changes"`
			}{reason, changes}
		}
		if err := audit.Record(ctx, tx, now, muni, by, action, "attendance", fmt.Sprint(sessionID), detail); err != nil {
			return err
		}
		return s.recompute(ctx, w, sessionID, ids)
	})
}

// writeAttendance upserts (or, for an empty status, deletes) one record.
func writeAttendance(ctx context.Context, tx db.Q, muni, sessionID, staffID int64, m Mark, checkedIn *time.Time, now time.Time) error {
	if m.Status == "" {
		_, err := tx.ExecContext(ctx, `DELETE FROM attendance WHERE municipality_id = $1 AND session_id = $2 AND staff_id = $3`, muni, sessionID, staffID)
		return err
	}
	var at any
	if checkedIn != nil {
		at = *checkedIn
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO attendance (municipality_id, session_id, staff_id, status, hours, absence_reason, absence_note, checked_in_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
		ON CONFLICT (session_id, staff_id) DO UPDATE SET status = excluded.status, hours = excluded.hours, absence_reason = excluded.absence_reason,
		absence_note = excluded.absence_note, checked_in_at = COALESCE(excluded.checked_in_at, attendance.checked_in_at), updated_at = excluded.updated_at`,
		muni, sessionID, staffID, m.Status, m.Hours, m.Reason, m.Note, at, now)
	return err
}

// Check-in channels.
const (
	ViaQR     = "qr"
	ViaTablet = "tablet"
)

// CheckInOpen tells whether a session accepts QR check-in at a moment: only
// on one of its days (Japanese date), and not when cancelled.
func CheckInOpen(x *Session, now time.Time) bool {
	if x.Status == SessionCancelled {
		return false
	}
	today := todayOf(now)
	for _, d := range x.Days {
		if d.Date == today {
			return true
		}
	}
	return false
}

// CheckIn marks an enrolled staff member present at the venue, by QR code
// (the person themself) or on the shared tablet (center staff or the
// instructor). It reports already when they were checked in before.
func (s *Store) CheckIn(ctx context.Context, by audit.Actor, muni, sessionID, staffID int64, via string) (already bool, err error) {
	x, err := s.SessionByID(ctx, muni, sessionID)
	if err != nil {
		return false, err
	}
	now := s.now()
	if x.Status == SessionCancelled {
		return false, apperr.Invalidf("この開催回は中止されました。")
	}
	if err := MayMarkAttendance(x, todayOf(now)); err != nil {
		return false, err
	}
	if via == ViaQR && !CheckInOpen(x, now) {
		return false, apperr.Invalidf("受付できるのは開催日の当日だけです。")
	}
	err = s.write(ctx, muni, func(w *writeTx) error {
		tx := w.Tx
		var enrolled int
		var status string
		if err := tx.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM enrolments WHERE session_id = $1 AND staff_id = $2 AND status = 'enrolled' AND municipality_id = $3),
			COALESCE((SELECT status FROM attendance WHERE session_id = $1 AND staff_id = $2), '')`, sessionID, staffID, muni).Scan(&enrolled, &status); err != nil {
			return err
		}
		if enrolled == 0 && status == "" {
			return apperr.NotFoundf("この開催回の受講者として登録されていません。")
		}
		if status == AttendPresent {
			already = true
			return nil
		}
		if err := audit.Record(ctx, tx, now, muni, by, "checkin", "attendance", fmt.Sprint(sessionID), map[string]any{"staff_id": staffID, "via": via}); err != nil {
			return err
		}
		if err := writeAttendance(ctx, tx, muni, sessionID, staffID, Mark{Status: AttendPresent, Hours: x.Hours}, &now, now); err != nil {
			return err
		}
		return s.recompute(ctx, w, sessionID, []int64{staffID})
	})
	return already, err
}

// NotAttendedEntry is someone who was eligible for a program in a fiscal
// year, or enrolled in one of its held sessions, and has not attended any
// session of it: 未受講, carried to the next session.
type NotAttendedEntry struct {
	StaffID   int64   `json:"-"`
	Number    string  `json:"number"`
	Name      string  `json:"name"`
	Unit      string  `json:"unit"`
	Reason    string  `json:"reason"`                    // 欠席（病気）, 出欠未記録, 対象者・未登録
	MissedIDs []int64 `json:"missed_session_ids"`        // held sessions they were enrolled in
	NextID    int64   `json:"next_session_id,omitempty"` // a later session they are enrolled in
}

// UnitDisplay is the unit path with spaces.
func (e *NotAttendedEntry) UnitDisplay() string { return recUnitDisplay(e.Unit) }

// NotAttended lists a program's 未受講 staff for a fiscal year within a
// scope. Held sessions are those marked held or whose last day has passed;
// with before set (a session's first day) only sessions starting earlier
// count, so a session's page shows who was carried over to it.
func (s *Store) NotAttended(ctx context.Context, muni int64, p *Program, fy int, before string, sc staff.Scope) ([]NotAttendedEntry, error) {
	sessions, err := s.Sessions(ctx, muni, SessionFilter{FY: fy, ProgramID: p.ID})
	if err != nil {
		return nil, err
	}
	today := todayOf(s.now())
	held := map[int64]bool{}
	var later []*Session
	for _, x := range sessions {
		if before != "" && x.First() >= before {
			later = append(later, x)
			continue
		}
		if x.Status == SessionHeld || (x.Last() != "" && x.Last() < today) {
			held[x.ID] = true
		} else {
			later = append(later, x)
		}
	}
	out := []NotAttendedEntry{}
	if len(held) == 0 {
		return out, nil
	}
	people, err := s.People(ctx, muni)
	if err != nil {
		return nil, err
	}
	byID := map[int64]*Person{}
	for _, x := range people {
		byID[x.ID] = x
	}
	roster, err := s.RosterFor(ctx, muni, p, fy, people)
	if err != nil {
		return nil, err
	}
	attended := map[int64]bool{}
	absentReason := map[int64]string{}
	rows, err := s.DB.R.QueryContext(ctx, `SELECT a.session_id, a.staff_id, a.status, a.absence_reason FROM attendance a JOIN sessions_training t ON t.id = a.session_id
		WHERE a.municipality_id = $1 AND t.program_id = $2 AND t.fy = $3 ORDER BY a.session_id`, muni, p.ID, fy)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var sid, id int64
		var st, reason string
		if err := rows.Scan(&sid, &id, &st, &reason); err != nil {
			rows.Close()
			return nil, err
		}
		if Attended(st) {
			attended[id] = true
		} else if st == AttendAbsent && held[sid] {
			absentReason[id] = reason
		}
	}
	rows.Close()
	missed := map[int64][]int64{}
	next := map[int64]int64{}
	laterStart := map[int64]string{}
	for _, x := range later {
		laterStart[x.ID] = x.First()
	}
	rows, err = s.DB.R.QueryContext(ctx, `SELECT e.session_id, e.staff_id FROM enrolments e JOIN sessions_training t ON t.id = e.session_id
		WHERE e.municipality_id = $1 AND t.program_id = $2 AND t.fy = $3 AND e.status = 'enrolled' AND t.status <> 'cancelled' ORDER BY e.session_id`, muni, p.ID, fy)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var sid, id int64
		if err := rows.Scan(&sid, &id); err != nil {
			rows.Close()
			return nil, err
		}
		if held[sid] {
			missed[id] = append(missed[id], sid)
		} else if start, ok := laterStart[sid]; ok {
			if cur, ok := next[id]; !ok || start < laterStart[cur] {
				next[id] = sid
			}
		}
	}
	rows.Close()
	candidates := map[int64]bool{}
	for _, x := range roster.People {
		candidates[x.ID] = true
	}
	for id := range missed {
		candidates[id] = true
	}
	for id := range candidates {
		x := byID[id]
		if x == nil || attended[id] || x.Status == staff.Retired || !sc.Includes(id, x.Unit) {
			continue
		}
		e := NotAttendedEntry{StaffID: id, Number: x.Number, Name: x.Name, Unit: x.Unit, MissedIDs: missed[id], NextID: next[id]}
		switch r, ok := absentReason[id]; {
		case ok:
			e.Reason = "欠席（" + r + "）"
		case len(missed[id]) > 0:
			e.Reason = "出欠未記録"
		default:
			e.Reason = "対象者・未登録"
		}
		if e.MissedIDs == nil {
			e.MissedIDs = []int64{}
		}
		out = append(out, e)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Number < out[j].Number })
	return out, nil
}

// StaffIDByNumber finds a staff member of the municipality by 職員番号.
func (s *Store) StaffIDByNumber(ctx context.Context, muni int64, number string) (int64, error) {
	var id int64
	err := s.DB.R.QueryRowContext(ctx, `SELECT id FROM staff WHERE municipality_id = $1 AND number = $2`, muni, strings.TrimSpace(number)).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, apperr.NotFoundf("職員番号 %s の職員は見つかりません。", strings.TrimSpace(number))
	}
	return id, err
}

// Participates tells whether a staff member takes part in a session: enrolled
// or recorded as (partly) present, and not recorded absent.
func (s *Store) Participates(ctx context.Context, muni, sessionID, staffID int64) (bool, error) {
	var enrolled int
	var status string
	err := s.DB.R.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM enrolments WHERE municipality_id = $1 AND session_id = $2 AND staff_id = $3 AND status = 'enrolled'),
		COALESCE((SELECT status FROM attendance WHERE municipality_id = $1 AND session_id = $2 AND staff_id = $3), '')`, muni, sessionID, staffID).Scan(&enrolled, &status)
	if err != nil {
		return false, err
	}
	if status == AttendAbsent {
		return false, nil
	}
	return enrolled > 0 || Attended(status), nil
}
