package training

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"hagukumi/apperr"
	"hagukumi/audit"
	"hagukumi/auth"
	"hagukumi/calendar"
)

// Event is one VEVENT: a session day in Japan time.
type Event struct {
	UID         string
	Date        string // YYYY-MM-DD
	Start, End  string // HH:MM
	Summary     string
	Location    string
	Description string
	Cancelled   bool
}

// Calendar is an iCalendar file (RFC 5545) of session days.
type Calendar struct {
	Name   string
	Stamp  time.Time // DTSTAMP of every event
	Events []Event
}

// vtimezone describes Asia/Tokyo: no daylight saving since 1951, so one
// STANDARD rule is the whole story.
var vtimezone = []string{
	"BEGIN:VTIMEZONE", "TZID:Asia/Tokyo",
	"BEGIN:STANDARD", "DTSTART:19700101T000000", "TZOFFSETFROM:+0900", "TZOFFSETTO:+0900", "TZNAME:JST", "END:STANDARD",
	"END:VTIMEZONE",
}

// WriteICS writes the calendar with CRLF line ends, text escaped, and
// lines folded at 75 octets without splitting a UTF-8 character.
func WriteICS(w io.Writer, c Calendar) error {
	var b strings.Builder
	line := func(s string) { b.WriteString(FoldICS(s)) }
	line("BEGIN:VCALENDAR")
	line("VERSION:2.0")
	line("PRODID:-//Hagukumi//Training Calendar//JA")
	line("CALSCALE:GREGORIAN")
	line("METHOD:PUBLISH")
	if c.Name != "" {
		line("X-WR-CALNAME:" + EscapeICS(c.Name))
	}
	line("X-WR-TIMEZONE:Asia/Tokyo")
	for _, l := range vtimezone {
		line(l)
	}
	stamp := c.Stamp.UTC().Format("20060102T150405Z")
	for _, e := range c.Events {
		day := strings.ReplaceAll(e.Date, "-", "")
		line("BEGIN:VEVENT")
		line("UID:" + e.UID)
		line("DTSTAMP:" + stamp)
		line("DTSTART;TZID=Asia/Tokyo:" + day + "T" + strings.ReplaceAll(e.Start, ":", "") + "00")
		line("DTEND;TZID=Asia/Tokyo:" + day + "T" + strings.ReplaceAll(e.End, ":", "") + "00")
		line("SUMMARY:" + EscapeICS(e.Summary))
		if e.Location != "" {
			line("LOCATION:" + EscapeICS(e.Location))
		}
		if e.Description != "" {
			line("DESCRIPTION:" + EscapeICS(e.Description))
		}
		if e.Cancelled {
			line("STATUS:CANCELLED")
		} else {
			line("STATUS:CONFIRMED")
		}
		line("END:VEVENT")
	}
	line("END:VCALENDAR")
	_, err := io.WriteString(w, b.String())
	return err
}

// String is the calendar as text.
func (c Calendar) String() string {
	var b strings.Builder
	WriteICS(&b, c)
	return b.String()
}

// EscapeICS escapes a TEXT value: backslash, semicolon, comma and newlines.
func EscapeICS(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	return icsEscaper.Replace(s)
}

var icsEscaper = strings.NewReplacer(`\`, `\\`, ";", `\;`, ",", `\,`, "\n", `\n`)

// FoldICS ends a content line with CRLF, folding it so that no line is
// longer than 75 octets; a continuation line starts with one space.
func FoldICS(s string) string {
	var b strings.Builder
	n := 0
	for i := 0; i < len(s); {
		_, size := utf8.DecodeRuneInString(s[i:])
		if n+size > 75 {
			b.WriteString("\r\n ")
			n = 1
		}
		b.WriteString(s[i : i+size])
		n += size
		i += size
	}
	b.WriteString("\r\n")
	return b.String()
}

// SessionEvents are a session's days as events. The UID names the
// municipality, session and day, so it stays the same however often the file
// is downloaded, and a calendar updates the event instead of adding one.
func SessionEvents(muni int64, x *Session) []Event {
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
	out := make([]Event, 0, len(x.Days))
	for _, d := range x.Days {
		out = append(out, Event{
			UID:         fmt.Sprintf("m%d-session%d-%s@hagukumi", muni, x.ID, strings.ReplaceAll(d.Date, "-", "")),
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

// SessionCalendar is the .ics file of one session.
func SessionCalendar(muni int64, x *Session, stamp time.Time) Calendar {
	return Calendar{Name: x.Label(), Stamp: stamp, Events: SessionEvents(muni, x)}
}

func hashFeedToken(tok string) string {
	h := sha256.Sum256([]byte(tok))
	return hex.EncodeToString(h[:])
}

// NewFeedToken makes (or replaces) the secret of a user's personal iCal
// feed and returns it; only its SHA-256 is stored, so it is shown once.
func (s *Store) NewFeedToken(ctx context.Context, by audit.Actor, muni, userID int64) (string, error) {
	tok := auth.RandomToken()
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
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
	return s.DB.Tx(ctx, func(tx *sql.Tx) error {
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
func (s *Store) FeedCalendar(ctx context.Context, muni, staffID int64) (Calendar, error) {
	c := Calendar{Name: "わたしの研修", Stamp: s.now()}
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
