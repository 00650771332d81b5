package dispatch

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"hagukumi/apperr"
	"hagukumi/audit"
	"hagukumi/auth"
	"hagukumi/calendar"
	"hagukumi/db"
	"hagukumi/public"
)

// Store keeps topics, requests and settings.
type Store struct {
	DB  *db.DB
	Now func() time.Time
}

func (s *Store) now() time.Time {
	if s.Now == nil {
		return time.Now().UTC()
	}
	return s.Now().UTC()
}

// write runs fn in one transaction with the municipality's audit chain, to
// which fn adds the entries of what it did. The chain's head is taken
// first: on PostgreSQL its row lock orders concurrent writers.
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

// Viewer is who looks at requests: the center sees every one, a lecturer
// their own lectures, a 所属長 the lectures of the staff in their scope
// once their agreement was asked.
type Viewer struct {
	UserID  int64
	StaffID int64
	Center  bool
	Role    auth.Role
	Scope   auth.Scope
	Actor   audit.Actor
}

// ViewerOf is the viewer of a signed-in user.
func ViewerOf(u *auth.User) Viewer {
	return Viewer{UserID: u.ID, StaffID: u.StaffID, Center: u.Role == auth.CenterAdmin || u.Role == auth.CenterStaff, Role: u.Role, Scope: auth.ScopeOf(u), Actor: u.Actor()}
}

// Sees tells whether the viewer may see a request whose lecturer (0 for
// none yet) works in the unit lecturerPath.
func (v Viewer) Sees(r *Request, lecturerPath string) bool {
	switch {
	case v.Center:
		return true
	case r.LecturerID == 0:
		return false
	case v.StaffID != 0 && v.StaffID == r.LecturerID:
		return true
	case v.Role == auth.Supervisor && r.Agreement != "":
		return v.Scope.Includes(r.LecturerID, lecturerPath)
	}
	return false
}

// Settings reads the municipality's rules, the defaults until changed.
func (s *Store) Settings(ctx context.Context, q db.Q, muni int64) (Settings, error) {
	if q == nil {
		q = s.DB.R
	}
	st := DefaultSettings
	err := q.QueryRowContext(ctx, `SELECT lead_days, min_audience, retention_days FROM dispatch_settings WHERE municipality_id = $1`, muni).
		Scan(&st.LeadDays, &st.MinAudience, &st.RetentionDays)
	if err == sql.ErrNoRows {
		return DefaultSettings, nil
	}
	return st, err
}

// Validate checks settings.
func (st Settings) Validate() error {
	fe := apperr.FieldErrors{}
	if st.LeadDays < 0 || st.LeadDays > 180 {
		fe["lead_days"] = "申込期限は0〜180日で入力してください。"
	}
	if st.MinAudience < 1 || st.MinAudience > 1000 {
		fe["min_audience"] = "最少人数は1〜1000人で入力してください。"
	}
	if st.RetentionDays < 30 || st.RetentionDays > 3650 {
		fe["retention_days"] = "個人情報の保存期間は30〜3650日で入力してください。"
	}
	if len(fe) > 0 {
		return apperr.Fields(fe)
	}
	return nil
}

