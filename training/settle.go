package training

import (
	"context"
	"fmt"

	"hagukumi/apperr"
	"hagukumi/audit"
)

// settlement names an enrolment that waits for someone's decision: an
// application (申込, decided by its decider) or a recommendation (推薦,
// selected by the center).
type settlement struct {
	what           string // 申込 or 推薦, for the conflict message
	waiting        string // the status it must still have
	acceptAction   string // audit actions
	declineAction  string
	declinedNotice string
	mustBeOpen     bool // the session must still take enrolments
}

// settle decides an enrolment under its session's lock: accepted, it takes
// a seat or the end of the waitlist; declined, it is closed with the
// reason. The person is told, and the decision audited with the chain head
// taken last (it is held for the fewest round trips).
func (s *Store) settle(ctx context.Context, by audit.Actor, muni int64, e *Enrolment, st settlement, accept bool, reason string) (string, error) {
	var status string
	err := s.write(ctx, muni, func(w *writeTx) error {
		// On SQLite the statements stay prepared on the writer (db.Writes).
		tx := s.DB.Writes(w.Tx)
		now := s.now()
		l, err := lockSession(ctx, tx, muni, e.SessionID, now)
		if err != nil {
			return err
		}
		if st.mustBeOpen {
			if err := openForEnrolment(l.x); err != nil {
				return err
			}
		}
		var cur string
		if err := tx.QueryRowContext(ctx, `SELECT status FROM enrolments WHERE id = $1`, e.ID).Scan(&cur); err != nil {
			return err
		}
		if cur != st.waiting {
			return apperr.New(apperr.Conflict, "この%sは既に処理されています（%s）。", st.what, EnrolStatusLabel(cur))
		}
		pos, kind, action := 0, st.declinedNotice, st.declineAction
		if accept {
			status, pos = l.seats.Next()
			kind, action = NoticeEnrolled, st.acceptAction
			if status == EnrolWaitlisted {
				kind = NoticeWaitlisted
			}
		} else {
			status = EnrolDeclined
		}
		if _, err := tx.ExecContext(ctx, `UPDATE enrolments SET status = $1, waitlist_pos = $2, reason = $3, updated_at = $4 WHERE id = $5`,
			status, pos, reason, now, e.ID); err != nil {
			return err
		}
		if err := s.notify(ctx, tx, now, muni, e.StaffID, kind, l.x, noticeExtra{Reason: reason}); err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, muni, by, action, "enrolment", fmt.Sprint(e.ID),
			map[string]any{"session_id": l.x.ID, "number": e.Number, "status": status, "reason": reason})
	})
	return status, err
}
