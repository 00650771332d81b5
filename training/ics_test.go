package training_test

import (
	"context"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"hagukumi/apperr"
	"hagukumi/audit"
	"hagukumi/db"
	"hagukumi/db/dbtest"
	"hagukumi/training"
)

func TestEscapeICS(t *testing.T) {
	cases := map[string]string{
		"接遇研修":       "接遇研修",
		"A, B; C":    `A\, B\; C`,
		`back\slash`: `back\\slash`,
		"一行目\r\n二行目": `一行目\n二行目`,
	}
	for in, want := range cases {
		if got := training.EscapeICS(in); got != want {
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
		out := training.FoldICS(in)
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

func TestWriteICS(t *testing.T) {
	x := &training.Session{ID: 42, ProgramName: "新規採用職員研修", Title: "第1回", FY: 2025, Venue: "本庁舎 5階 大会議室, 東側",
		Instructors: []training.Instructor{{Name: "人事 太郎"}, {Name: "外部 講師"}},
		Days:        []training.Day{{Date: "2025-04-15", Start: "09:00", End: "17:00"}, {Date: "2025-04-16", Start: "09:30", End: "12:00"}}}
	a := training.SessionCalendar(7, x, time.Date(2025, 4, 1, 0, 0, 0, 0, time.UTC)).String()
	b := training.SessionCalendar(7, x, time.Date(2025, 4, 2, 0, 0, 0, 0, time.UTC)).String()
	if strings.Contains(strings.ReplaceAll(a, "\r\n", ""), "\n") {
		t.Fatal("bare LF")
	}
	for _, want := range []string{
		"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n",
		"BEGIN:VTIMEZONE\r\nTZID:Asia/Tokyo\r\n",
		"TZOFFSETTO:+0900\r\n",
		"UID:m7-session42-20250415@hagukumi\r\n",
		"UID:m7-session42-20250416@hagukumi\r\n",
		"DTSTAMP:20250401T000000Z\r\n",
		"DTSTART;TZID=Asia/Tokyo:20250415T090000\r\n",
		"DTEND;TZID=Asia/Tokyo:20250415T170000\r\n",
		"DTSTART;TZID=Asia/Tokyo:20250416T093000\r\n",
		"SUMMARY:新規採用職員研修 第1回\r\n",
		`LOCATION:本庁舎 5階 大会議室\, 東側` + "\r\n",
		"STATUS:CONFIRMED\r\n",
		"END:VCALENDAR\r\n",
	} {
		if !strings.Contains(a, want) {
			t.Errorf("ics lacks %q:\n%s", want, a)
		}
	}
	if strings.Count(a, "BEGIN:VEVENT") != 2 {
		t.Error("one VEVENT per day expected")
	}
	// UIDs do not depend on when the file was made.
	uids := func(s string) []string {
		var out []string
		for _, l := range strings.Split(s, "\r\n") {
			if strings.HasPrefix(l, "UID:") {
				out = append(out, l)
			}
		}
		return out
	}
	if strings.Join(uids(a), ",") != strings.Join(uids(b), ",") {
		t.Error("UIDs change between downloads")
	}
	for _, l := range strings.Split(a, "\r\n") {
		if len(l) > 75 {
			t.Errorf("unfolded long line %q", l)
		}
	}
	x.Status = training.SessionCancelled
	if c := training.SessionCalendar(7, x, time.Now()).String(); !strings.Contains(c, "STATUS:CANCELLED") {
		t.Error("a cancelled session is not marked")
	}
}

func TestFeedTokens(t *testing.T) {
	dbtest.ForEachBackend(t, func(t *testing.T, d *db.DB) {
		f := newPlanFixture(t, d)
		ctx := context.Background()
		user := f.staffUser(t, "P001")
		x := f.session(t, f.program(t, "SETTAI"), 2025, "", "研修室", 0, "2025-06-10 09:00 12:00", "2025-06-11 09:00 12:00")
		y := f.session(t, f.program(t, "COMPLIANCE"), 2025, "", "研修室", 0, "2025-07-10 09:00 12:00")
		if _, err := f.TS.Nominate(ctx, audit.System, f.Muni, x.ID, []string{"P001"}); err != nil {
			t.Fatal(err)
		}
		if _, err := f.TS.Nominate(ctx, audit.System, f.Muni, y.ID, []string{"P001"}); err != nil {
			t.Fatal(err)
		}
		if err := f.TS.Cancel(ctx, audit.System, f.Muni, f.scopeAll(), f.enrolmentID(t, y.ID, "P001"), "出張"); err != nil {
			t.Fatal(err)
		}
		tok, err := f.TS.NewFeedToken(ctx, audit.System, f.Muni, user)
		if err != nil || len(tok) < 40 {
			t.Fatalf("token %q %v", tok, err)
		}
		var stored string
		d.R.QueryRow(`SELECT token_hash FROM feed_tokens WHERE user_id = $1`, user).Scan(&stored)
		if stored == tok || strings.Contains(stored, tok) {
			t.Fatal("the token is stored in clear")
		}
		muni, staffID, err := f.TS.FeedOwner(ctx, tok)
		if err != nil || muni != f.Muni || staffID != f.staffID(t, "P001") {
			t.Fatalf("owner %d %d %v", muni, staffID, err)
		}
		cal, err := f.TS.FeedCalendar(ctx, muni, staffID)
		if err != nil || len(cal.Events) != 2 {
			t.Fatalf("feed: %d events %v", len(cal.Events), err)
		}
		// A new token replaces the old one.
		tok2, _ := f.TS.NewFeedToken(ctx, audit.System, f.Muni, user)
		if _, _, err := f.TS.FeedOwner(ctx, tok); apperr.CodeOf(err) != apperr.NotFound {
			t.Fatalf("old token still works: %v", err)
		}
		if _, ok, _ := f.TS.FeedTokenCreated(ctx, user); !ok {
			t.Fatal("no token recorded")
		}
		if err := f.TS.RevokeFeedToken(ctx, audit.System, f.Muni, user); err != nil {
			t.Fatal(err)
		}
		if _, _, err := f.TS.FeedOwner(ctx, tok2); apperr.CodeOf(err) != apperr.NotFound {
			t.Fatalf("revoked token works: %v", err)
		}
		f.verifyAudit(t, "create", "delete")
	})
}