// SaveSettings changes the municipality's rules.
func (s *Store) SaveSettings(ctx context.Context, by audit.Actor, muni int64, st Settings) error {
	if err := st.Validate(); err != nil {
		return err
	}
	return s.write(ctx, muni, func(tx *sql.Tx, c *audit.Chain, now time.Time) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO dispatch_settings (municipality_id, lead_days, min_audience, retention_days, updated_at) VALUES ($1, $2, $3, $4, $5)
			ON CONFLICT (municipality_id) DO UPDATE SET lead_days = $2, min_audience = $3, retention_days = $4, updated_at = $5`,
			muni, st.LeadDays, st.MinAudience, st.RetentionDays, now); err != nil {
			return err
		}
		return c.Add(ctx, now, by, "update", "lecture_settings", id(muni), st)
	})
}

const requestCols = `r.id, r.fy, COALESCE(r.submission_id, 0), r.state, r.organisation, r.requester_type, r.contact_name, r.email, r.phone,
	COALESCE(r.topic_id, 0), r.topic_title, r.unit_path, r.date1, r.date2, r.date3, r.place, r.online, r.audience, r.audience_size, r.purpose,
	COALESCE(r.lecturer_id, 0), COALESCE(st.number, ''), COALESCE(st.family_name, ''), COALESCE(st.given_name, ''), r.lecturer_unit, r.agreement,
	r.lecture_on, r.work_mode, r.fee, r.fee_status, r.travel, r.conditions, r.notice_no, r.approved_at, r.decline_reason, r.decline_text,
	r.delivered_on, r.hours, r.attendees, r.materials, r.satisfaction, r.feedback, r.feedback_at, r.created_at, r.updated_at, r.purged_at, COALESCE(o.path, ''), CASE WHEN ps.queued THEN 1 ELSE 0 END`

const requestFrom = ` FROM dispatch_requests r LEFT JOIN staff st ON st.id = r.lecturer_id LEFT JOIN org_units o ON o.id = st.unit_id
	LEFT JOIN public_submissions ps ON ps.id = r.submission_id `

// scanRequest reads one request and its lecturer's current unit path.
func scanRequest(row db.Scanner) (*Request, string, error) {
	r := &Request{}
	var d1, d2, d3, fam, given, path string
	var approved, feedbackAt, purged sql.NullTime
	var queued int
	err := row.Scan(&r.ID, &r.FY, &r.SubmissionID, &r.State, &r.Organisation, &r.RequesterType, &r.ContactName, &r.Email, &r.Phone,
		&r.TopicID, &r.Topic, &r.UnitPath, &d1, &d2, &d3, &r.Place, &r.Online, &r.Audience, &r.AudienceSize, &r.Purpose,
		&r.LecturerID, &r.LecturerNo, &fam, &given, &r.LecturerUnit, &r.Agreement,
		&r.LectureOn, &r.WorkMode, &r.Fee, &r.FeeStatus, &r.Travel, &r.Conditions, &r.NoticeNo, &approved, &r.DeclineReason, &r.DeclineText,
		&r.DeliveredOn, &r.Hours, &r.Attendees, &r.Materials, &r.Satisfaction, &r.Feedback, &feedbackAt, &r.CreatedAt, &r.UpdatedAt, &purged, &path, &queued)
	if err != nil {
		return nil, "", err
	}
	r.Lecturer = strings.TrimSpace(fam + " " + given)
	for _, d := range []string{d1, d2, d3} {
		if d != "" {
			r.Dates = append(r.Dates, d)
		}
	}
	if approved.Valid {
		t := approved.Time
		r.ApprovedAt = &t
	}
	r.FeedbackGiven, r.Purged, r.LecturerPath, r.Queued = feedbackAt.Valid, purged.Valid, path, queued == 1
	r.StateLabel = StateLabel(r.State)
	return r, path, nil
}

// request reads one request of the municipality, or a not-found error.
func request(ctx context.Context, q db.Q, muni, rid int64) (*Request, string, error) {
	r, path, err := scanRequest(q.QueryRowContext(ctx, `SELECT `+requestCols+requestFrom+`WHERE r.municipality_id = $1 AND r.id = $2`, muni, rid))
	if err == sql.ErrNoRows {
		return nil, "", errNoRequest
	}
	return r, path, err
}

var errNoRequest = apperr.NotFoundf("講師派遣の依頼が見つかりません。")

// Get reads one request the viewer may see; others are not found.
func (s *Store) Get(ctx context.Context, muni int64, v Viewer, rid int64) (*Request, error) {
	r, path, err := request(ctx, s.DB.R, muni, rid)
	if err != nil {
		return nil, err
	}
	if !v.Sees(r, path) {
		return nil, errNoRequest
	}
	return r, nil
}

// BySubmission reads the request sent as a public submission.
func (s *Store) BySubmission(ctx context.Context, subID int64) (*Request, int64, error) {
	var muni int64
	var r *Request
	row := s.DB.R.QueryRowContext(ctx, `SELECT r.municipality_id, `+requestCols+requestFrom+`WHERE r.submission_id = $1`, subID)
	r, _, err := scanRequest(scannerWith{row, &muni})
	if err == sql.ErrNoRows {
		return nil, 0, apperr.NotFoundf("このリンクは無効です。")
	}
	return r, muni, err
}

// scannerWith scans one leading column into first, then the rest.
type scannerWith struct {
	row   db.Scanner
	first *int64
}

func (s scannerWith) Scan(dest ...any) error { return s.row.Scan(append([]any{s.first}, dest...)...) }

// List lists a fiscal year's requests the viewer sees, newest first.
func (s *Store) List(ctx context.Context, muni int64, v Viewer, fy int) ([]*Request, error) {
	return s.list(ctx, muni, v, `r.municipality_id = $1 AND r.fy = $2`, muni, fy)
}

// Mine lists the lectures of the lecturer (staff id), every year.
func (s *Store) Mine(ctx context.Context, muni int64, v Viewer) ([]*Request, error) {
	if v.StaffID == 0 {
		return []*Request{}, nil
	}
	return s.list(ctx, muni, v, `r.municipality_id = $1 AND r.lecturer_id = $2`, muni, v.StaffID)
}

// Agreements lists the requests whose lecturer's 所属長 the viewer is, with
// the agreement asked (pending first), every year.
func (s *Store) Agreements(ctx context.Context, muni int64, v Viewer) ([]*Request, []*Request, error) {
	args := []any{muni}
	cond := v.Scope.And("r.lecturer_id", "o.path", &args)
	list, err := s.list(ctx, muni, v, `r.municipality_id = $1 AND r.agreement <> ''`+cond, args...)
	if err != nil {
		return nil, nil, err
	}
	as, err := approvers(ctx, s.DB.R, muni)
	if err != nil {
		return nil, nil, err
	}
	pending, other := []*Request{}, []*Request{}
	for _, r := range list {
		if !v.Center && !decider(r.LecturerID, r.LecturerPath, as).Includes(v.UserID) {
			continue
		}
		if r.Agreement == AgreePending && r.State == Coordinating {
			pending = append(pending, r)
		} else {
			other = append(other, r)
		}
	}
	return pending, other, nil
}

func (s *Store) list(ctx context.Context, muni int64, v Viewer, where string, args ...any) ([]*Request, error) {
	rows, err := s.DB.R.QueryContext(ctx, `SELECT `+requestCols+requestFrom+`WHERE `+where+` ORDER BY r.created_at DESC, r.id DESC`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*Request{}
	for rows.Next() {
		r, path, err := scanRequest(rows)
		if err != nil {
			return nil, err
		}
		if v.Sees(r, path) {
			out = append(out, r)
		}
	}
	return out, rows.Err()
}

// lockRequest reads a request inside a write, for a change.
func lockRequest(ctx context.Context, tx *sql.Tx, muni, rid int64) (*Request, string, error) {
	return request(ctx, tx, muni, rid)
}

// ErrMoved is the answer when another person changed the request first.
var ErrMoved = apperr.New(apperr.Conflict, "ほかの担当者が先にこの依頼の状態を変えました。画面を読み込み直してください。")

// Move is a change of state asked through the workflow.
type Move struct {
	From   string // the state the mover saw; when given, a request moved since is refused
	To     string
	Reason string // a reason code or label for 不承認
	Text   string // free text: the 不承認 reason's detail, or a note
}

// CheckMove applies the workflow and each state's conditions to a move of
// the request r. It is the whole rule, without the database.
func CheckMove(r *Request, m *Move) error {
	if !ValidState(m.To) {
		return apperr.Invalidf("移す先の状態が正しくありません。")
	}
	if !Allowed(r.State, m.To) {
		return apperr.New(apperr.Conflict, "「%s」の依頼は「%s」にできません。", StateLabel(r.State), StateLabel(m.To))
	}
	switch m.To {
	case LecturerSet:
		if r.LecturerID == 0 || r.Agreement != AgreeYes {
			return apperr.New(apperr.Conflict, "講師決定には、講師を選び、その所属長の同意を得ていることが必要です。")
		}
	case Approved:
		if r.WorkMode == "" || r.LectureOn == "" {
			return apperr.New(apperr.Conflict, "承認の前に、実施日と勤務の扱い（公務・職務専念義務免除・兼業許可）を決めてください。")
		}
	case Declined:
		code := ReasonOf(m.Reason)
		if code == "" {
			// A reason given as text alone is その他 with that text.
			if strings.TrimSpace(m.Reason) == "" && strings.TrimSpace(m.Text) == "" {
				return apperr.Fields(apperr.FieldErrors{"reason": "不承認の理由を選んでください。"})
			}
			if m.Text == "" {
				m.Text = m.Reason
			}
			code = ReasonOther
		}
		if code == ReasonOther && strings.TrimSpace(m.Text) == "" {
			return apperr.Fields(apperr.FieldErrors{"reason": "「その他」の理由を書いてください。"})
		}
		m.Reason = code
	}
	if len([]rune(m.Text)) > 500 {
		return apperr.Fields(apperr.FieldErrors{"reason": "理由は500文字以内で入力してください。"})
	}
	return nil
}

// Transition moves a request by the center (or, for 取下げ, the
// requester): the workflow is checked, the state changes only if nobody
// changed it since it was read, the move is audited and the requester told.
func (s *Store) Transition(ctx context.Context, by audit.Actor, muni, rid int64, m Move) (*Request, error) {
	var out *Request
	err := s.write(ctx, muni, func(tx *sql.Tx, c *audit.Chain, now time.Time) error {
		r, _, err := lockRequest(ctx, tx, muni, rid)
		if err != nil {
			return err
		}
		if err := s.move(ctx, tx, c, now, by, muni, r, m); err != nil {
			return err
		}
		out = r
		return nil
	})
	return out, err
}

// move changes r's state inside a write.
func (s *Store) move(ctx context.Context, tx *sql.Tx, c *audit.Chain, now time.Time, by audit.Actor, muni int64, r *Request, m Move) error {
	if m.From != "" && m.From != r.State {
		return ErrMoved
	}
	if err := CheckMove(r, &m); err != nil {
		return err
	}
	set := `state = $1, updated_at = $2`
	args := []any{m.To, now, muni, r.ID, r.State}
	switch m.To {
	case Declined:
		set += `, decline_reason = $6, decline_text = $7`
		args = append(args, m.Reason, strings.TrimSpace(m.Text))
	case Approved:
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM dispatch_requests WHERE municipality_id = $1 AND fy = $2 AND notice_no <> ''`, muni, r.FY).Scan(&n); err != nil {
			return err
		}
		r.NoticeNo = fmt.Sprintf("%s 第%d号", calendar.FormatNendo(r.FY), n+1)
		set += `, notice_no = $6, approved_at = $2`
		args = append(args, r.NoticeNo)
		r.ApprovedAt = &now
	case Coordinating:
		if r.State == LecturerSet {
			// Back to coordination: the lecturer is to be found again.
			set += `, lecturer_id = NULL, lecturer_unit = '', agreement = ''`
			r.LecturerID, r.Agreement = 0, ""
		}
	}
	if Ended(m.To) {
		set += `, ended_at = $2`
	}
	res, err := tx.ExecContext(ctx, `UPDATE dispatch_requests SET `+set+` WHERE municipality_id = $3 AND id = $4 AND state = $5`, args...)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n != 1 {
		return ErrMoved
	}
	from := r.State
	r.State, r.StateLabel, r.UpdatedAt = m.To, StateLabel(m.To), now
	if m.To == Declined {
		r.DeclineReason, r.DeclineText = m.Reason, strings.TrimSpace(m.Text)
	}
	// The detail names states and the reason's code only: the audit chain
	// cannot be purged, so it keeps nothing the requester wrote.
	detail := map[string]any{"from": from, "to": m.To}
	if m.To == Declined {
		detail["reason"] = m.Reason
	}
	if err := c.Add(ctx, now, by, "move", "lecture_request", id(r.ID), detail); err != nil {
		return err
	}
	return s.tell(ctx, tx, muni, r, now)
}

