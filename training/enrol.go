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
	"hagukumi/calendar"
	"hagukumi/db"
	"hagukumi/jtext"
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

// lockSessions locks several sessions in id order, so two transactions
// locking the same pair cannot wait on each other.
func lockSessions(ctx context.Context, tx *sql.Tx, muni int64, ids []int64, now time.Time) (map[int64]*locked, error) {
	sorted := append([]int64(nil), ids...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i] < sorted[j] })
	out := map[int64]*locked{}
	for _, id := range sorted {
		if out[id] != nil {
			continue
		}
		l, err := lockSession(ctx, tx, muni, id, now)
		if err != nil {
			return nil, err
		}
		out[id] = l
	}
	return out, nil
}

func countEnrolled(ctx context.Context, q db.Q, sessionID int64) (int, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM enrolments WHERE session_id = $1 AND status = 'enrolled'`, sessionID).Scan(&n)
	return n, err
}

// promote fills free seats of a locked, planned session from its
// waitlist, in order, notifying each person promoted.
func (s *Store) promote(ctx context.Context, tx *sql.Tx, c *audit.Chain, now time.Time, muni int64, by audit.Actor, x *Session) error {
	if x.Status != SessionPlanned {
		return nil // nobody is promoted onto a session that was held or cancelled
	}
	for {
		if x.Capacity > 0 {
			n, err := countEnrolled(ctx, tx, x.ID)
			if err != nil {
				return err
			}
			if n >= x.Capacity {
				return nil
			}
		}
		var id, staffID int64
		err := tx.QueryRowContext(ctx, `SELECT id, staff_id FROM enrolments WHERE session_id = $1 AND status = 'waitlisted' ORDER BY waitlist_pos, id LIMIT 1`, x.ID).Scan(&id, &staffID)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		} else if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE enrolments SET status = 'enrolled', waitlist_pos = 0, updated_at = $1 WHERE id = $2`, now, id); err != nil {
			return err
		}
		if err := c.Add(ctx, now, by, "promote", "enrolment", fmt.Sprint(id), map[string]any{"session_id": x.ID, "staff_id": staffID}); err != nil {
			return err
		}
		if err := s.notify(ctx, tx, now, muni, staffID, NoticePromoted, x, noticeExtra{}); err != nil {
			return err
		}
	}
}

// cleanNumbers trims, de-duplicates and drops empty 職員番号, keeping order.
func cleanNumbers(numbers []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, n := range numbers {
		for _, f := range strings.FieldsFunc(n, func(r rune) bool {
			return r == ',' || r == '、' || r == ' ' || r == '\u3000' || r == '\n' || r == '\r' || r == '\t'
		}) {
			f = strings.TrimSpace(jtext.SearchKey(f))
			f = strings.ToUpper(f)
			if f != "" && !seen[f] {
				seen[f] = true
				out = append(out, f)
			}
		}
	}
	return out
}

func planPublished(ctx context.Context, q db.Q, muni int64, fy int) (bool, error) {
	var st string
	err := q.QueryRowContext(ctx, `SELECT status FROM plans WHERE municipality_id = $1 AND fy = $2`, muni, fy).Scan(&st)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return st == PlanPublished, err
}

func openForEnrolment(x *Session) error {
	if x.Status != SessionPlanned {
		return apperr.Invalidf("この開催回は%sのため、受講の登録はできません。", SessionStatusLabel(x.Status))
	}
	return nil
}

// Nominate (指名) puts named staff on a session: enrolled while there are
// seats, then on the waitlist. People not found, not in service, or
// already on the program this year are skipped with a reason.
func (s *Store) Nominate(ctx context.Context, by audit.Actor, muni, sessionID int64, numbers []string) (*EnrolResult, error) {
	numbers = cleanNumbers(numbers)
	if len(numbers) == 0 {
		return nil, apperr.Invalidf("指名する職員の職員番号を入力してください。")
	}
	if len(numbers) > 2000 {
		return nil, apperr.Invalidf("一度に指名できるのは2000人までです。")
	}
	var res *EnrolResult
	err := s.write(ctx, muni, func(w *writeTx) error {
		tx := w.Tx
		res = newResult()
		return s.nominate(ctx, tx, by, muni, sessionID, numbers, res)
	})
	return res, err
}

