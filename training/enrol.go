package training

import (
	"context"
	"sort"
	"strings"
	"time"

	"hagukumi/apperr"
	"hagukumi/db"
	"hagukumi/staff"
)

// Enrolment statuses.
const (
	EnrolApplied    = "applied"    // applied, waiting for the 所属長
	EnrolEnrolled   = "enrolled"   // 受講決定
	EnrolWaitlisted = "waitlisted" // キャンセル待ち
	EnrolDeclined   = "declined"   // the 所属長 declined the application
	EnrolCancelled  = "cancelled"  // 取消, with a reason
	EnrolMoved      = "moved"      // moved to another session of the program
	// EnrolRecommended is 推薦済: recommended by the department for a
	// programme whose 推薦 waits for the center's selection (Selection).
	EnrolRecommended = "recommended"
)

// Enrolment sources: how the person came to the session.
const (
	SourceNomination     = "nomination"     // 指名 by the center
	SourceApplication    = "application"    // 申込 by the staff member
	SourceRecommendation = "recommendation" // 推薦 by the department
)

// EnrolStatusLabel is the Japanese name of an enrolment status.
func EnrolStatusLabel(st string) string {
	switch st {
	case EnrolApplied:
		return "承認待ち"
	case EnrolEnrolled:
		return "受講決定"
	case EnrolWaitlisted:
		return "キャンセル待ち"
	case EnrolDeclined:
		return "不承認"
	case EnrolCancelled:
		return "取消"
	case EnrolMoved:
		return "別の回へ移動"
	case EnrolRecommended:
		return "推薦済（選考待ち）"
	}
	return st
}

// SourceLabel is the Japanese name of an enrolment source.
func SourceLabel(src string) string {
	switch src {
	case SourceApplication:
		return "申込"
	case SourceRecommendation:
		return "推薦"
	}
	return "指名"
}

// live tells whether a status holds (or waits for) a place.
func live(st string) bool {
	return st == EnrolApplied || st == EnrolEnrolled || st == EnrolWaitlisted || st == EnrolRecommended
}

// Enrolment is one staff member on one session.
type Enrolment struct {
	ID          int64     `json:"id"`
	SessionID   int64     `json:"session_id"`
	StaffID     int64     `json:"-"`
	Number      string    `json:"number"`
	Name        string    `json:"name"`
	Unit        string    `json:"unit"`
	Status      string    `json:"status"`
	Source      string    `json:"source"`
	WaitlistPos int       `json:"waitlist_position,omitempty"` // 1 is next in line
	Reason      string    `json:"reason,omitempty"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`

	ProgramID     int64  `json:"-"`
	ProgramCode   string `json:"program_code"`
	ProgramName   string `json:"program_name"`
	SessionTitle  string `json:"session_title"`
	FY            int    `json:"fy"`
	SessionStatus string `json:"session_status"`
	FirstDay      string `json:"first_day"`

	// DecidedBy names who decides an application (status applied):
	// 「市民文化部 の所属長（…）」 or the center (DeciderFor).
	DecidedBy string `json:"decided_by,omitempty"`
	// Overlap names the person's other sessions held at the same time
	// (Overlaps), on the roster and in what an enrolment answers.
	Overlap string `json:"overlap,omitempty"`
}

// StatusLabel and SourceLabel are for templates.
func (e *Enrolment) StatusLabel() string { return EnrolStatusLabel(e.Status) }

func (e *Enrolment) SourceLabel() string { return SourceLabel(e.Source) }

// Live tells whether the enrolment holds or waits for a place.
func (e *Enrolment) Live() bool { return live(e.Status) }

// MayCancel tells a page whether to offer a cancel button on the
// enrolment to a viewer (center or not) today: MayCancel's answer.
func (e *Enrolment) MayCancel(center bool, today string) bool {
	cancelled := e.SessionStatus == SessionCancelled
	return e.Live() && MayCancel(center, &Session{Status: e.SessionStatus, Days: []Day{{Date: e.FirstDay}}}, today) == nil && !cancelled
}

// UnitDisplay is the unit path with spaces.
func (e *Enrolment) UnitDisplay() string { return strings.ReplaceAll(e.Unit, "/", " ") }

// SessionLabel names the session: 新規採用職員研修 第1回.
func (e *Enrolment) SessionLabel() string {
	return strings.TrimSpace(e.ProgramName + " " + e.SessionTitle)
}

const enrolCols = `e.id, e.session_id, e.staff_id, s.number, s.family_name, s.given_name, COALESCE(o.path, ''), e.status, e.source,
	CASE WHEN e.status = 'waitlisted' THEN (SELECT COUNT(*) FROM enrolments w WHERE w.session_id = e.session_id AND w.status = 'waitlisted'
		AND (w.waitlist_pos < e.waitlist_pos OR (w.waitlist_pos = e.waitlist_pos AND w.id <= e.id))) ELSE 0 END,
	e.reason, e.created_at, e.updated_at, t.program_id, p.code, p.name, t.title, t.fy, t.status,
	COALESCE((SELECT MIN(d.day) FROM session_days d WHERE d.session_id = t.id), '')`