// tell mails the requester the request's new state, tied to the public
// submission so that the mail is purged with it.
func (s *Store) tell(ctx context.Context, tx *sql.Tx, muni int64, r *Request, now time.Time) error {
	if r.Email == "" || r.SubmissionID == 0 {
		return nil
	}
	var center, city string
	if err := tx.QueryRowContext(ctx, `SELECT center_name, name FROM municipalities WHERE id = $1`, muni).Scan(&center, &city); err != nil {
		return err
	}
	subject, body := StateMail(r, city, center)
	return public.QueueMail(ctx, tx, muni, r.SubmissionID, r.Email, subject, body, now)
}

// StateMail is the mail that tells the requester a new state.
func StateMail(r *Request, city, center string) (string, string) {
	var b strings.Builder
	fmt.Fprintf(&b, "%s 様\n\n講師派遣（出前講座）のお申込み「%s」の状況が「%s」になりました。\n", r.Organisation, r.Topic, r.StateLabel)
	switch r.State {
	case Approved:
		b.WriteString("決定通知は、お申込みのときにお送りした状況確認のリンクから表示・印刷できます。\n")
	case Declined:
		fmt.Fprintf(&b, "理由: %s\n", r.ReasonText())
	case Delivered, Reported:
		b.WriteString("よろしければ、状況確認のリンクからアンケート（満足度とご感想）にお答えください。\n")
	}
	b.WriteString("\n詳しくは、お申込みのときにお送りした状況確認のリンクでご覧ください。\n\n")
	b.WriteString(city + " " + center + "\n")
	return "【" + center + "】講師派遣のお申込み: " + r.StateLabel, b.String()
}

