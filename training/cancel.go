package training

import (
	"context"
	"fmt"
	"strings"

	"hagukumi/apperr"
	"hagukumi/audit"
	"hagukumi/db"
)

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
