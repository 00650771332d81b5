package training

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"hagukumi/apperr"
	"hagukumi/audit"
	"hagukumi/auth"
	"hagukumi/calendar"
	"hagukumi/notify"
)

// SessionEvents are a session's days as events. The UID names the
// municipality, session and day, so it stays the same however often the file
// is downloaded, and a calendar updates the event instead of adding one; the
// SEQUENCE is the session's revision, which every edit raises, so that
// calendar takes the new time, venue or cancellation.
func SessionEvents(muni int64, x *Session) []notify.Event {
	var desc []string
	desc = append(desc, calendar.FormatNendo(x.FY)+" "+x.Label())
	var ins []string
	for _, in := range x.Instructors {
		ins = append(ins, in.Name)
	}
	if len(ins) > 0 {
		desc = append(desc, "講師："+strings.Join(ins, "、"))
	}
	if x.Notes != "" {
		desc = append(desc, x.Notes)
	}
	out := make([]notify.Event, 0, len(x.Days))
	for _, d := range x.Days {
		out = append(out, notify.Event{
			UID:         fmt.Sprintf("m%d-session%d-%s@hagukumi", muni, x.ID, strings.ReplaceAll(d.Date, "-", "")),
			Sequence:    x.Revision,
			Date:        d.Date,
			Start:       d.Start,
			End:         d.End,
			Summary:     x.Label(),
			Location:    x.Venue,
			Description: strings.Join(desc, "\n"),
			Cancelled:   x.Status == SessionCancelled,
		})
	}
	return out
}

// organizer is the center of a municipality as calendars name it: its name
// and the center's configured mail address.
func (s *Store) organizer(center string) notify.Organizer {
	return notify.Organizer{Name: center, Email: s.CenterMail}
}

// sessionCalendar is the .ics file of one session, published by center.
func (s *Store) sessionCalendar(muni int64, x *Session, center string, stamp time.Time) notify.Calendar {
	return notify.Calendar{Name: x.Label(), Stamp: stamp, Organizer: s.organizer(center), Events: SessionEvents(muni, x)}
}

// centerName is the name of a municipality's center.
func (s *Store) centerName(ctx context.Context, muni int64) (string, error) {
	var center string
	err := s.DB.R.QueryRowContext(ctx, `SELECT center_name FROM municipalities WHERE id = $1`, muni).Scan(&center)
	return center, err
}

// SessionCalendar is the .ics file of one session, as its page offers it.
func (s *Store) SessionCalendar(ctx context.Context, muni int64, x *Session) (notify.Calendar, error) {
	center, err := s.centerName(ctx, muni)
	if err != nil {
		return notify.Calendar{}, err
	}
	return s.sessionCalendar(muni, x, center, s.now()), nil
}

func hashFeedToken(tok string) string {
	h := sha256.Sum256([]byte(tok))
	return hex.EncodeToString(h[:])
}

// NewFeedToken makes (or replaces) the secret of a user's personal iCal
// feed and returns it; only its SHA-256 is stored, so it is shown once.
func (s *Store) NewFeedToken(ctx context.Context, by audit.Actor, muni, userID int64) (string, error) {
	tok := auth.RandomToken()
	err := s.write(ctx, muni, func(w *writeTx) error {
		tx := w.Tx
		now := s.now()
		if _, err := tx.ExecContext(ctx, `INSERT INTO feed_tokens (municipality_id, user_id, token_hash, created_at) VALUES ($1, $2, $3, $4)
			ON CONFLICT (user_id) DO UPDATE SET token_hash = excluded.token_hash, created_at = excluded.created_at`, muni, userID, hashFeedToken(tok), now); err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, muni, by, "create", "feed_token", fmt.Sprint(userID), nil)
	})
	return tok, err
}

// RevokeFeedToken deletes a user's feed secret; the old URL stops working.
func (s *Store) RevokeFeedToken(ctx context.Context, by audit.Actor, muni, userID int64) error {
	return s.write(ctx, muni, func(w *writeTx) error {
		tx := w.Tx
		now := s.now()
		res, err := tx.ExecContext(ctx, `DELETE FROM feed_tokens WHERE user_id = $1 AND municipality_id = $2`, userID, muni)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil
		}
		return audit.Record(ctx, tx, now, muni, by, "delete", "feed_token", fmt.Sprint(userID), nil)
	})
}

// FeedTokenCreated tells when the user's current feed secret was made.
func (s *Store) FeedTokenCreated(ctx context.Context, userID int64) (time.Time, bool, error) {
	var at time.Time
	err := s.DB.R.QueryRowContext(ctx, `SELECT created_at FROM feed_tokens WHERE user_id = $1`, userID).Scan(&at)
	if errors.Is(err, sql.ErrNoRows) {
		return at, false, nil
	}
	return at, err == nil, err
}

// FeedOwner finds the municipality and staff member of a feed secret. A
// disabled account or one without a staff member has no feed.
func (s *Store) FeedOwner(ctx context.Context, tok string) (int64, int64, error) {
	var muni, staffID int64
	err := s.DB.R.QueryRowContext(ctx, `SELECT u.municipality_id, COALESCE(u.staff_id, 0) FROM feed_tokens f JOIN users u ON u.id = f.user_id
		WHERE f.token_hash = $1 AND u.disabled = FALSE`, hashFeedToken(tok)).Scan(&muni, &staffID)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && staffID == 0) {
		return 0, 0, apperr.NotFoundf("カレンダーが見つかりません。")
	}
	return muni, staffID, err
}

// FeedCalendar is a staff member's personal calendar: the days of every
// session they are enrolled on, from the previous fiscal year on.
func (s *Store) FeedCalendar(ctx context.Context, muni, staffID int64) (notify.Calendar, error) {
	c := notify.Calendar{Name: "わたしの研修", Stamp: s.now()}
	center, err := s.centerName(ctx, muni)
	if err != nil {
		return c, err
	}
	c.Organizer = s.organizer(center)
	list, err := s.EnrolmentsOfStaff(ctx, muni, staffID)
	if err != nil {
		return c, err
	}
	from := calendar.CurrentFY(s.now()) - 1
	for _, e := range list {
		if e.Status != EnrolEnrolled || e.FY < from {
			continue
		}
		x, err := s.SessionByID(ctx, muni, e.SessionID)
		if err != nil {
			return c, err
		}
		c.Events = append(c.Events, SessionEvents(muni, x)...)
	}
	return c, nil
}
