package training

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"hagukumi/apperr"
	"hagukumi/audit"
	"hagukumi/db"
	"hagukumi/staff"
)

// Report statuses of a 受講報告書.
const (
	ReportDraft     = "draft"
	ReportSubmitted = "submitted"
	ReportReturned  = "returned"
	ReportAccepted  = "accepted"
)

// ReportLabel is the Japanese name of a report status.
func ReportLabel(status string) string {
	switch status {
	case ReportSubmitted:
		return "提出済み（確認待ち）"
	case ReportReturned:
		return "差戻し"
	case ReportAccepted:
		return "承認済み"
	case ReportDraft:
		return "下書き"
	}
	return "未作成"
}

// Report is a trainee's report on a session, reviewed by their 所属長.
type Report struct {
	ID            int64      `json:"id"`
	SessionID     int64      `json:"session_id"`
	StaffID       int64      `json:"-"`
	Number        string     `json:"number"`
	Name          string     `json:"name"`
	Unit          string     `json:"unit"`
	Session       string     `json:"session"`
	First         string     `json:"first"`
	Body          string     `json:"body"`
	Status        string     `json:"status"` // "" when not written yet
	ReviewComment string     `json:"review_comment"`
	Reviewer      string     `json:"reviewer,omitempty"`
	SubmittedAt   *time.Time `json:"submitted_at,omitempty"`
	ReviewedAt    *time.Time `json:"reviewed_at,omitempty"`
}

// StatusLabel is the Japanese status.
func (r *Report) StatusLabel() string { return ReportLabel(r.Status) }

// UnitDisplay is the unit path with spaces.
func (r *Report) UnitDisplay() string { return recUnitDisplay(r.Unit) }

// Editable tells whether the trainee may still change the report.
func (r *Report) Editable() bool {
	return r.Status == "" || r.Status == ReportDraft || r.Status == ReportReturned
}

const reportCols = `r.id, r.session_id, r.staff_id, s.number, s.family_name, s.given_name, COALESCE(o.path, ''),
	p.name || CASE WHEN t.title = '' THEN '' ELSE ' ' || t.title END,
	COALESCE((SELECT MIN(day) FROM session_days d WHERE d.session_id = t.id), ''),
	r.body, r.status, r.review_comment, COALESCE(u.display_name, ''), r.submitted_at, r.reviewed_at`

const reportFrom = ` FROM reports r JOIN staff s ON s.id = r.staff_id LEFT JOIN org_units o ON o.id = s.unit_id
	JOIN sessions_training t ON t.id = r.session_id JOIN programs p ON p.id = t.program_id LEFT JOIN users u ON u.id = r.reviewer_user_id `

func scanReport(row db.Scanner) (*Report, error) {
	var r Report
	var fam, given string
	var sub, rev sql.NullTime
	err := row.Scan(&r.ID, &r.SessionID, &r.StaffID, &r.Number, &fam, &given, &r.Unit, &r.Session, &r.First,
		&r.Body, &r.Status, &r.ReviewComment, &r.Reviewer, &sub, &rev)
	r.Name = recName(fam, given)
	if sub.Valid {
		r.SubmittedAt = &sub.Time
	}
	if rev.Valid {
		r.ReviewedAt = &rev.Time
	}
	return &r, err
}

// ReportOf loads a staff member's report on a session; when none is written
// yet it returns an empty one (ID 0, Status "").
func (s *Store) ReportOf(ctx context.Context, muni, sessionID, staffID int64) (*Report, error) {
	r, err := scanReport(s.DB.R.QueryRowContext(ctx, `SELECT `+reportCols+reportFrom+`WHERE r.municipality_id = $1 AND r.session_id = $2 AND r.staff_id = $3`,
		muni, sessionID, staffID))
	if errors.Is(err, sql.ErrNoRows) {
		return &Report{SessionID: sessionID, StaffID: staffID}, nil
	}
	return r, err
}

