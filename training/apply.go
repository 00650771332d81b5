package training

import (
	"context"
	"fmt"

	"hagukumi/apperr"
	"hagukumi/audit"
	"hagukumi/staff"
)

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
		// On SQLite the statements stay prepared on the writer (db.Writes).
		tx := s.DB.Writes(w.Tx)
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
		clash, err := clashOf(ctx, tx, x, staffID)
		if err != nil {
			return err
		}
		if err := s.notify(ctx, tx, now, muni, staffID, NoticeApplied, x, noticeExtra{Overlap: clash}); err != nil {
			return err
		}
		if err := s.notifyDecider(ctx, tx, now, muni, staffID, x); err != nil {
			return err
		}
		// The chain head last: it is held for the fewest round trips (auditLater).
		return audit.Record(ctx, tx, now, muni, by, "apply", "enrolment", fmt.Sprint(id), map[string]any{"session_id": x.ID, "staff_id": staffID, "status": d.Status})
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