// Candidate is a staff member who can speak on a request's topic.
type Candidate struct {
	StaffID    int64    `json:"-"`
	Number     string   `json:"number"`
	Name       string   `json:"name"`
	Department string   `json:"department"`
	Rank       string   `json:"rank"`
	Source     string   `json:"source"` // menu or topic (the staff member's own opted-in topic)
	LecturesFY int      `json:"lectures_this_fy"`
	Clashes    []string `json:"clashes"`
}

// Candidates lists who can speak on the request's topic: the topic's
// speakers on the menu and staff whose own public topics match its title,
// with their lectures this fiscal year and clashes on the wished dates.
func (s *Store) Candidates(ctx context.Context, muni int64, rid int64) ([]Candidate, error) {
	r, _, err := request(ctx, s.DB.R, muni, rid)
	if err != nil {
		return nil, err
	}
	rows, err := s.DB.R.QueryContext(ctx, `SELECT s.id, s.number, s.family_name, s.given_name, COALESCE(o.path, ''), COALESCE(k.name, ''), 'menu', ''
		FROM dispatch_speakers p JOIN staff s ON s.id = p.staff_id LEFT JOIN org_units o ON o.id = s.unit_id LEFT JOIN ranks k ON k.id = s.rank_id
		WHERE p.municipality_id = $1 AND p.topic_id = $2 AND s.status <> '退職'
		UNION ALL
		SELECT s.id, s.number, s.family_name, s.given_name, COALESCE(o.path, ''), COALESCE(k.name, ''), 'topic', t.topic
		FROM instructor_topics t JOIN staff s ON s.id = t.staff_id LEFT JOIN org_units o ON o.id = s.unit_id LEFT JOIN ranks k ON k.id = s.rank_id
		WHERE t.municipality_id = $1 AND t.public = $3 AND s.status <> '退職'`, muni, r.TopicID, true)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Candidate{}
	seen := map[int64]bool{}
	title := strings.ToLower(r.Topic)
	for rows.Next() {
		var c Candidate
		var fam, given, topic string
		if err := rows.Scan(&c.StaffID, &c.Number, &fam, &given, &c.Department, &c.Rank, &c.Source, &topic); err != nil {
			return nil, err
		}
		if c.Source == "topic" && !Matches(title, strings.ToLower(topic)) {
			continue
		}
		if seen[c.StaffID] {
			continue
		}
		seen[c.StaffID] = true
		c.Name = strings.TrimSpace(fam + " " + given)
		c.Clashes = []string{}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	if len(out) == 0 {
		return out, nil
	}
	// Lectures this fiscal year and clashes, for every candidate at once.
	fy := calendar.CurrentFY(s.now())
	counts := map[int64]int{}
	lrows, err := s.DB.R.QueryContext(ctx, `SELECT lecturer_id, COUNT(*) FROM dispatch_requests WHERE municipality_id = $1 AND fy = $2 AND lecturer_id IS NOT NULL
		AND state IN ('approved', 'delivered', 'reported') GROUP BY lecturer_id`, muni, fy)
	if err != nil {
		return nil, err
	}
	for lrows.Next() {
		var sid int64
		var n int
		if err := lrows.Scan(&sid, &n); err != nil {
			lrows.Close()
			return nil, err
		}
		counts[sid] = n
	}
	lrows.Close()
	dates := append([]string{}, r.Dates...)
	for len(dates) < 3 {
		dates = append(dates, "")
	}
	clashes := map[int64][]string{}
	crows, err := s.DB.R.QueryContext(ctx, `SELECT i.staff_id, d.day, p.name || '（講師）' FROM session_instructors i JOIN session_days d ON d.session_id = i.session_id
			JOIN sessions_training t ON t.id = i.session_id JOIN programs p ON p.id = t.program_id
			WHERE i.municipality_id = $1 AND i.staff_id IS NOT NULL AND t.status <> 'cancelled' AND d.day IN ($2, $3, $4)
		UNION ALL
		SELECT e.staff_id, d.day, p.name || '（受講）' FROM enrolments e JOIN session_days d ON d.session_id = e.session_id
			JOIN sessions_training t ON t.id = e.session_id JOIN programs p ON p.id = t.program_id
			WHERE e.municipality_id = $1 AND e.status = 'enrolled' AND t.status <> 'cancelled' AND d.day IN ($2, $3, $4)
		UNION ALL
		SELECT x.lecturer_id, x.lecture_on, '講師派遣「' || x.topic_title || '」' FROM dispatch_requests x
			WHERE x.municipality_id = $1 AND x.lecturer_id IS NOT NULL AND x.id <> $5 AND x.state IN ('lecturer_set', 'approved') AND x.lecture_on IN ($2, $3, $4)
		UNION ALL
		SELECT x.lecturer_id, x.date1, '講師派遣「' || x.topic_title || '」（調整中）' FROM dispatch_requests x
			WHERE x.municipality_id = $1 AND x.lecturer_id IS NOT NULL AND x.id <> $5 AND x.state = 'coordinating' AND x.date1 IN ($2, $3, $4)`,
		muni, dates[0], dates[1], dates[2], r.ID)
	if err != nil {
		return nil, err
	}
	for crows.Next() {
		var sid int64
		var d, what string
		if err := crows.Scan(&sid, &d, &what); err != nil {
			crows.Close()
			return nil, err
		}
		clashes[sid] = append(clashes[sid], d+" "+what)
	}
	crows.Close()
	if err := crows.Err(); err != nil {
		return nil, err
	}
	for i := range out {
		out[i].LecturesFY = counts[out[i].StaffID]
		if c := clashes[out[i].StaffID]; c != nil {
			out[i].Clashes = c
		}
	}
	return out, nil
}

// Matches tells whether a staff member's own topic fits a requested topic
// (both lower-cased): one contains the other.
func Matches(requested, own string) bool {
	if requested == "" || own == "" {
		return false
	}
	return strings.Contains(requested, own) || strings.Contains(own, requested)
}

// ChooseLecturer names the lecturer of a request (by 職員番号) and asks
// their 所属長 to agree; a request still 受付 moves to 調整中. Choosing
// again while the agreement is pending or was refused replaces the ask.
func (s *Store) ChooseLecturer(ctx context.Context, by audit.Actor, muni, rid int64, number string) (*Request, error) {
	var out *Request
	err := s.write(ctx, muni, func(tx *sql.Tx, c *audit.Chain, now time.Time) error {
		r, _, err := lockRequest(ctx, tx, muni, rid)
		if err != nil {
			return err
		}
		if r.State != Received && r.State != Coordinating {
			return apperr.New(apperr.Conflict, "「%s」の依頼の講師は変えられません。", r.StateLabel)
		}
		var staffID int64
		var unit string
		err = tx.QueryRowContext(ctx, `SELECT s.id, COALESCE(o.path, '') FROM staff s LEFT JOIN org_units o ON o.id = s.unit_id
			WHERE s.municipality_id = $1 AND s.number = $2 AND s.status <> '退職'`, muni, strings.TrimSpace(number)).Scan(&staffID, &unit)
		if err == sql.ErrNoRows {
			return apperr.Fields(apperr.FieldErrors{"number": "職員番号 " + number + " の職員が見つかりません。"})
		}
		if err != nil {
			return err
		}
		if r.State == Received {
			if err := s.move(ctx, tx, c, now, by, muni, r, Move{To: Coordinating}); err != nil {
				return err
			}
		}
		res, err := tx.ExecContext(ctx, `UPDATE dispatch_requests SET lecturer_id = $1, lecturer_unit = $2, agreement = $3, agreement_by = NULL, agreement_at = NULL, updated_at = $4
			WHERE municipality_id = $5 AND id = $6 AND state = $7`, staffID, unit, AgreePending, now, muni, rid, Coordinating)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return ErrMoved
		}
		r.LecturerID, r.LecturerUnit, r.Agreement = staffID, unit, AgreePending
		out = r
		return c.Add(ctx, now, by, "choose", "lecture_request", id(rid), map[string]any{"lecturer": number})
	})
	return out, err
}