const enrolFrom = ` FROM enrolments e JOIN staff s ON s.id = e.staff_id LEFT JOIN org_units o ON o.id = s.unit_id
	JOIN sessions_training t ON t.id = e.session_id JOIN programs p ON p.id = t.program_id `

func scanEnrolment(row db.Scanner) (*Enrolment, error) {
	var e Enrolment
	var fam, given string
	err := row.Scan(&e.ID, &e.SessionID, &e.StaffID, &e.Number, &fam, &given, &e.Unit, &e.Status, &e.Source, &e.WaitlistPos,
		&e.Reason, &e.CreatedAt, &e.UpdatedAt, &e.ProgramID, &e.ProgramCode, &e.ProgramName, &e.SessionTitle, &e.FY, &e.SessionStatus, &e.FirstDay)
	e.Name = strings.TrimSpace(fam + " " + given)
	return &e, err
}

// scopeWhere is staff.Scope's condition on staff s joined to org_units o:
// a unit and everything below it, or one person.
func scopeWhere(sc staff.Scope, args *[]any) string {
	return sc.And("s.id", "o.path", args)
}

func (s *Store) queryEnrolments(ctx context.Context, q db.Q, where string, args ...any) ([]*Enrolment, error) {
	return db.QueryAll(ctx, q, scanEnrolment, `SELECT `+enrolCols+enrolFrom+`WHERE `+where, args...)
}

// EnrolmentByID loads one enrolment within a scope; outside it the answer is
// NotFound, so a changed id in a URL reveals nothing.
func (s *Store) EnrolmentByID(ctx context.Context, muni int64, sc staff.Scope, id int64) (*Enrolment, error) {
	args := []any{muni, id}
	list, err := s.queryEnrolments(ctx, s.DB.R, `e.municipality_id = $1 AND e.id = $2`+scopeWhere(sc, &args), args...)
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, apperr.NotFoundf("受講の登録が見つかりません。")
	}
	return list[0], nil
}

// SessionRoster lists a session's enrolments within a scope: enrolled first,
// then the waitlist in order, then applications and the rest.
func (s *Store) SessionRoster(ctx context.Context, muni, sessionID int64, sc staff.Scope) ([]*Enrolment, error) {
	args := []any{muni, sessionID}
	list, err := s.queryEnrolments(ctx, s.DB.R, `e.municipality_id = $1 AND e.session_id = $2`+scopeWhere(sc, &args)+` ORDER BY s.number`, args...)
	if err != nil {
		return nil, err
	}
	if len(list) > 0 {
		x, err := s.SessionByID(ctx, muni, sessionID)
		if err != nil {
			return nil, err
		}
		clashes, err := clashesOf(ctx, s.DB.R, x, 0)
		if err != nil {
			return nil, err
		}
		for _, e := range list {
			e.Overlap = strings.Join(clashes[e.ID], "、")
		}
	}
	rank := map[string]int{EnrolEnrolled: 0, EnrolWaitlisted: 1, EnrolRecommended: 2, EnrolApplied: 2, EnrolMoved: 3, EnrolCancelled: 4, EnrolDeclined: 5}
	sort.SliceStable(list, func(i, j int) bool {
		a, b := list[i], list[j]
		if rank[a.Status] != rank[b.Status] {
			return rank[a.Status] < rank[b.Status]
		}
		return a.WaitlistPos < b.WaitlistPos
	})
	return list, nil
}

// EnrolmentsOfStaff lists one staff member's enrolments, newest session first.
func (s *Store) EnrolmentsOfStaff(ctx context.Context, muni, staffID int64) ([]*Enrolment, error) {
	list, err := s.queryEnrolments(ctx, s.DB.R, `e.municipality_id = $1 AND e.staff_id = $2 ORDER BY e.id`, muni, staffID)
	if err != nil {
		return nil, err
	}
	if _, err := fillDeciders(ctx, s.DB.R, muni, list); err != nil {
		return nil, err
	}
	sort.SliceStable(list, func(i, j int) bool { return list[i].FirstDay > list[j].FirstDay })
	return list, nil
}

// EnrolResult tells what a nomination or recommendation did, by 職員番号.
// Overlaps are the people enrolled who hold another session at the same
// time: a warning, not a refusal.
type EnrolResult struct {
	Enrolled   []string  `json:"enrolled"`
	Waitlisted []string  `json:"waitlisted"`
	Skipped    []Skip    `json:"skipped"`
	Overlaps   []Overlap `json:"overlaps"`
}

// Overlap is a person enrolled although they hold another session (With)
// at the same time.
type Overlap struct {
	Number string `json:"number"`
	With   string `json:"with"`
}

// Skip is a person a nomination left out, with the reason.
type Skip struct {
	Number string `json:"number"`
	Reason string `json:"reason"`
}

func newResult() *EnrolResult {
	return &EnrolResult{Enrolled: []string{}, Waitlisted: []string{}, Skipped: []Skip{}, Overlaps: []Overlap{}}
}

func (r *EnrolResult) add(number, status string) {
	if status == EnrolEnrolled {
		r.Enrolled = append(r.Enrolled, number)
	} else {
		r.Waitlisted = append(r.Waitlisted, number)
	}
}