// Nominee is one person to spread over sessions, with their department.
type Nominee struct {
	ID     int64
	Number string
	Dept   string
}

// Seat is one session's room for a spread: Free seats left, −1 for no limit.
type Seat struct {
	SessionID int64
	Free      int
}

// Spread assigns a roster to a program's sessions by capacity, keeping each
// department together where it fits: departments are placed largest first,
// each whole into the session that stays least full in proportion to its
// room; a department too large for any session is split over the sessions
// with the most room. People beyond every session's room are still
// assigned, a department together, to the session with the shortest
// overflow, so they go on its waitlist. People keep their order within a
// session.
func Spread(people []Nominee, seats []Seat) map[int64][]Nominee {
	out := map[int64][]Nominee{}
	if len(seats) == 0 || len(people) == 0 {
		return out
	}
	var order []string
	groups := map[string][]Nominee{}
	for _, p := range people {
		if _, ok := groups[p.Dept]; !ok {
			order = append(order, p.Dept)
		}
		groups[p.Dept] = append(groups[p.Dept], p)
	}
	sort.SliceStable(order, func(i, j int) bool { return len(groups[order[i]]) > len(groups[order[j]]) })

	room := make([]int, len(seats)) // total room of each session for this spread
	left := make([]int, len(seats))
	used := make([]int, len(seats))
	over := make([]int, len(seats))
	for i, st := range seats {
		room[i] = st.Free
		if st.Free < 0 {
			room[i] = len(people)
		}
		left[i] = room[i]
	}
	put := func(i int, ps []Nominee) {
		id := seats[i].SessionID
		out[id] = append(out[id], ps...)
		n := len(ps)
		if n > left[i] {
			over[i] += n - left[i]
			n = left[i]
		}
		left[i] -= n
		used[i] += n
	}
	for _, dept := range order {
		g := groups[dept]
		best := -1
		var bestFill float64
		for i := range seats {
			if left[i] < len(g) || room[i] == 0 {
				continue
			}
			fill := float64(used[i]+len(g)) / float64(room[i])
			if best < 0 || fill < bestFill {
				best, bestFill = i, fill
			}
		}
		if best >= 0 {
			put(best, g)
			continue
		}
		for len(g) > 0 {
			most := -1
			for i := range seats {
				if left[i] > 0 && (most < 0 || left[i] > left[most]) {
					most = i
				}
			}
			if most < 0 {
				break
			}
			n := min(left[most], len(g))
			put(most, g[:n])
			g = g[n:]
		}
		if len(g) > 0 {
			shortest := 0
			for i := range seats {
				if over[i] < over[shortest] {
					shortest = i
				}
			}
			put(shortest, g)
		}
	}
	return out
}

// deptOf is the top-level department of a unit path.
func deptOf(path string) string {
	d, _, _ := strings.Cut(path, "/")
	return d
}