// approver is a 所属長 account and the unit it heads.
type approver struct {
	UserID, StaffID int64
	UnitPath        string
}

func approvers(ctx context.Context, q db.Q, muni int64) ([]approver, error) {
	return db.QueryAll(ctx, q, func(row db.Scanner) (approver, error) {
		var a approver
		err := row.Scan(&a.UserID, &a.StaffID, &a.UnitPath)
		return a, err
	}, `SELECT u.id, COALESCE(u.staff_id, 0), o.path FROM users u JOIN org_units o ON o.id = u.unit_id
		WHERE u.municipality_id = $1 AND u.role = 'supervisor' AND u.disabled = $2 ORDER BY u.id`, muni, false)
}

// deciders is who agrees to a lecturer's dispatch.
type deciders struct {
	Center bool
	Users  []int64
}

func (d deciders) Includes(userID int64) bool {
	for _, u := range d.Users {
		if u == userID {
			return true
		}
	}
	return false
}

// decider finds the 所属長 who agrees to the lecturer's dispatch by the
// same rule as training approvals (training.DeciderFor): the 所属長 of
// the lecturer's unit, else of the unit above, passing over units the
// lecturer heads; with nobody left, the center.
func decider(staffID int64, unitPath string, as []approver) deciders {
	own := ""
	for _, a := range as {
		if a.StaffID == staffID && staffID != 0 && auth.InPath(unitPath, a.UnitPath) && (own == "" || len(a.UnitPath) < len(own)) {
			own = a.UnitPath
		}
	}
	for p := unitPath; p != ""; p = parent(p) {
		if own != "" && auth.InPath(p, own) {
			continue
		}
		var d deciders
		for _, a := range as {
			if a.UnitPath == p && a.StaffID != staffID {
				d.Users = append(d.Users, a.UserID)
			}
		}
		if len(d.Users) > 0 {
			return d
		}
	}
	return deciders{Center: true}
}

