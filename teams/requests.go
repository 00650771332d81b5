package teams

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
	"hagukumi/notify"
)

// Request is the center's yearly request to the departments to answer for
// their open proposal items by a due date.
type Request struct {
	ID        int64     `json:"id"`
	FY        int       `json:"fy"`
	DueOn     string    `json:"due_on"`
	Message   string    `json:"message"`
	OpenedBy  string    `json:"opened_by"`
	CreatedAt time.Time `json:"created_at"`
}

// The notices of a request, each sent once to each liaison concerned.
const (
	NoticeOpened  = "opened"  // when the center opens the request
	NoticeWeek    = "before7" // 7 days before the due date
	NoticeDay     = "before1" // the day before the due date
	NoticeOverdue = "overdue" // the day after the due date, still unanswered
	noticeKind    = "proposal_request"
)

// Reminder is the reminder due on day today for a request due on due and
// opened on opened (all Japanese dates), "" when none is: from 7 days
// before the due date, from the day before, and after the due date. A
// reminder whose window had begun when the request was opened is skipped,
// since the opening notice said the same; a job that missed a window sends
// the current one only.
func Reminder(opened, due, today time.Time) string {
	var kind string
	var from time.Time
	switch {
	case today.After(due):
		kind, from = NoticeOverdue, due.AddDate(0, 0, 1)
	case !today.Before(due.AddDate(0, 0, -1)):
		kind, from = NoticeDay, due.AddDate(0, 0, -1)
	case !today.Before(due.AddDate(0, 0, -7)):
		kind, from = NoticeWeek, due.AddDate(0, 0, -7)
	default:
		return ""
	}
	if !opened.Before(from) && kind != NoticeOverdue {
		return ""
	}
	return kind
}

// Validate checks a request: a due date that is a date, not before today
// and within the fiscal year or the next one.
func (q *Request) Validate(today time.Time) error {
	q.Message = strings.TrimSpace(q.Message)
	fe := apperr.FieldErrors{}
	due, err := time.Parse(time.DateOnly, q.DueOn)
	switch {
	case err != nil:
		fe["due_on"] = "回答の期限を日付で入力してください。"
	case due.Before(today):
		fe["due_on"] = "回答の期限は今日以降の日付にしてください。"
	case due.After(calendar.FiscalYearEnd(q.FY)):
		fe["due_on"] = "回答の期限は" + calendar.FormatNendo(q.FY) + "の終わりまでの日付にしてください。"
	}
	if tooLong(q.Message, 2000) {
		fe["message"] = "依頼文は2000文字以内で入力してください。"
	}
	if q.FY < 1989 || q.FY > 2100 {
		fe["fy"] = "年度を正しく入力してください。"
	}
	return fieldsOrNil(fe)
}

// DeptProgress is how far one department is with a request: its items to
// answer this year, those answered, and those still unanswered after the
// due date.
type DeptProgress struct {
	Department string `json:"department"`
	ToAnswer   int    `json:"to_answer"`
	Answered   int    `json:"answered"`
	Overdue    int    `json:"overdue"`
}

// Asked tells whether a request of fiscal year fy asks for an answer on the
// item: it was presented before fy and was still open when the year began,
// whether or not it has since been answered for fy.
func Asked(it Item, fy int) bool {
	if it.CohortFY >= fy {
		return false
	}
	r := LatestAsOf(it.Responses, fy-1)
	return r == nil || !Closed(r.Status)
}

// answeredIn tells whether the item has an answer for fiscal year fy.
func answeredIn(it Item, fy int) bool {
	for _, r := range it.Responses {
		if r.FY == fy {
			return true
		}
	}
	return false
}

// Progress counts a request's items per owning department. An item owned
// by two departments counts for both; one answer answers it for both.
// Items are overdue when unanswered after the due date.
func Progress(items []Item, fy int, due, today time.Time) []DeptProgress {
	by := map[string]*DeptProgress{}
	for _, it := range items {
		if !Asked(it, fy) {
			continue
		}
		done := answeredIn(it, fy)
		for _, d := range it.Departments {
			p := by[d]
			if p == nil {
				p = &DeptProgress{Department: d}
				by[d] = p
			}
			p.ToAnswer++
			if done {
				p.Answered++
			} else if today.After(due) {
				p.Overdue++
			}
		}
	}
	out := make([]DeptProgress, 0, len(by))
	for _, p := range by {
		out = append(out, *p)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Department < out[j].Department })
	return out
}

