package training

import (
	"context"
	"fmt"
	"strings"

	"hagukumi/apperr"
	"hagukumi/audit"
	"hagukumi/staff"
)

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
		// On SQLite the statements stay prepared on the writer (db.Writes).
		tx := s.DB.Writes(w.Tx)
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
		if err := s.notify(ctx, tx, now, muni, e.StaffID, kind, l.x, noticeExtra{Reason: reason}); err != nil {
			return err
		}
		// The chain head last: it is held for the fewest round trips (auditLater).
		return audit.Record(ctx, tx, now, muni, by, action, "enrolment", fmt.Sprint(id),
			map[string]any{"session_id": l.x.ID, "number": e.Number, "status": status, "reason": reason})
	})
	return status, err
}