func parent(p string) string {
	if i := strings.LastIndex(p, "/"); i >= 0 {
		return p[:i]
	}
	return ""
}

// Agree records the 所属長's answer to a lecturer's dispatch: agreed moves
// the request to 講師決定; refused leaves it 調整中 for another lecturer.
// Only the lecturer's 所属長 (or the center where there is none, or on
// their behalf) answers.
func (s *Store) Agree(ctx context.Context, v Viewer, muni, rid int64, yes bool) (*Request, error) {
	var out *Request
	err := s.write(ctx, muni, func(tx *sql.Tx, c *audit.Chain, now time.Time) error {
		r, path, err := lockRequest(ctx, tx, muni, rid)
		if err != nil {
			return err
		}
		if !v.Sees(r, path) {
			return errNoRequest
		}
		if !v.Center {
			as, err := approvers(ctx, tx, muni)
			if err != nil {
				return err
			}
			if !decider(r.LecturerID, path, as).Includes(v.UserID) {
				return apperr.New(apperr.Forbidden, "この派遣には講師の所属長が同意します。")
			}
		}
		if r.State != Coordinating || r.Agreement != AgreePending {
			return apperr.New(apperr.Conflict, "この依頼は同意を待っていません（%s・%s）。", r.StateLabel, AgreementLabel(r.Agreement))
		}
		ans := AgreeNo
		if yes {
			ans = AgreeYes
		}
		res, err := tx.ExecContext(ctx, `UPDATE dispatch_requests SET agreement = $1, agreement_by = $2, agreement_at = $3, updated_at = $3
			WHERE municipality_id = $4 AND id = $5 AND agreement = $6 AND state = $7`, ans, v.UserID, now, muni, rid, AgreePending, Coordinating)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return ErrMoved
		}
		r.Agreement = ans
		action := "refuse"
		if yes {
			action = "agree"
		}
		if err := c.Add(ctx, now, v.Actor, action, "lecture_request", id(rid), map[string]any{"lecturer": r.LecturerNo}); err != nil {
			return err
		}
		if yes {
			if err := s.move(ctx, tx, c, now, v.Actor, muni, r, Move{To: LecturerSet}); err != nil {
				return err
			}
		}
		out = r
		return nil
	})
	return out, err
}

