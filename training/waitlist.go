package training

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"hagukumi/audit"
	"hagukumi/db"
)

// promote fills free seats of a locked, planned session from its
// waitlist, in order, notifying each person promoted.
func (s *Store) promote(ctx context.Context, tx db.Q, c *audit.Chain, now time.Time, muni int64, by audit.Actor, x *Session) error {
	if x.Status != SessionPlanned {
		return nil // nobody is promoted onto a session that was held or cancelled
	}
	for {
		if x.Capacity > 0 {
			n, err := countEnrolled(ctx, tx, x.ID)
			if err != nil {
				return err
			}
			if n >= x.Capacity {
				return nil
			}
		}
		var id, staffID int64
		err := tx.QueryRowContext(ctx, `SELECT id, staff_id FROM enrolments WHERE session_id = $1 AND status = 'waitlisted' ORDER BY waitlist_pos, id LIMIT 1`, x.ID).Scan(&id, &staffID)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		} else if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE enrolments SET status = 'enrolled', waitlist_pos = 0, updated_at = $1 WHERE id = $2`, now, id); err != nil {
			return err
		}
		if err := c.Add(ctx, now, by, "promote", "enrolment", fmt.Sprint(id), map[string]any{"session_id": x.ID, "staff_id": staffID}); err != nil {
			return err
		}
		if err := s.notify(ctx, tx, now, muni, staffID, NoticePromoted, x, noticeExtra{}); err != nil {
			return err
		}
	}
}

// FillFromWaitlist promotes waitlisted people while seats are free, for
// example after the center raised a session's capacity.
func (s *Store) FillFromWaitlist(ctx context.Context, by audit.Actor, muni, sessionID int64) error {
	return s.write(ctx, muni, func(w *writeTx) error {
		tx := w.Tx
		now := s.now()
		l, err := lockSession(ctx, tx, muni, sessionID, now)
		if err != nil {
			return err
		}
		x := l.x
		if x.Status != SessionPlanned {
			return nil
		}
		c, err := audit.Begin(ctx, tx, muni)
		if err != nil {
			return err
		}
		if err := s.promote(ctx, tx, c, now, muni, by, x); err != nil {
			return err
		}
		return c.Close(ctx)
	})
}
