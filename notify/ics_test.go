package notify_test

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"hagukumi/notify"
)

func TestEscapeICS(t *testing.T) {
	cases := map[string]string{
		"接遇研修":       "接遇研修",
		"A, B; C":    `A\, B\; C`,
		`back\slash`: `back\\slash`,
		"一行目\r\n二行目": `一行目\n二行目`,
	}
	for in, want := range cases {
		if got := notify.EscapeICS(in); got != want {
			t.Errorf("EscapeICS(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestFoldICS(t *testing.T) {
	cases := []string{
		"SUMMARY:short",
		"DESCRIPTION:" + strings.Repeat("研修", 60),
		"LOCATION:" + strings.Repeat("a", 66), // exactly 75 octets: no fold
		"LOCATION:" + strings.Repeat("a", 67),
		"X:" + strings.Repeat("あa", 40),
	}
	for _, in := range cases {
		out := notify.FoldICS(in)
		if !strings.HasSuffix(out, "\r\n") {
			t.Fatalf("no CRLF: %q", out)
		}
		lines := strings.Split(strings.TrimSuffix(out, "\r\n"), "\r\n")
		for i, l := range lines {
			if len(l) > 75 {
				t.Errorf("line of %d octets: %q", len(l), l)
			}
			if !utf8.ValidString(l) {
				t.Errorf("a character was split: %q", l)
			}
			if i > 0 && !strings.HasPrefix(l, " ") {
				t.Errorf("continuation without a space: %q", l)
			}
		}
		if len(in) <= 75 && len(lines) != 1 {
			t.Errorf("folded a short line: %q", out)
		}
		unfolded := strings.ReplaceAll(strings.TrimSuffix(out, "\r\n"), "\r\n ", "")
		if unfolded != in {
			t.Errorf("unfolding gives %q, want %q", unfolded, in)
		}
	}
}

func TestWriteICSOrganizer(t *testing.T) {
	days := []notify.Event{
		{UID: "a@hagukumi", Sequence: 3, Date: "2025-04-15", Start: "09:00", End: "17:00", Summary: "研修"},
		{UID: "b@hagukumi", Sequence: 3, Date: "2025-04-16", Start: "09:00", End: "12:00", Summary: "研修"},
	}
	c := notify.Calendar{Stamp: time.Date(2025, 4, 1, 0, 0, 0, 0, time.UTC), Events: days,
		Organizer: notify.Organizer{Name: `藤枝市 "人財育成センター"`, Email: "jinzai@example.jp"}}
	published := c.String()
	if !strings.Contains(published, "\r\nMETHOD:PUBLISH\r\n") {
		t.Fatal("no METHOD:PUBLISH with an organizer")
	}
	for _, ev := range strings.Split(published, "BEGIN:VEVENT")[1:] {
		unfolded := strings.ReplaceAll(ev, "\r\n ", "")
		if !strings.Contains(unfolded, "\r\nORGANIZER;CN=\"藤枝市 人財育成センター\":mailto:jinzai@example.jp\r\n") {
			t.Errorf("event without the organizer:\n%s", unfolded)
		}
		if !strings.Contains(unfolded, "\r\nSEQUENCE:3\r\n") {
			t.Errorf("event without its SEQUENCE:\n%s", unfolded)
		}
	}
	// Without an address the file publishes nothing: no METHOD, no ORGANIZER.
	c.Organizer.Email = ""
	plain := c.String()
	if strings.Contains(plain, "METHOD:") || strings.Contains(plain, "ORGANIZER") {
		t.Fatalf("a calendar without organizer address:\n%s", plain)
	}
	// The attachment's media type follows the file's METHOD (RFC 6047).
	for ics, want := range map[string]string{published: "method=PUBLISH", plain: ""} {
		msg, err := notify.BuildMessage("jinzai@example.jp", "p@example.jp", "件名", "本文", ics, c.Stamp, "x@example.jp")
		if err != nil {
			t.Fatal(err)
		}
		i := strings.Index(string(msg), "Content-Type: text/calendar")
		line, _, _ := strings.Cut(string(msg[i:]), "\r\n")
		if has := strings.Contains(line, "method=PUBLISH"); has != (want != "") {
			t.Errorf("attachment type %q for a calendar with METHOD %v", line, want != "")
		}
	}
}