// NominateRoster nominates a program's eligible roster for a fiscal year
// over all its planned sessions of that year (Spread), skipping people
// already on one of them. All sessions are locked first, in id order.
func (s *Store) NominateRoster(ctx context.Context, by audit.Actor, muni, programID int64, fy int) (*EnrolResult, error) {
	p, err := s.ProgramByID(ctx, muni, programID)
	if err != nil {
		return nil, err
	}
	if p.Rule.Manual {
		return nil, apperr.Invalidf("「%s」には対象者の条件がありません。職員番号を指定して指名してください。", p.Name)
	}
	roster, err := s.RosterFor(ctx, muni, p, fy, nil)
	if err != nil {
		return nil, err
	}
	list, err := s.Sessions(ctx, muni, SessionFilter{FY: fy, ProgramID: programID})
	if err != nil {
		return nil, err
	}
	var ids []int64
	for _, x := range list {
		if x.Status == SessionPlanned {
			ids = append(ids, x.ID)
		}
	}
	if len(ids) == 0 {
		return nil, apperr.Invalidf("「%s」の%sの開催回（予定）がありません。", p.Name, calendar.FormatNendo(fy))
	}
	var res *EnrolResult
	err = s.write(ctx, muni, func(w *writeTx) error {
		tx := w.Tx
		res = newResult()
		now := s.now()
		locked, err := lockSessions(ctx, tx, muni, ids, now)
		if err != nil {
			return err
		}
		already := map[int64]bool{}
		rows, err := tx.QueryContext(ctx, `SELECT e.staff_id FROM enrolments e JOIN sessions_training t ON t.id = e.session_id
			WHERE t.municipality_id = $1 AND t.program_id = $2 AND t.fy = $3 AND e.status IN ('applied', 'enrolled', 'waitlisted', 'recommended')`, muni, programID, fy)
		if err != nil {
			return err
		}
		for rows.Next() {
			var id int64
			rows.Scan(&id)
			already[id] = true
		}
		rows.Close()
		var people []Nominee
		for _, p := range roster.People {
			if !already[p.ID] {
				people = append(people, Nominee{ID: p.ID, Number: p.Number, Dept: deptOf(p.Unit)})
			}
		}
		if len(people) == 0 {
			return nil
		}
		seats := make([]Seat, 0, len(ids))
		for _, id := range ids { // by first day, as Sessions sorted them
			l, free := locked[id], -1
			if l.seats.Capacity > 0 {
				free = max(l.seats.Capacity-l.seats.Enrolled, 0)
			}
			seats = append(seats, Seat{SessionID: id, Free: free})
		}
		c, err := audit.Begin(ctx, tx, muni)
		if err != nil {
			return err
		}
		spread := Spread(people, seats)
		for _, id := range ids {
			keys := make([]any, len(spread[id]))
			for i, n := range spread[id] {
				keys[i] = n.ID
			}
			list, err := readCandidates(ctx, tx, muni, locked[id].x, staff.Scope{}, true, keys)
			if err != nil {
				return err
			}
			found := byNumber(list)
			for _, n := range spread[id] {
				if err := s.enrolNamed(ctx, tx, c, now, muni, by, locked[id], n.Number, found[n.Number], SourceNomination, "nominate", "", res); err != nil {
					return err
				}
			}
		}
		return c.Close(ctx)
	})
	return res, err
}

// today is the current date in Japan.
func (s *Store) today() string { return todayOf(s.now()) }

// Apply (申込) is a staff member applying to a session of an
// application-mode program in a published plan, before its first day. The
// application waits for its decider (status applied, DeciderFor), who is
// notified; the enrolment returned names the decider (DecidedBy).
func (s *Store) Apply(ctx context.Context, by audit.Actor, muni, sessionID, staffID int64) (*Enrolment, error) {
	if staffID == 0 {
		return nil, apperr.Invalidf("このアカウントは職員と結び付いていないため、申し込めません。")
	}
	var id int64
	err := s.write(ctx, muni, func(w *writeTx) error {
		tx := w.Tx
		now := s.now()
		l, err := lockOpenSession(ctx, tx, muni, sessionID, now, ModeApplication)
		if err != nil {
			return err
		}
		x := l.x
		if x.First() <= s.today() {
			return apperr.Invalidf("この開催回の申込は締め切りました。")
		}
		c, err := readCandidate(ctx, tx, muni, x, staffID)
		if err != nil {
			return err
		}
		if c == nil {
			return apperr.NotFoundf("職員が見つかりません。")
		}
		if c.status != staff.Active {
			return apperr.Invalidf("在職中の職員のみ申し込めます。")
		}
		d := DecideEnrolment(c.facts(), l.seats, EnrolApplied)
		if d.Refused() {
			return d.Err()
		}
		if id, err = enrolWrite(ctx, tx, now, muni, l, c, d, SourceApplication); err != nil {
			return err
		}
		status := d.Status
		if err := audit.Record(ctx, tx, now, muni, by, "apply", "enrolment", fmt.Sprint(id), map[string]any{"session_id": x.ID, "staff_id": staffID, "status": status}); err != nil {
			return err
		}
		clash, err := clashOf(ctx, tx, x, staffID)
		if err != nil {
			return err
		}
		if err := s.notify(ctx, tx, now, muni, staffID, NoticeApplied, x, noticeExtra{Overlap: clash}); err != nil {
			return err
		}
		return s.notifyDecider(ctx, tx, now, muni, staffID, x)
	})
	if err != nil {
		return nil, err
	}
	return s.enrolmentAsDecided(ctx, muni, id)
}