// Terms are the conditions of a lecture the center settles.
type Terms struct {
	LectureOn  string
	WorkMode   string
	Fee        int
	FeeStatus  string
	Travel     string
	Conditions string
}

// Validate checks the terms.
func (t *Terms) Validate() error {
	fe := apperr.FieldErrors{}
	if _, err := time.Parse(day, t.LectureOn); err != nil {
		fe["lecture_on"] = "実施日を入力してください（例: 2026-05-20）。"
	}
	ok := false
	for _, m := range WorkModes {
		ok = ok || m == t.WorkMode
	}
	if !ok {
		fe["work_mode"] = "勤務の扱いを選んでください。"
	}
	if t.Fee < 0 || t.Fee > 10000000 {
		fe["fee"] = "謝金は0〜10,000,000円で入力してください。"
	}
	if t.FeeStatus == "" {
		t.FeeStatus = "なし"
	}
	ok = false
	for _, f := range FeeStates {
		ok = ok || f == t.FeeStatus
	}
	if !ok {
		fe["fee_status"] = "謝金の扱いを選んでください。"
	}
	if t.WorkMode == WorkDuty && t.FeeStatus == "受領" {
		fe["fee_status"] = "公務での講師は謝金を受け取れません（辞退またはなし）。"
	}
	if len([]rune(t.Travel)) > 200 || len([]rune(t.Conditions)) > 500 {
		fe["travel"] = "旅費は200文字、条件は500文字以内で入力してください。"
	}
	if len(fe) > 0 {
		return apperr.Fields(fe)
	}
	return nil
}

// SetTerms saves the terms of a request whose lecturer is set.
func (s *Store) SetTerms(ctx context.Context, by audit.Actor, muni, rid int64, t Terms) error {
	if err := t.Validate(); err != nil {
		return err
	}
	return s.write(ctx, muni, func(tx *sql.Tx, c *audit.Chain, now time.Time) error {
		res, err := tx.ExecContext(ctx, `UPDATE dispatch_requests SET lecture_on = $1, work_mode = $2, fee = $3, fee_status = $4, travel = $5, conditions = $6, updated_at = $7
			WHERE municipality_id = $8 AND id = $9 AND state IN ('coordinating', 'lecturer_set', 'approved')`,
			t.LectureOn, t.WorkMode, t.Fee, t.FeeStatus, t.Travel, t.Conditions, now, muni, rid)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return apperr.New(apperr.Conflict, "この依頼の条件は、調整中から承認までの間に決めます。")
		}
		return c.Add(ctx, now, by, "terms", "lecture_request", id(rid), map[string]any{"work_mode": t.WorkMode, "fee": t.Fee, "fee_status": t.FeeStatus})
	})
}

// Delivery is what the lecturer records after the lecture.
type Delivery struct {
	On        string
	Hours     float64
	Attendees int
	Materials string
}

