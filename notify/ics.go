package notify

import (
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"
)

// Event is one VEVENT: a session day in Japan time.
type Event struct {
	UID         string
	Sequence    int    // grows with every change of the event, so calendars apply updates
	Date        string // YYYY-MM-DD
	Start, End  string // HH:MM
	Summary     string
	Location    string
	Description string
	Cancelled   bool
}

// Organizer is who publishes the events: the center, by name and mail address.
type Organizer struct {
	Name  string
	Email string
}

// Calendar is an iCalendar file (RFC 5545) of session days.
type Calendar struct {
	Name      string
	Stamp     time.Time // DTSTAMP of every event
	Organizer Organizer
	Events    []Event
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
//
// METHOD:PUBLISH is written only with an organizer: iTIP (RFC 5546) requires
// an ORGANIZER on every published event, and libical rejects the file
// without one. With no organizer address configured the file is a plain
// calendar without METHOD, which every client imports as well.
func WriteICS(w io.Writer, c Calendar) error {
	var b strings.Builder
	line := func(s string) { b.WriteString(FoldICS(s)) }
	publish := c.Organizer.Email != ""
	line("BEGIN:VCALENDAR")
	line("VERSION:2.0")
	line("PRODID:-//Hagukumi//Training Calendar//JA")
	line("CALSCALE:GREGORIAN")
	if publish {
		line("METHOD:PUBLISH")
	}
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
		line(fmt.Sprintf("SEQUENCE:%d", e.Sequence))
		line("DTSTAMP:" + stamp)
		if publish {
			line("ORGANIZER" + organizerName(c.Organizer.Name) + ":mailto:" + c.Organizer.Email)
		}
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

// organizerName is the CN parameter of ORGANIZER, quoted; a parameter value
// cannot hold a double quote or a control character, so they are dropped.
func organizerName(name string) string {
	name = strings.Map(func(r rune) rune {
		if r == '"' || r < 0x20 || r == 0x7f {
			return -1
		}
		return r
	}, name)
	if name == "" {
		return ""
	}
	return `;CN="` + name + `"`
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
