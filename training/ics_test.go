package training_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"hagukumi/apperr"
	"hagukumi/audit"
	"hagukumi/db"
	"hagukumi/db/dbtest"
	"hagukumi/notify"
	"hagukumi/training"
)

func TestWriteICS(t *testing.T) {
	x := &training.Session{ID: 42, ProgramName: "新規採用職員研修", Title: "第1回", FY: 2025, Venue: "本庁舎 5階 大会議室, 東側",
		Instructors: []training.Instructor{{Name: "人事 太郎"}, {Name: "外部 講師"}},
		Days:        []training.Day{{Date: "2025-04-15", Start: "09:00", End: "17:00"}, {Date: "2025-04-16", Start: "09:30", End: "12:00"}}}
	cal := func(stamp time.Time) string {
		return notify.Calendar{Name: x.Label(), Stamp: stamp, Events: training.SessionEvents(7, x)}.String()
	}
	a := cal(time.Date(2025, 4, 1, 0, 0, 0, 0, time.UTC))
	b := cal(time.Date(2025, 4, 2, 0, 0, 0, 0, time.UTC))
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
	if c := cal(time.Now()); !strings.Contains(c, "STATUS:CANCELLED") {
		t.Error("a cancelled session is not marked")
	}
}

// TestSessionCalendarSequence checks the calendar a session's page offers:
// the center is its organizer, and an edit of the session raises the
// SEQUENCE, so a calendar that imported the file takes the change.
func TestSessionCalendarSequence(t *testing.T) {
	dbtest.ForEachBackend(t, func(t *testing.T, d *db.DB) {
		f := newPlanFixture(t, d)
		ctx := context.Background()
		f.TS.CenterMail = "jinzai@example.jp"
		x := f.session(t, f.program(t, "SETTAI"), 2025, "第1回", "研修室", 0, "2025-06-10 09:00 12:00")
		ics := func() string {
			t.Helper()
			y, err := f.TS.SessionByID(ctx, f.Muni, x.ID)
			if err != nil {
				t.Fatal(err)
			}
			c, err := f.TS.SessionCalendar(ctx, f.Muni, y)
			if err != nil {
				t.Fatal(err)
			}
			return strings.ReplaceAll(c.String(), "\r\n ", "")
		}
		before := ics()
		for _, want := range []string{"METHOD:PUBLISH\r\n", "ORGANIZER;CN=\"人財育成センター\":mailto:jinzai@example.jp\r\n", "SEQUENCE:0\r\n"} {
			if !strings.Contains(before, want) {
				t.Fatalf("ics lacks %q:\n%s", want, before)
			}
		}
		y, err := f.TS.SessionByID(ctx, f.Muni, x.ID)
		if err != nil {
			t.Fatal(err)
		}
		y.Venue = "大会議室"
		if err := f.TS.SaveSession(ctx, audit.System, f.Muni, y); err != nil {
			t.Fatal(err)
		}
		if after := ics(); !strings.Contains(after, "SEQUENCE:1\r\n") || !strings.Contains(after, "LOCATION:大会議室") {
			t.Fatalf("after an edit:\n%s", after)
		}
		// The mail of a decision carries the same organizer.
		if _, err := f.TS.Nominate(ctx, audit.System, f.Muni, x.ID, []string{"P001"}); err != nil {
			t.Fatal(err)
		}
		var subject, body, attached string
		if err := d.R.QueryRow(`SELECT subject, body, ics FROM mail_queue WHERE to_addr = 'p001@example.jp'`).Scan(&subject, &body, &attached); err != nil {
			t.Fatal(err)
		}
		if subject != "【受講決定通知】接遇研修" {
			t.Fatalf("subject %q", subject)
		}
		for _, want := range []string{"職員 1郎 様", "受講が決定しました", "研修名：接遇研修（第1回）", "令和7年6月10日（火） 9:00〜12:00", "会　場：大会議室", "藤枝市 人財育成センター"} {
			if !strings.Contains(body, want) {
				t.Fatalf("mail text lacks %q:\n%s", want, body)
			}
		}
		if !strings.Contains(strings.ReplaceAll(attached, "\r\n ", ""), "ORGANIZER;CN=\"人財育成センター\":mailto:jinzai@example.jp") {
			t.Fatalf("mailed calendar:\n%s", attached)
		}
	})
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
		if err := f.TS.Cancel(ctx, audit.System, f.Muni, center, f.enrolmentID(t, y.ID, "P001"), "出張"); err != nil {
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