// Validate checks a delivery record.
func (d *Delivery) Validate(today time.Time) error {
	fe := apperr.FieldErrors{}
	if t, err := time.Parse(day, d.On); err != nil {
		fe["delivered_on"] = "実施日を入力してください（例: 2026-05-20）。"
	} else if t.After(today) {
		fe["delivered_on"] = "実施日が今日より後です。"
	}
	if d.Hours <= 0 || d.Hours > 24 {
		fe["hours"] = "時間は0.5〜24で入力してください。"
	}
	if d.Attendees < 0 || d.Attendees > 100000 {
		fe["attendees"] = "参加者数を入力してください。"
	}
	if len([]rune(d.Materials)) > 1000 {
		fe["materials"] = "資料は1000文字以内で入力してください。"
	}
	if len(fe) > 0 {
		return apperr.Fields(fe)
	}
	return nil
}

// Record saves the delivery report of an approved or delivered lecture by
// its lecturer or the center, and moves it to 報告済 (through 実施済).
func (s *Store) Record(ctx context.Context, v Viewer, muni, rid int64, d Delivery) (*Request, error) {
	if err := d.Validate(calendar.Today(s.now())); err != nil {
		return nil, err
	}
	var out *Request
	err := s.write(ctx, muni, func(tx *sql.Tx, c *audit.Chain, now time.Time) error {
		r, _, err := lockRequest(ctx, tx, muni, rid)
		if err != nil {
			return err
		}
		if !v.Center && (v.StaffID == 0 || v.StaffID != r.LecturerID) {
			return errNoRequest
		}
		if r.State != Approved && r.State != Delivered {
			return apperr.New(apperr.Conflict, "「%s」の依頼には実施の報告ができません。", r.StateLabel)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE dispatch_requests SET delivered_on = $1, hours = $2, attendees = $3, materials = $4, updated_at = $5 WHERE municipality_id = $6 AND id = $7`,
			d.On, d.Hours, d.Attendees, d.Materials, now, muni, rid); err != nil {
			return err
		}
		r.DeliveredOn, r.Hours, r.Attendees, r.Materials = d.On, d.Hours, d.Attendees, d.Materials
		if err := c.Add(ctx, now, v.Actor, "record", "lecture_request", id(rid), map[string]any{"hours": d.Hours, "attendees": d.Attendees}); err != nil {
			return err
		}
		if r.State == Approved {
			if err := s.move(ctx, tx, c, now, v.Actor, muni, r, Move{To: Delivered}); err != nil {
				return err
			}
		}
		out = r
		return s.move(ctx, tx, c, now, v.Actor, muni, r, Move{To: Reported})
	})
	return out, err
}

// Requester is the actor of what the requester does from the private link.
var Requester = audit.Actor{Login: "public"}

// Withdraw lets the requester withdraw the request from the private link.
func (s *Store) Withdraw(ctx context.Context, subID int64) error {
	r, muni, err := s.BySubmission(ctx, subID)
	if err != nil {
		return err
	}
	_, err = s.Transition(ctx, Requester, muni, r.ID, Move{To: Withdrawn})
	return err
}

// CanFeedback tells whether the requester may give feedback now.
func (r *Request) CanFeedback() bool {
	return (r.State == Delivered || r.State == Reported) && !r.FeedbackGiven
}

// CanWithdraw tells whether the requester may still withdraw.
func (r *Request) CanWithdraw() bool { return Allowed(r.State, Withdrawn) }

// Feedback records the requester's answer after the lecture, once.
func (s *Store) Feedback(ctx context.Context, subID int64, satisfaction int, comment string) error {
	comment = strings.TrimSpace(strings.ReplaceAll(comment, "\r\n", "\n"))
	fe := apperr.FieldErrors{}
	if satisfaction < 1 || satisfaction > 5 {
		fe["satisfaction"] = "満足度を1〜5から選んでください。"
	}
	if len([]rune(comment)) > 2000 {
		fe["comment"] = "ご感想は2000文字以内で入力してください。"
	}
	if len(fe) > 0 {
		return apperr.Fields(fe)
	}
	r, muni, err := s.BySubmission(ctx, subID)
	if err != nil {
		return err
	}
	return s.write(ctx, muni, func(tx *sql.Tx, c *audit.Chain, now time.Time) error {
		res, err := tx.ExecContext(ctx, `UPDATE dispatch_requests SET satisfaction = $1, feedback = $2, feedback_at = $3, updated_at = $3
			WHERE id = $4 AND feedback_at IS NULL AND state IN ('delivered', 'reported')`, satisfaction, comment, now, r.ID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return apperr.New(apperr.Conflict, "アンケートは講座の実施後に一度だけお答えいただけます。")
		}
		return c.Add(ctx, now, Requester, "feedback", "lecture_request", id(r.ID), map[string]any{"satisfaction": satisfaction})
	})
}

// IsConflict tells whether err is a refused move.
func IsConflict(err error) bool {
	var e *apperr.Error
	return errors.As(err, &e) && e.Code == apperr.Conflict
}
