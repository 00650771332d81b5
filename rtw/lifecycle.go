package rtw

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"hagukumi/apperr"
	"hagukumi/audit"
	"hagukumi/auth"
	"hagukumi/db"
	"hagukumi/notify"
)

// SetStep moves a case to a step ①–⑤. Reaching ⑤ with a return date
// schedules the follow-ups at 1, 3, 6 and 12 months.
func (s *Store) SetStep(ctx context.Context, u *auth.User, caseID int64, step int, returnedOn string) error {
	_, err := s.write(ctx, u.Municipality, u.Actor(), "rtw.step", func(tx *sql.Tx) (int64, any, error) {
		// Access first: a refused viewer learns nothing, not even that
		// the form was wrong.
		if err := s.access(ctx, tx, u, caseID); err != nil {
			return 0, nil, err
		}
		if StepLabels[step] == "" {
			return 0, nil, apperr.Fields(apperr.FieldErrors{"step": "段階は①〜⑤から選んでください。"})
		}
		var returned time.Time
		if returnedOn != "" {
			var err error
			if returned, err = time.Parse(time.DateOnly, returnedOn); err != nil {
				return 0, nil, apperr.Fields(apperr.FieldErrors{"returned_on": "復職日は 2027-04-01 の形で入力してください。"})
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE rtw_cases SET step = $1, returned_on = $2 WHERE id = $3`, step, returnedOn, caseID); err != nil {
			return 0, nil, err
		}
		if step == 5 && !returned.IsZero() {
			if _, err := tx.ExecContext(ctx, `DELETE FROM rtw_followups WHERE case_id = $1 AND done_at IS NULL`, caseID); err != nil {
				return 0, nil, err
			}
			for i, due := range FollowUps(returned) {
				if _, err := tx.ExecContext(ctx, `INSERT INTO rtw_followups (municipality_id, case_id, months, due) VALUES ($1, $2, $3, $4)`,
					u.Municipality, caseID, FollowUpMonths[i], due.Format(time.DateOnly)); err != nil {
					return 0, nil, err
				}
			}
		}
		return caseID, map[string]any{"step": step}, nil
	})
	return err
}

// Remind sends each assigned manager (through their linked staff record)
// a notice of a follow-up due within a week, once. The notice names no
// person and no content: only that a follow-up of a case is due, with the
// link, which answers only to the managers.
func (s *Store) Remind(ctx context.Context, muni int64) (int, error) {
	now := s.now()
	until := now.AddDate(0, 0, 7).Format(time.DateOnly)
	n := 0
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		type due struct {
			id, caseID, staffID int64
			months              int
			date                string
		}
		rows, err := db.QueryAll(ctx, tx, func(r db.Scanner) (due, error) {
			var d due
			return d, r.Scan(&d.id, &d.caseID, &d.staffID, &d.months, &d.date)
		}, `SELECT f.id, f.case_id, u.staff_id, f.months, f.due FROM rtw_followups f
			JOIN rtw_managers m ON m.case_id = f.case_id AND m.removed_at IS NULL JOIN users u ON u.id = m.user_id
			WHERE f.municipality_id = $1 AND f.done_at IS NULL AND f.reminded_at IS NULL AND f.due <= $2 AND u.staff_id IS NOT NULL`, muni, until)
		if err != nil {
			return err
		}
		for _, d := range rows {
			if err := notify.Write(ctx, tx, now, notify.Notice{Muni: muni, StaffID: d.staffID, Kind: "rtw_followup",
				Subject: "復職支援のフォローアップ面談が近づいています",
				Body:    fmt.Sprintf("復職後%dか月のフォローアップ面談の予定日（%s）が近づいています。", d.months, d.date),
				Link:    fmt.Sprintf("/rtw/%d", d.caseID)}); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `UPDATE rtw_followups SET reminded_at = $1 WHERE id = $2`, now, d.id); err != nil {
				return err
			}
			n++
		}
		if n == 0 {
			return nil
		}
		return audit.Record(ctx, tx, now, muni, audit.System, "rtw.remind", "rtw_case", "", map[string]int{"notices": n})
	})
	return n, err
}

// Close ends a case (completed follow-up, retirement or a decision);
// Reopen opens it again on relapse.
func (s *Store) Close(ctx context.Context, u *auth.User, caseID int64, reopen bool) error {
	action, status := "rtw.close", "closed"
	if reopen {
		action, status = "rtw.reopen", "open"
	}
	_, err := s.write(ctx, u.Municipality, u.Actor(), action, func(tx *sql.Tx) (int64, any, error) {
		if err := s.access(ctx, tx, u, caseID); err != nil {
			return 0, nil, err
		}
		var closed any
		if !reopen {
			closed = s.now()
		}
		_, err := tx.ExecContext(ctx, `UPDATE rtw_cases SET status = $1, closed_at = $2 WHERE id = $3 AND destroyed_at IS NULL`, status, closed, caseID)
		return caseID, nil, err
	})
	return err
}

// Destroy erases the content of cases closed more than years ago, leaving
// an anonymous record (step, dates), and audits each destruction.
func (s *Store) Destroy(ctx context.Context, muni int64, years int) (int, error) {
	now := s.now()
	n := 0
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		ids, err := db.Int64s(ctx, tx, `SELECT id FROM rtw_cases WHERE municipality_id = $1 AND closed_at IS NOT NULL AND closed_at <= $2 AND destroyed_at IS NULL`,
			muni, now.AddDate(-years, 0, 0))
		if err != nil {
			return err
		}
		for _, id := range ids {
			for _, q := range []string{`DELETE FROM rtw_notes WHERE case_id = $1`, `DELETE FROM rtw_disclosures WHERE case_id = $1`,
				`UPDATE rtw_consents SET what = '' WHERE case_id = $1`, `UPDATE rtw_adjustments SET text = '' WHERE case_id = $1`} {
				if _, err := tx.ExecContext(ctx, q, id); err != nil {
					return err
				}
			}
			if _, err := tx.ExecContext(ctx, `UPDATE rtw_cases SET content = '', destroyed_at = $1 WHERE id = $2`, now, id); err != nil {
				return err
			}
			if err := audit.Record(ctx, tx, now, muni, audit.System, "rtw.destroy", "rtw_case", fmt.Sprint(id), map[string]int{"retention_years": years}); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	return n, err
}
