package training

import (
	"context"
	"fmt"
	"strings"
	"time"

	"hagukumi/auth"
	"hagukumi/staff"
)

// This file holds the read-only queries behind each role's home page: what
// is waiting to be done today, counted within the viewer's scope. Each
// answers in one statement, so that a home page stays a handful of queries.

// StaleAfter is how long an application may wait for its decision before
// the center's home lists it as having nobody to decide it.
const StaleAfter = 7 * 24 * time.Hour

// CenterToDo is what the center has to see to today.
type CenterToDo struct {
	WeekSessions       int // sessions with a day from today to six days on
	AwaitingAttendance int // past sessions with enrolled people still unmarked
	Waitlisted         int // people waiting for a place in a coming session
	StaleApplications  int // applications waiting longer than StaleAfter
}

// CenterToDoOf counts the center's work for the day today (ISO date); now
// dates the stale applications.
func (s *Store) CenterToDoOf(ctx context.Context, muni int64, today string, now time.Time) (CenterToDo, error) {
	var c CenterToDo
	d, err := time.Parse(time.DateOnly, today)
	if err != nil {
		return c, err
	}
	weekEnd := d.AddDate(0, 0, 6).Format(time.DateOnly)
	err = s.DB.R.QueryRowContext(ctx, `SELECT
		(SELECT COUNT(*) FROM sessions_training t WHERE t.municipality_id = $1 AND t.status <> 'cancelled'
			AND EXISTS (SELECT 1 FROM session_days d WHERE d.session_id = t.id AND d.day >= $2 AND d.day <= $3)),
		(SELECT COUNT(*) FROM sessions_training t WHERE t.municipality_id = $1 AND t.status <> 'cancelled'
			AND (SELECT MAX(day) FROM session_days d WHERE d.session_id = t.id) < $2
			AND EXISTS (SELECT 1 FROM enrolments e WHERE e.session_id = t.id AND e.status = 'enrolled'
				AND NOT EXISTS (SELECT 1 FROM attendance a WHERE a.session_id = e.session_id AND a.staff_id = e.staff_id))),
		(SELECT COUNT(*) FROM enrolments e JOIN sessions_training t ON t.id = e.session_id
			WHERE e.municipality_id = $1 AND e.status = 'waitlisted' AND t.status <> 'cancelled'
			AND (SELECT MIN(day) FROM session_days d WHERE d.session_id = t.id) >= $2),
		(SELECT COUNT(*) FROM enrolments e WHERE e.municipality_id = $1 AND e.status = 'applied' AND e.created_at < $4)`,
		muni, today, weekEnd, now.Add(-StaleAfter).UTC()).Scan(&c.WeekSessions, &c.AwaitingAttendance, &c.Waitlisted, &c.StaleApplications)
	return c, err
}

// QuotaLeft is how many 推薦枠 of a fiscal year remain unused in the
// quotas of units within a scope (the whole municipality for the center).
func (s *Store) QuotaLeft(ctx context.Context, muni int64, fy int, sc staff.Scope) (int, error) {
	args := []any{muni, fy}
	// A quota belongs to a unit, not to a person: a scope of one person
	// covers no quota ("0" never equals a staff id).
	w := sc.And("0", "u.path", &args)
	rows, err := s.DB.R.QueryContext(ctx, `SELECT q.quota, (SELECT COUNT(*) FROM enrolments e JOIN sessions_training t ON t.id = e.session_id
			JOIN staff s ON s.id = e.staff_id LEFT JOIN org_units o ON o.id = s.unit_id
			WHERE e.municipality_id = q.municipality_id AND t.program_id = q.program_id AND t.fy = q.fy AND e.source = 'recommendation'
			AND e.status IN ('applied', 'enrolled', 'waitlisted') AND `+auth.InPathSQL("o.path", "u.path")+`)
		FROM program_quotas q JOIN org_units u ON u.id = q.unit_id
		WHERE q.municipality_id = $1 AND q.fy = $2`+w, args...)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	left := 0
	for rows.Next() {
		var q Quota
		if err := rows.Scan(&q.Quota, &q.Used); err != nil {
			return 0, err
		}
		left += q.Left()
	}
	return left, rows.Err()
}

// SupervisorToDo is what a 所属長 has to see to, within their scope.
type SupervisorToDo struct {
	Approvals       int // applications waiting for a decision
	ReportsToReview int // submitted 受講報告書
	MonthTrainings  int // their staff's places in sessions held this month
}

// SupervisorToDoOf counts a 所属長's work within scope; today dates the month.
func (s *Store) SupervisorToDoOf(ctx context.Context, muni int64, sc staff.Scope, today string) (SupervisorToDo, error) {
	var c SupervisorToDo
	if len(today) < len("2006-01") {
		return c, fmt.Errorf("training: bad date %q", today)
	}
	month := today[:len("2006-01")]
	args := []any{muni, month + "-01", month + "-31"}
	cond, a := sc.SQL("s.id", "o.path", len(args)+1)
	args = append(args, a...)
	from := ` JOIN staff s ON s.id = x.staff_id LEFT JOIN org_units o ON o.id = s.unit_id WHERE x.municipality_id = $1 AND ` + cond
	err := s.DB.R.QueryRowContext(ctx, `SELECT
		(SELECT COUNT(*) FROM enrolments x`+from+` AND x.status = 'applied'),
		(SELECT COUNT(*) FROM reports x`+from+` AND x.status = 'submitted'),
		(SELECT COUNT(*) FROM enrolments x JOIN sessions_training t ON t.id = x.session_id`+from+` AND x.status = 'enrolled'
			AND t.status <> 'cancelled' AND EXISTS (SELECT 1 FROM session_days d WHERE d.session_id = t.id AND d.day >= $2 AND d.day <= $3))`,
		args...).Scan(&c.Approvals, &c.ReportsToReview, &c.MonthTrainings)
	return c, err
}