// enrolmentAsDecided is an enrolment just written, with who decides it
// (for an application) and the sessions it overlaps.
func (s *Store) enrolmentAsDecided(ctx context.Context, muni, id int64) (*Enrolment, error) {
	e, err := s.EnrolmentByID(ctx, muni, staff.Scope{}, id)
	if err != nil {
		return nil, err
	}
	if _, err := fillDeciders(ctx, s.DB.R, muni, []*Enrolment{e}); err != nil {
		return nil, err
	}
	x, err := s.SessionByID(ctx, muni, e.SessionID)
	if err != nil {
		return nil, err
	}
	e.Overlap, err = clashOf(ctx, s.DB.R, x, e.StaffID)
	return e, err
}

// Decide is the decider's approval (enrolled or waitlisted by the seats) or
// decline (with a reason) of an application. v is the viewer deciding, by
// their account: the center may decide any application, a 所属長 only those
// DeciderFor gives them; an application outside the 所属長's unit is not
// found.
func (s *Store) Decide(ctx context.Context, by audit.Actor, muni int64, v Viewer, id int64, approve bool, reason string) (string, error) {
	reason = strings.TrimSpace(reason)
	if !approve && reason == "" {
		return "", apperr.Invalidf("不承認の理由を入力してください。")
	}
	if len([]rune(reason)) > 500 {
		return "", apperr.Invalidf("理由は500文字以内で入力してください。")
	}
	sc := staff.Scope{}
	if !v.Center() {
		sc = v.Unit
	}
	e, err := s.EnrolmentByID(ctx, muni, sc, id)
	if err != nil {
		return "", err
	}
	if e.Status == EnrolApplied {
		if err := s.checkDecider(ctx, muni, v, by.UserID, e); err != nil {
			return "", err
		}
	}
	var status string
	err = s.write(ctx, muni, func(w *writeTx) error {
		tx := w.Tx
		now := s.now()
		l, err := lockSession(ctx, tx, muni, e.SessionID, now)
		if err != nil {
			return err
		}
		x := l.x
		var cur string
		if err := tx.QueryRowContext(ctx, `SELECT status FROM enrolments WHERE id = $1`, id).Scan(&cur); err != nil {
			return err
		}
		if cur != EnrolApplied {
			return apperr.New(apperr.Conflict, "この申込は既に処理されています（%s）。", EnrolStatusLabel(cur))
		}
		pos, kind, action := 0, NoticeDeclined, "decline"
		if approve {
			status, pos = l.seats.Next()
			kind, action = NoticeEnrolled, "approve"
			if status == EnrolWaitlisted {
				kind = NoticeWaitlisted
			}
		} else {
			status = EnrolDeclined
		}
		if _, err := tx.ExecContext(ctx, `UPDATE enrolments SET status = $1, waitlist_pos = $2, reason = $3, updated_at = $4 WHERE id = $5`,
			status, pos, reason, now, id); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, now, muni, by, action, "enrolment", fmt.Sprint(id),
			map[string]any{"session_id": x.ID, "number": e.Number, "status": status, "reason": reason}); err != nil {
			return err
		}
		return s.notify(ctx, tx, now, muni, e.StaffID, kind, x, noticeExtra{Reason: reason})
	})
	return status, err
}