func scanRequest(r db.Scanner) (Request, error) {
	var q Request
	err := r.Scan(&q.ID, &q.FY, &q.DueOn, &q.Message, &q.OpenedBy, &q.CreatedAt)
	return q, err
}

const requestCols = `SELECT id, fy, due_on, message, opened_by, created_at FROM proposal_requests `

// RequestOf reads the request of a fiscal year, nil when the center has
// not opened one.
func (s *Store) RequestOf(ctx context.Context, muni int64, fy int) (*Request, error) {
	q, err := scanRequest(s.DB.R.QueryRowContext(ctx, requestCols+`WHERE municipality_id = $1 AND fy = $2`, muni, fy))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &q, nil
}

// liaison is a liaison account that receives a request's notices.
type liaison struct {
	userID, staffID int64
	path, email     string
}

// pending lists, per liaison, the departments they answer for that still
// lack the fiscal year's answer on an item the request asks about.
func (s *Store) pending(ctx context.Context, q db.Q, muni int64, fy int) (map[liaison][]string, error) {
	items, err := s.items(ctx, muni, `p.presented_on <> ''`)
	if err != nil {
		return nil, err
	}
	depts := map[string]bool{}
	for _, it := range items {
		if Asked(it, fy) && !answeredIn(it, fy) {
			for _, d := range it.Departments {
				depts[d] = true
			}
		}
	}
	if len(depts) == 0 {
		return nil, nil
	}
	ls, err := db.QueryAll(ctx, q, func(r db.Scanner) (liaison, error) {
		var l liaison
		return l, r.Scan(&l.userID, &l.staffID, &l.path, &l.email)
	}, `SELECT u.id, u.staff_id, o.path, s.email FROM users u JOIN org_units o ON o.id = u.unit_id JOIN staff s ON s.id = u.staff_id
		WHERE u.municipality_id = $1 AND u.role = $2 AND u.disabled = FALSE ORDER BY u.id`, muni, string(auth.Liaison))
	if err != nil {
		return nil, err
	}
	out := map[liaison][]string{}
	for _, l := range ls {
		for d := range depts {
			if auth.InPath(d, l.path) {
				out[l] = append(out[l], d)
			}
		}
		sort.Strings(out[l])
	}
	return out, nil
}

// notices sends one kind of notice of a request to every liaison whose
// departments still have items to answer, at most once per liaison and
// kind: the row in proposal_request_notices is written first and a
// liaison already recorded is skipped, so a restart never sends twice.
func (s *Store) notices(ctx context.Context, tx *sql.Tx, now time.Time, muni int64, q *Request, kind string) (int, error) {
	to, err := s.pending(ctx, tx, muni, q.FY)
	if err != nil {
		return 0, err
	}
	ls := make([]liaison, 0, len(to))
	for l := range to {
		ls = append(ls, l)
	}
	sort.Slice(ls, func(i, j int) bool { return ls[i].userID < ls[j].userID })
	n := 0
	for _, l := range ls {
		res, err := tx.ExecContext(ctx, `INSERT INTO proposal_request_notices (municipality_id, request_id, kind, user_id, sent_at) VALUES ($1, $2, $3, $4, $5)
			ON CONFLICT (request_id, kind, user_id) DO NOTHING`, muni, q.ID, kind, l.userID, now)
		if err != nil {
			return 0, err
		}
		if k, err := res.RowsAffected(); err != nil || k == 0 {
			if err != nil {
				return 0, err
			}
			continue
		}
		subject, body := noticeText(q, kind, to[l], calendar.Today(now))
		if err := notify.Write(ctx, tx, now, notify.Notice{Muni: muni, StaffID: l.staffID, Kind: noticeKind,
			Subject: subject, Body: body, Link: "/proposal-items", Email: l.email}); err != nil {
			return 0, err
		}
		n++
	}
	return n, nil
}