// SaveReport writes the trainee's report as a draft or submits it. A
// submitted or accepted report cannot be changed; a returned one can and is
// submitted again.
func (s *Store) SaveReport(ctx context.Context, by audit.Actor, muni, sessionID, staffID int64, body string, submit bool) error {
	body = strings.TrimSpace(strings.ReplaceAll(body, "\r\n", "\n"))
	if utf8.RuneCountInString(body) > 10000 {
		return apperr.Invalidf("報告書は10000文字以内で入力してください。")
	}
	if submit && utf8.RuneCountInString(body) < 10 {
		return apperr.Invalidf("報告書の本文を入力してから提出してください（10文字以上）。")
	}
	return s.write(ctx, muni, func(w *writeTx) error {
		tx := w.Tx
		now := s.now()
		var id int64
		var status string
		err := tx.QueryRowContext(ctx, `SELECT id, status FROM reports WHERE municipality_id = $1 AND session_id = $2 AND staff_id = $3`, muni, sessionID, staffID).Scan(&id, &status)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if status == ReportSubmitted || status == ReportAccepted {
			return apperr.New(apperr.Conflict, "提出済みの報告書は変更できません。")
		}
		next := ReportDraft
		var submitted any
		if submit {
			next, submitted = ReportSubmitted, now
		}
		if id == 0 {
			err = tx.QueryRowContext(ctx, `INSERT INTO reports (municipality_id, session_id, staff_id, body, status, submitted_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
				muni, sessionID, staffID, body, next, submitted).Scan(&id)
		} else {
			_, err = tx.ExecContext(ctx, `UPDATE reports SET body = $1, status = $2, submitted_at = $3 WHERE id = $4`, body, next, submitted, id)
		}
		if err != nil {
			return err
		}
		action := "save"
		if submit {
			action = "submit"
		}
		return audit.Record(ctx, tx, now, muni, by, action, "report", fmt.Sprint(id), map[string]any{"session_id": sessionID, "staff_id": staffID, "status": next})
	})
}

// Reports lists reports of the staff within a scope, by status ("" for all).
func (s *Store) Reports(ctx context.Context, muni int64, sc staff.Scope, status string) ([]*Report, error) {
	args := []any{muni}
	w := "r.municipality_id = $1" + sc.And("s.id", "o.path", &args)
	if status != "" {
		args = append(args, status)
		w += fmt.Sprintf(" AND r.status = $%d", len(args))
	} else {
		w += " AND r.status <> 'draft'"
	}
	return db.QueryAll(ctx, s.DB.R, scanReport, `SELECT `+reportCols+reportFrom+`WHERE `+w+` ORDER BY r.submitted_at, r.id`, args...)
}

// ReviewReport accepts or returns (with a comment) a submitted report. The
// reviewer's scope must cover the trainee (else NotFound), and nobody
// reviews their own report. Completion follows in the same transaction.
func (s *Store) ReviewReport(ctx context.Context, by audit.Actor, muni int64, sc staff.Scope, reviewerStaffID, reportID int64, accept bool, comment string) error {
	comment = strings.TrimSpace(comment)
	if !accept && comment == "" {
		return apperr.Invalidf("差し戻す理由をコメントに入力してください。")
	}
	if utf8.RuneCountInString(comment) > 2000 {
		return apperr.Invalidf("コメントは2000文字以内で入力してください。")
	}
	return s.write(ctx, muni, func(w *writeTx) error {
		tx := w.Tx
		now := s.now()
		args := []any{muni, reportID}
		r, err := scanReport(tx.QueryRowContext(ctx, `SELECT `+reportCols+reportFrom+`WHERE r.municipality_id = $1 AND r.id = $2`+sc.And("s.id", "o.path", &args), args...))
		if errors.Is(err, sql.ErrNoRows) {
			return apperr.NotFoundf("報告書が見つかりません。")
		} else if err != nil {
			return err
		}
		if reviewerStaffID != 0 && r.StaffID == reviewerStaffID {
			return apperr.New(apperr.Forbidden, "ご自身の報告書は確認できません。")
		}
		if r.Status != ReportSubmitted {
			return apperr.New(apperr.Conflict, "この報告書は確認待ちではありません（%s）。", r.StatusLabel())
		}
		next := ReportReturned
		if accept {
			next = ReportAccepted
		}
		if err := audit.Record(ctx, tx, now, muni, by, "review", "report", fmt.Sprint(r.ID), map[string]any{"status": next, "comment": comment}); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE reports SET status = $1, review_comment = $2, reviewer_user_id = $3, reviewed_at = $4 WHERE id = $5`,
			next, comment, nullID(by.UserID), now, r.ID); err != nil {
			return err
		}
		return s.recompute(ctx, w, r.SessionID, []int64{r.StaffID})
	})
}