// Recommend (推薦) is a department liaison putting their own staff on a
// session of a recommendation-mode program, within the department's quota
// for the fiscal year. When the programme says 推薦 → センター選考
// (Selection) the people recommended wait as 推薦済 for the center's
// selection; otherwise the recommendation decides the place. A number
// outside the liaison's department, or going over the quota, refuses the
// whole request and says which numbers. sc is the liaison's department;
// unitID the unit the quota is set for.
func (s *Store) Recommend(ctx context.Context, by audit.Actor, muni int64, sc staff.Scope, unitID, sessionID int64, numbers []string) (*EnrolResult, error) {
	if sc.UnitPath == "" || unitID == 0 {
		return nil, apperr.Forbid()
	}
	numbers = cleanNumbers(numbers)
	if len(numbers) == 0 {
		return nil, apperr.Invalidf("推薦する職員の職員番号を入力してください。")
	}
	var res *EnrolResult
	err := s.write(ctx, muni, func(w *writeTx) error {
		tx := w.Tx
		res = newResult()
		now := s.now()
		l, err := lockOpenSession(ctx, tx, muni, sessionID, now, ModeRecommendation)
		if err != nil {
			return err
		}
		x := l.x
		// The quota row is locked too, so two sessions of the program
		// filled at once by the same department cannot both pass.
		var quota int
		err = tx.QueryRowContext(ctx, `UPDATE program_quotas SET quota = quota WHERE municipality_id = $1 AND program_id = $2 AND fy = $3 AND unit_id = $4 RETURNING quota`,
			muni, x.ProgramID, x.FY, unitID).Scan(&quota)
		if errors.Is(err, sql.ErrNoRows) {
			return apperr.Invalidf("「%s」の%sの推薦枠が設定されていません。人財育成センターにお問い合わせください。", x.ProgramName, calendar.FormatNendo(x.FY))
		} else if err != nil {
			return err
		}
		used, err := quotaUsed(ctx, tx, muni, x.ProgramID, x.FY, sc.UnitPath)
		if err != nil {
			return err
		}
		list, err := readCandidates(ctx, tx, muni, x, sc, false, numberKeys(numbers))
		if err != nil {
			return err
		}
		found := byNumber(list)
		if missing := RecommendOutOfScope(numbers, found); len(missing) > 0 {
			return apperr.Invalidf("次の職員番号は%sの職員に見つからないため推薦できません：%s。", strings.ReplaceAll(sc.UnitPath, "/", " "), strings.Join(missing, "、"))
		}
		var takes []string
		for _, n := range numbers {
			if !DecideEnrolment(found[n].facts(), l.seats, "").Refused() {
				takes = append(takes, n)
			}
		}
		if over := OverQuota(takes, quota, used); len(over) > 0 {
			return apperr.Invalidf("推薦枠（%d人）を超えるため推薦できません。今回推薦できるのは%d人までです。枠を超える職員番号：%s。",
				quota, max(quota-used, 0), strings.Join(over, "、"))
		}
		want := ""
		if l.selection {
			want = EnrolRecommended
		}
		c, err := audit.Begin(ctx, tx, muni)
		if err != nil {
			return err
		}
		for _, n := range numbers {
			if err := s.enrolNamed(ctx, tx, c, now, muni, by, l, n, found[n], SourceRecommendation, "recommend", want, res); err != nil {
				return err
			}
		}
		return c.Close(ctx)
	})
	return res, err
}

