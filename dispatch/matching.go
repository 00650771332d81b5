package dispatch

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"hagukumi/apperr"
	"hagukumi/audit"
	"hagukumi/auth"
	"hagukumi/calendar"
	"hagukumi/db"
)

// Matching: the staff who can speak on a topic, the choice of a
// lecturer and their 所属長's agreement.

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
