package training

import (
	"context"
	"fmt"
	"strings"

	"hagukumi/apperr"
	"hagukumi/audit"
	"hagukumi/staff"
)

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
		// On SQLite the statements stay prepared on the writer (db.Writes).
		tx := s.DB.Writes(w.Tx)
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
		if err := s.notify(ctx, tx, now, muni, e.StaffID, kind, x, noticeExtra{Reason: reason}); err != nil {
			return err
		}
		// The chain head last: it is held for the fewest round trips (auditLater).
		return audit.Record(ctx, tx, now, muni, by, action, "enrolment", fmt.Sprint(id),
			map[string]any{"session_id": x.ID, "number": e.Number, "status": status, "reason": reason})
	})
	return status, err
}