// Select is the center's selection (センター選考) of a person recommended
// (推薦済): selected, they take a seat or the end of the waitlist; declined,
// with a reason, they are told so. Both are audited and notified.
func (s *Store) Select(ctx context.Context, by audit.Actor, muni, id int64, accept bool, reason string) (string, error) {
	reason = strings.TrimSpace(reason)
	if !accept && reason == "" {
		return "", apperr.Invalidf("選考しない理由を入力してください。")
	}
	if len([]rune(reason)) > 500 {
		return "", apperr.Invalidf("理由は500文字以内で入力してください。")
	}
	e, err := s.EnrolmentByID(ctx, muni, staff.Scope{}, id)
	if err != nil {
		return "", err
	}
	var status string
	err = s.write(ctx, muni, func(w *writeTx) error {
		tx := w.Tx
		now := s.now()
		l, err := lockSession(ctx, tx, muni, e.SessionID, now)
		if err != nil {
			return err
		}
		if err := openForEnrolment(l.x); err != nil {
			return err
		}
		var cur string
		if err := tx.QueryRowContext(ctx, `SELECT status FROM enrolments WHERE id = $1`, id).Scan(&cur); err != nil {
			return err
		}
		if cur != EnrolRecommended {
			return apperr.New(apperr.Conflict, "この推薦は既に処理されています（%s）。", EnrolStatusLabel(cur))
		}
		pos, kind, action := 0, NoticeNotSelected, "reject"
		if accept {
			status, pos = l.seats.Next()
			kind, action = NoticeEnrolled, "select"
			if status == EnrolWaitlisted {
				kind = NoticeWaitlisted
			}
		} else {
			status = EnrolDeclined
		}
		if _, err := tx.ExecContext(ctx, `UPDATE enrolments SET status = $1, waitlist_pos = $2, reason = $3, updated_at = $4 WHERE id = $5`,
			status, pos, reason, now, id); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, now, muni, by, action, "enrolment", fmt.Sprint(id),
			map[string]any{"session_id": l.x.ID, "number": e.Number, "status": status, "reason": reason}); err != nil {
			return err
		}
		return s.notify(ctx, tx, now, muni, e.StaffID, kind, l.x, noticeExtra{Reason: reason})
	})
	return status, err
}