// MySession is one of a trainee's own sessions with its true state and
// what is left for them to do.
type MySession struct {
	SessionID      int64
	Label          string
	FY             int
	First, Last    string
	SessionStatus  string
	Enrolment      string // enrolment status, "" when only attendance is recorded
	Attendance     string // present, partial, absent or "" when not marked
	Completed      bool
	HasSurvey      bool // the programme has a questionnaire
	Answered       bool
	ReportRequired bool   // completion needs an accepted 受講報告書
	Report         string // report status, "" when none is written
}

// MySessions loads the sessions a staff member is enrolled in or recorded
// for, newest first, in one query.
func (s *Store) MySessions(ctx context.Context, muni, staffID int64) ([]MySession, error) {
	rows, err := s.DB.R.QueryContext(ctx, `SELECT t.id, p.name, t.title, t.fy, t.status, COALESCE(e.status, ''), COALESCE(a.status, ''),
		CASE WHEN c.id IS NULL THEN 0 ELSE 1 END,
		CASE WHEN EXISTS (SELECT 1 FROM surveys v WHERE v.municipality_id = t.municipality_id AND v.program_id = t.program_id) THEN 1 ELSE 0 END,
		CASE WHEN EXISTS (SELECT 1 FROM survey_responses v WHERE v.session_id = t.id AND v.staff_id = $2) THEN 1 ELSE 0 END,
		CASE WHEN p.completion_report THEN 1 ELSE 0 END, COALESCE(r.status, ''),
		COALESCE((SELECT MIN(day) FROM session_days d WHERE d.session_id = t.id), ''), COALESCE((SELECT MAX(day) FROM session_days d WHERE d.session_id = t.id), '')
		FROM sessions_training t JOIN programs p ON p.id = t.program_id
		LEFT JOIN enrolments e ON e.session_id = t.id AND e.staff_id = $2
		LEFT JOIN attendance a ON a.session_id = t.id AND a.staff_id = $2
		LEFT JOIN completions c ON c.session_id = t.id AND c.staff_id = $2
		LEFT JOIN reports r ON r.session_id = t.id AND r.staff_id = $2
		WHERE t.municipality_id = $1 AND (e.id IS NOT NULL OR a.id IS NOT NULL)`, muni, staffID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []MySession
	for rows.Next() {
		var m MySession
		var name, title string
		var done, survey, answered, report int
		if err := rows.Scan(&m.SessionID, &name, &title, &m.FY, &m.SessionStatus, &m.Enrolment, &m.Attendance, &done, &survey, &answered,
			&report, &m.Report, &m.First, &m.Last); err != nil {
			return nil, err
		}
		m.Label = strings.TrimSpace(name + " " + title)
		m.Completed, m.HasSurvey, m.Answered, m.ReportRequired = done == 1, survey == 1, answered == 1, report == 1
		out = append(out, m)
	}
	return out, rows.Err()
}

// takesPart mirrors Store.Participates: enrolled or recorded present, not
// recorded absent, in a session that was not cancelled.
func (m *MySession) takesPart() bool {
	if m.SessionStatus == SessionCancelled || m.Attendance == AttendAbsent {
		return false
	}
	return m.Enrolment == EnrolEnrolled || Attended(m.Attendance)
}

// Upcoming tells whether the session is still to come (or under way) for a
// person with a place in it.
func (m *MySession) Upcoming(today string) bool {
	return m.takesPart() && m.Last >= today
}

// SurveyOpen tells whether the survey page will answer this person: the
// programme has a questionnaire, they take part and the session has begun.
func (m *MySession) SurveyOpen(today string) bool {
	return m.HasSurvey && m.takesPart() && m.First != "" && m.First <= today
}

// SurveyDue tells whether an open survey still waits for their answer.
func (m *MySession) SurveyDue(today string) bool { return m.SurveyOpen(today) && !m.Answered }

// ReportOpen tells whether the report page will answer this person and the
// report matters: required by the programme or already started.
func (m *MySession) ReportOpen(today string) bool {
	return (m.ReportRequired || m.Report != "") && m.takesPart() && m.First != "" && m.First <= today
}

// ReportDue tells whether a required report is still to be written or sent
// again: not written, a draft, or returned.
func (m *MySession) ReportDue(today string) bool {
	return m.ReportRequired && m.ReportOpen(today) &&
		(m.Report == "" || m.Report == ReportDraft || m.Report == ReportReturned)
}

// StateLabel is the true state of the person's place: 修了, 出席, 一部出席,
// 欠席 once recorded, 出欠未記録 for a past session nobody marked, 中止 for
// a cancelled session, and otherwise the enrolment's own status.
func (m *MySession) StateLabel(today string) string {
	switch {
	case m.Completed:
		return "修了"
	case m.Attendance != "":
		return AttendLabel(m.Attendance)
	case m.SessionStatus == SessionCancelled:
		return "中止"
	case m.Enrolment == EnrolEnrolled && m.Last != "" && m.Last < today:
		return "出欠未記録"
	}
	return EnrolStatusLabel(m.Enrolment)
}
