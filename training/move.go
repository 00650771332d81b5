package training

import (
	"context"
	"fmt"

	"hagukumi/apperr"
	"hagukumi/audit"
	"hagukumi/staff"
)

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
		// On SQLite the statements stay prepared on the writer (db.Writes).
		tx := s.DB.Writes(w.Tx)
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
		clash, err := clashOf(ctx, tx, dest, e.StaffID)
		if err != nil {
			return err
		}
		if err := s.notify(ctx, tx, now, muni, e.StaffID, NoticeMoved, dest, noticeExtra{Status: status, From: from, Overlap: clash}); err != nil {
			return err
		}
		// The chain head after the move's own writes (auditLater); the
		// promotions below still write under it, in the chain's order.
		c, err := audit.Begin(ctx, tx, muni)
		if err != nil {
			return err
		}
		if err := c.Add(ctx, now, by, "move", "enrolment", fmt.Sprint(id),
			map[string]any{"number": e.Number, "from_session_id": from.ID, "to_session_id": dest.ID, "new_enrolment_id": newID, "status": status}); err != nil {
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