// Cancel (取消) takes a person off a session with a reason; a freed seat
// goes to the first on the waitlist in the same transaction. The viewer's
// CancelScope limits whose enrolments they may cancel, and MayCancel when:
// once the session has begun only the center may, as a correction.
//
// A cancellation removes the person's attendance of the session and
// recomputes their completion in the same transaction, so a record never
// says 取消 beside 出席 or a 修了証. We chose that over refusing to cancel an
// attended enrolment: when the center corrects a record (someone was
// marked present by mistake), the correction must be possible, and the
// reason and the removed attendance are kept in the audit entry.
func (s *Store) Cancel(ctx context.Context, by audit.Actor, muni int64, v Viewer, id int64, reason string) error {
	sc := CancelScope(v)
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return apperr.Invalidf("取消の理由を入力してください。")
	}
	if len([]rune(reason)) > 500 {
		return apperr.Invalidf("理由は500文字以内で入力してください。")
	}
	e, err := s.EnrolmentByID(ctx, muni, sc, id)
	if err != nil {
		return err
	}
	sx, err := s.SessionByID(ctx, muni, e.SessionID)
	if err != nil {
		return err
	}
	if err := MayCancel(v.Center(), sx, s.today()); err != nil {
		return err
	}
	return s.write(ctx, muni, func(w *writeTx) error {
		tx := w.Tx
		now := s.now()
		l, err := lockSession(ctx, tx, muni, e.SessionID, now)
		if err != nil {
			return err
		}
		x := l.x
		var cur string
		if err := tx.QueryRowContext(ctx, `SELECT status FROM enrolments WHERE id = $1`, id).Scan(&cur); err != nil {
			return err
		}
		if !live(cur) {
			return apperr.New(apperr.Conflict, "この受講は既に%sになっています。", EnrolStatusLabel(cur))
		}
		if _, err := tx.ExecContext(ctx, `UPDATE enrolments SET status = 'cancelled', waitlist_pos = 0, reason = $1, updated_at = $2 WHERE id = $3`,
			reason, now, id); err != nil {
			return err
		}
		c, err := audit.Begin(ctx, tx, muni)
		if err != nil {
			return err
		}
		var attended string
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE((SELECT status FROM attendance WHERE session_id = $1 AND staff_id = $2), '')`, x.ID, e.StaffID).Scan(&attended); err != nil {
			return err
		}
		detail := map[string]any{"session_id": x.ID, "number": e.Number, "was": cur, "reason": reason}
		if Begun(sx.Days, todayOf(now)) {
			detail["correction"] = true
		}
		if attended != "" {
			detail["attendance_removed"] = attended
		}
		if err := c.Add(ctx, now, by, "cancel", "enrolment", fmt.Sprint(id), detail); err != nil {
			return err
		}
		if attended != "" {
			// The chain head is taken above: it orders certificate numbers.
			if err := c.Flush(ctx); err != nil {
				return err
			}
			if err := writeAttendance(ctx, tx, muni, x.ID, e.StaffID, Mark{}, nil, now); err != nil {
				return err
			}
		}
		if err := s.recompute(ctx, w, x.ID, []int64{e.StaffID}); err != nil {
			return err
		}
		if err := s.notify(ctx, tx, now, muni, e.StaffID, NoticeCancelled, x, noticeExtra{Reason: reason}); err != nil {
			return err
		}
		if cur == EnrolEnrolled {
			if err := s.promote(ctx, tx, c, now, muni, by, x); err != nil {
				return err
			}
		}
		return c.Close(ctx)
	})
}

// Move takes a person from their session to another session of the same
// program and year: there they are enrolled if a seat is free, else
// waitlisted; a seat freed in the old session is given to its waitlist.
// The answer is the new enrolment, with the sessions it overlaps.
func (s *Store) Move(ctx context.Context, by audit.Actor, muni int64, sc staff.Scope, id, to int64) (*Enrolment, error) {
	e, err := s.EnrolmentByID(ctx, muni, sc, id)
	if err != nil {
		return nil, err
	}
	if e.SessionID == to {
		return nil, apperr.Invalidf("移動先に別の開催回を選んでください。")
	}
	var newID int64
	err = s.write(ctx, muni, func(w *writeTx) error {
		tx := w.Tx
		now := s.now()
		locked, err := lockSessions(ctx, tx, muni, []int64{e.SessionID, to}, now)
		if err != nil {
			return err
		}
		from, dest := locked[e.SessionID].x, locked[to].x
		if dest.ProgramID != from.ProgramID || dest.FY != from.FY {
			return apperr.Invalidf("移動できるのは同じ研修・同じ年度の開催回だけです。")
		}
		if err := openForEnrolment(dest); err != nil {
			return err
		}
		var cur string
		if err := tx.QueryRowContext(ctx, `SELECT status FROM enrolments WHERE id = $1`, id).Scan(&cur); err != nil {
			return err
		}
		if cur != EnrolEnrolled && cur != EnrolWaitlisted {
			return apperr.New(apperr.Conflict, "%sの登録は移動できません。", EnrolStatusLabel(cur))
		}
		if _, err := tx.ExecContext(ctx, `UPDATE enrolments SET status = 'moved', waitlist_pos = 0, reason = $1, updated_at = $2 WHERE id = $3`,
			"「"+dest.Label()+"」へ移動", now, id); err != nil {
			return err
		}
		who, err := readCandidate(ctx, tx, muni, dest, e.StaffID)
		if err != nil {
			return err
		}
		if who == nil {
			return apperr.NotFoundf("職員が見つかりません。")
		}
		// The person moves whatever their staff status: only their places
		// on the program this year can refuse the move.
		who.status = staff.Active
		d := DecideEnrolment(who.facts(), locked[to].seats, "")
		if d.Refused() {
			return d.Err()
		}
		newID, err = enrolWrite(ctx, tx, now, muni, locked[to], who, d, e.Source)
		if err != nil {
			return err
		}
		status := d.Status
		c, err := audit.Begin(ctx, tx, muni)
		if err != nil {
			return err
		}
		if err := c.Add(ctx, now, by, "move", "enrolment", fmt.Sprint(id),
			map[string]any{"number": e.Number, "from_session_id": from.ID, "to_session_id": dest.ID, "new_enrolment_id": newID, "status": status}); err != nil {
			return err
		}
		clash, err := clashOf(ctx, tx, dest, e.StaffID)
		if err != nil {
			return err
		}
		if err := s.notify(ctx, tx, now, muni, e.StaffID, NoticeMoved, dest, noticeExtra{Status: status, From: from, Overlap: clash}); err != nil {
			return err
		}
		if cur == EnrolEnrolled {
			if err := s.promote(ctx, tx, c, now, muni, by, from); err != nil {
				return err
			}
		}
		return c.Close(ctx)
	})
	if err != nil {
		return nil, err
	}
	return s.enrolmentAsDecided(ctx, muni, newID)
}

// FillFromWaitlist promotes waitlisted people while seats are free, for
// example after the center raised a session's capacity.
func (s *Store) FillFromWaitlist(ctx context.Context, by audit.Actor, muni, sessionID int64) error {
	return s.write(ctx, muni, func(w *writeTx) error {
		tx := w.Tx
		now := s.now()
		l, err := lockSession(ctx, tx, muni, sessionID, now)
		if err != nil {
			return err
		}
		x := l.x
		if x.Status != SessionPlanned {
			return nil
		}
		c, err := audit.Begin(ctx, tx, muni)
		if err != nil {
			return err
		}
		if err := s.promote(ctx, tx, c, now, muni, by, x); err != nil {
			return err
		}
		return c.Close(ctx)
	})
}

// NotifySessionCancelled tells everyone on a session (enrolled, waitlisted
// or waiting for approval) that it was cancelled (中止). Their enrolments
// stay as they are, so the history shows who was to attend.
func (s *Store) NotifySessionCancelled(ctx context.Context, by audit.Actor, muni, sessionID int64) (int, error) {
	n := 0
	err := s.write(ctx, muni, func(w *writeTx) error {
		tx := w.Tx
		n = 0
		now := s.now()
		l, err := lockSession(ctx, tx, muni, sessionID, now)
		if err != nil {
			return err
		}
		x := l.x
		ids, err := db.Int64s(ctx, tx, `SELECT staff_id FROM enrolments WHERE session_id = $1 AND status IN ('applied', 'enrolled', 'waitlisted', 'recommended') ORDER BY id`, x.ID)
		if err != nil {
			return err
		}
		for _, id := range ids {
			if err := s.notify(ctx, tx, now, muni, id, NoticeSessionCancel, x, noticeExtra{}); err != nil {
				return err
			}
		}
		n = len(ids)
		return audit.Record(ctx, tx, now, muni, by, "notify_cancelled", "session", fmt.Sprint(x.ID), map[string]int{"notified": n})
	})
	return n, err
}

// lockOpenSession locks a session of a published plan that takes
// enrolments by the given mode (申込 or 推薦) and is still open for them.
func lockOpenSession(ctx context.Context, tx *sql.Tx, muni, sessionID int64, now time.Time, want string) (*locked, error) {
	l, err := lockSession(ctx, tx, muni, sessionID, now)
	if err != nil {
		return nil, err
	}
	x, mode := l.x, l.mode
	if ok, err := planPublished(ctx, tx, muni, x.FY); err != nil {
		return nil, err
	} else if !ok {
		return nil, apperr.NotFoundf("開催回が見つかりません。")
	}
	if mode != want {
		return nil, apperr.Invalidf("「%s」は%s制の研修ではありません。", x.ProgramName, ModeLabel(want))
	}
	if err := openForEnrolment(x); err != nil {
		return nil, err
	}
	return l, nil
}