// noticeText is the wording of a request's notice to a liaison.
func noticeText(q *Request, kind string, depts []string, today time.Time) (string, string) {
	due, _ := time.Parse(time.DateOnly, q.DueOn)
	dueText := calendar.FormatWareki(due)
	names := strings.Join(depts, "、")
	var subject, lead string
	switch kind {
	case NoticeOpened:
		subject = calendar.FormatNendo(q.FY) + " 政策提言の反映状況の回答のお願い"
		lead = "センターから" + calendar.FormatNendo(q.FY) + "の提言項目の反映状況について回答の依頼がありました。"
	case NoticeOverdue:
		subject = "政策提言の反映状況の回答期限が過ぎています"
		lead = "回答の期限（" + dueText + "）を過ぎましたが、まだ回答のない提言項目があります。"
	default:
		days := int(due.Sub(today).Hours() / 24)
		subject = fmt.Sprintf("政策提言の反映状況の回答期限まであと%d日です", days)
		lead = fmt.Sprintf("回答の期限（%s）まであと%d日です。まだ回答のない提言項目があります。", dueText, days)
	}
	body := lead + "\n担当: " + names + "\n回答の期限: " + dueText + "\n「提言項目への回答」のページから回答してください。"
	if q.Message != "" && kind == NoticeOpened {
		body += "\n\n" + q.Message
	}
	return subject, body
}

// OpenRequest opens the fiscal year's request and tells each liaison whose
// department has items to answer. A year has one request.
func (s *Store) OpenRequest(ctx context.Context, by audit.Actor, muni int64, q *Request) (int, error) {
	if err := q.Validate(calendar.Today(s.now())); err != nil {
		return 0, err
	}
	sent := 0
	err := s.write(ctx, muni, by, "open", "proposal_request", func(tx *sql.Tx, now time.Time) (int64, any, error) {
		q.OpenedBy, q.CreatedAt = by.Login, now
		err := tx.QueryRowContext(ctx, `INSERT INTO proposal_requests (municipality_id, fy, due_on, message, opened_by, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
			muni, q.FY, q.DueOn, q.Message, q.OpenedBy, now).Scan(&q.ID)
		if db.IsUnique(err) {
			return 0, nil, apperr.New(apperr.Conflict, "%sの回答依頼はもう出しています。", calendar.FormatNendo(q.FY))
		}
		if err != nil {
			return 0, nil, err
		}
		if sent, err = s.notices(ctx, tx, now, muni, q, NoticeOpened); err != nil {
			return 0, nil, err
		}
		return q.ID, map[string]any{"fy": q.FY, "due_on": q.DueOn, "notified": sent}, nil
	})
	return sent, err
}

// Remind sends the reminders due today for the requests of this fiscal
// year and the last one, each kind once per liaison, and audits how many
// went out. The periodic job calls it; running it twice sends nothing new.
func (s *Store) Remind(ctx context.Context, muni int64) (int, error) {
	now := s.now()
	today := calendar.Today(now)
	fy := calendar.CurrentFY(now)
	reqs, err := db.QueryAll(ctx, s.DB.R, scanRequest, requestCols+`WHERE municipality_id = $1 AND fy >= $2 ORDER BY fy`, muni, fy-1)
	if err != nil {
		return 0, err
	}
	total := 0
	for i := range reqs {
		q := &reqs[i]
		due, err := time.Parse(time.DateOnly, q.DueOn)
		if err != nil {
			continue
		}
		kind := Reminder(calendar.Today(q.CreatedAt), due, today)
		if kind == "" {
			continue
		}
		err = s.DB.Tx(ctx, func(tx *sql.Tx) error {
			n, err := s.notices(ctx, tx, now, muni, q, kind)
			if err != nil || n == 0 {
				return err
			}
			total += n
			return audit.Record(ctx, tx, now, muni, audit.System, "remind", "proposal_request", fmt.Sprint(q.ID), map[string]any{"fy": q.FY, "kind": kind, "notified": n})
		})
		if err != nil {
			return total, err
		}
	}
	return total, nil
}
