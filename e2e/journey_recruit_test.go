package e2e

import (
	"context"
	"encoding/base64"
	"fmt"
	"net"
	"net/http"
	"net/textproto"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"hagukumi/audit"
	"hagukumi/calendar"
	"hagukumi/db"
	"hagukumi/notify"
	"hagukumi/public"
	"hagukumi/recruit"
)

// mailbox is a real SMTP server on a 127.0.0.1 port that keeps what it
// receives, speaking just enough of the protocol for net/smtp.
type mailbox struct {
	ln   net.Listener
	mu   sync.Mutex
	msgs []string // "to\n\ndata"
}

func startMailbox(t *testing.T) *mailbox {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	m := &mailbox{ln: ln}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go m.serve(c)
		}
	}()
	t.Cleanup(func() { ln.Close() })
	return m
}

func (m *mailbox) serve(c net.Conn) {
	defer c.Close()
	c.SetDeadline(time.Now().Add(10 * time.Second))
	tp := textproto.NewConn(c)
	tp.PrintfLine("220 test.example ESMTP")
	var to []string
	for {
		line, err := tp.ReadLine()
		if err != nil {
			return
		}
		verb := strings.ToUpper(line)
		switch {
		case strings.HasPrefix(verb, "EHLO"):
			tp.PrintfLine("250-test.example")
			tp.PrintfLine("250 8BITMIME")
		case strings.HasPrefix(verb, "HELO"), strings.HasPrefix(verb, "MAIL FROM:"), verb == "RSET", verb == "NOOP":
			tp.PrintfLine("250 OK")
		case strings.HasPrefix(verb, "RCPT TO:"):
			to = append(to, strings.Trim(line[len("RCPT TO:"):], " <>"))
			tp.PrintfLine("250 OK")
		case verb == "DATA":
			tp.PrintfLine("354 go ahead")
			data, err := tp.ReadDotBytes()
			if err != nil {
				return
			}
			// The body is UTF-8 in base64 (notify.BuildMessage): decoded here.
			text := string(data)
			if head, body, ok := strings.Cut(strings.ReplaceAll(text, "\r\n", "\n"), "\n\n"); ok {
				if b, err := base64.StdEncoding.DecodeString(strings.NewReplacer("\r", "", "\n", "").Replace(body)); err == nil {
					text = head + "\n\n" + string(b)
				}
			}
			m.mu.Lock()
			m.msgs = append(m.msgs, strings.Join(to, ",")+"\n\n"+text)
			m.mu.Unlock()
			to = nil
			tp.PrintfLine("250 OK")
		case verb == "QUIT":
			tp.PrintfLine("221 Bye")
			return
		default:
			tp.PrintfLine("502 not here")
		}
	}
}

// to returns the messages sent to an address.
func (m *mailbox) to(addr string) []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []string
	for _, s := range m.msgs {
		if strings.HasPrefix(s, addr+"\n") {
			out = append(out, s)
		}
	}
	return out
}

var trackLinkRE = regexp.MustCompile(`/public/track/[A-Za-z0-9_-]+`)

// Journey (issue 15): a student registers for a briefing from a phone,
// receives the confirmation with the private link through a real SMTP
// server, cancels and registers again; the desk checks them in by the
// code of their QR code; the survey is answered once (a second answer is
// refused); the figures page counts them; after the retention run no
// personal data remains.
func TestJourneyRecruit(t *testing.T) {
	requireBrowser(t)
	base, adminPW, d := startServerDB(t)
	e := newBrowser(t, base)
	e.adminPassword = adminPW
	ctx := context.Background()
	box := startMailbox(t)
	mailer := &notify.Mailer{DB: d, Config: notify.Config{Addr: box.ln.Addr().String()}}

	// The center has published a briefing (as POST /api/v1/recruit-events does).
	var muni int64
	if err := d.R.QueryRow(`SELECT id FROM municipalities ORDER BY id LIMIT 1`).Scan(&muni); err != nil {
		t.Fatal(err)
	}
	st := &recruit.Store{DB: d, Pub: &public.Store{DB: d}}
	start := time.Now().Add(10 * 24 * time.Hour).Truncate(time.Hour)
	ev := recruit.Event{Title: "市役所職員採用説明会（ジャーニー）", Body: "各職種の職員が仕事を紹介します。", JobTypes: []string{"行政", "土木"}, Published: true,
		Sessions: []recruit.Session{{StartsAt: start, Place: "市役所本庁舎 大会議室", Capacity: 20}, {StartsAt: start.Add(48 * time.Hour), Place: "東京事務所", Capacity: 20}}}
	if err := st.CreateEvent(ctx, audit.System, muni, &ev); err != nil {
		t.Fatal(err)
	}
	const name, email = "採用 志望子", "shibouko.journey@example.jp"

	// ---- The student, on a phone.
	e.setViewport(phoneW, phoneH)
	if st := e.open("/public/recruit"); st != 200 {
		t.Fatalf("/public/recruit: %d", st)
	}
	e.checkPage("recruit-public-list")
	e.click(fmt.Sprintf(`a[href="/public/recruit/%d"]`, ev.ID))
	e.checkPage("recruit-public-event")
	register := func() string {
		e.open(fmt.Sprintf("/public/recruit/%d", ev.ID))
		e.typeInto("#name", name)
		e.typeInto("#kana", "サイヨウ シボウコ")
		e.typeInto("#email", email)
		e.typeInto("#university", "静岡大学")
		e.typeInto("#faculty", "法学部")
		e.typeInto("#graduation_year", fmt.Sprint(calendar.CurrentFY(time.Now())+2))
		e.selectByText("#interest", "行政")
		e.typeInto("#question", "配属はどのように決まりますか。")
		e.do(chromedp.Click(chromedp.CSS("#consent")))
		time.Sleep(3500 * time.Millisecond)
		e.click(`form[action$="/register"] button[type=submit]`)
		e.waitFor("the private link", `location.pathname.startsWith('/public/track/')`, 30*time.Second)
		if s := e.text(".state"); s != "登録済" {
			t.Fatalf("state %q, want 登録済 (error %q)", s, e.text(".error"))
		}
		return e.path()
	}
	track := register()
	e.checkPage("recruit-track")

	// The confirmation, through the SMTP server, holds the private link.
	if _, err := mailer.RunOnce(ctx); err != nil {
		t.Fatalf("mail: %v", err)
	}
	msgs := box.to(email)
	if len(msgs) != 1 || trackLinkRE.FindString(msgs[0]) != track {
		t.Fatalf("confirmation mails: %d, link %q, want %q", len(msgs), trackLinkRE.FindString(strings.Join(msgs, "")), track)
	}

	// The QR code image is served by the server.
	if ok := eval[bool](e, `(() => { const i = document.querySelector('img[src$="/qr.png"]'); return !!i && i.complete && i.naturalWidth > 100; })()`); !ok {
		t.Error("the QR code image is not shown")
	}

	// Cancel, then register again.
	e.click("#cancel")
	if s := e.text(".state"); s != "キャンセル済" {
		t.Fatalf("after cancelling: %q", s)
	}
	track = register()
	code := e.text("#checkin-code")
	if code == "" {
		t.Fatal("no check-in code on the private link")
	}

	// ---- The desk, on a tablet: the scanner types the code.
	e.setViewport(deskW, deskH)
	e.adminReady()
	e.open(fmt.Sprintf("/recruit/events/%d/desk", ev.ID))
	e.checkPage("recruit-desk")
	e.typeInto("#code", code)
	e.click("#checkin")
	if f := e.text(".flash"); !strings.Contains(f, name) || !strings.Contains(f, "受け付けました") {
		t.Fatalf("check-in: flash %q, error %q", f, e.text(".error"))
	}

	// ---- The survey, once.
	e.setViewport(phoneW, phoneH)
	e.open(track)
	if s := e.text(".state"); s != "参加済" {
		t.Fatalf("after check-in: %q", s)
	}
	e.do(chromedp.Click(chromedp.CSS(`input[name="satisfaction"][value="5"]`)))
	e.do(chromedp.Click(chromedp.CSS(`input[name="intent"][value="受験したい"]`)))
	e.typeInto("#comment", "職場の雰囲気がよく分かりました。")
	e.click(`form[action$="/survey"] button[type=submit]`)
	if body := e.text("main"); !strings.Contains(body, "ご回答ありがとうございました") {
		t.Fatalf("after the survey: %q", body)
	}
	res, err := http.PostForm(base+track+"/survey", url.Values{"satisfaction": {"1"}, "intent": {"受験しない"}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusConflict {
		t.Fatalf("second answer: %d, want 409", res.StatusCode)
	}

	// ---- The figures page counts them.
	e.setViewport(deskW, deskH)
	e.open(fmt.Sprintf("/recruit/events/%d/figures", ev.ID))
	e.checkPage("recruit-figures")
	if body := e.text("main"); !strings.Contains(body, "1（当日 0）") || !strings.Contains(body, "回答 1 件") || !strings.Contains(body, "静岡大学：1") {
		t.Fatalf("figures: %q", body)
	}
	e.open(fmt.Sprintf("/recruit/events/%d", ev.ID))
	e.checkPage("recruit-event")
	e.open("/recruit")
	e.checkPage("recruit-events")

	// ---- The retention run (what `hagukumi retention run --as-of` does),
	// the day after the end of the next fiscal year.
	asOf := calendar.FiscalYearEnd(calendar.FiscalYear(calendar.Today(start))+1).AddDate(0, 0, 1)
	if _, err := st.Purge(ctx, asOf); err != nil {
		t.Fatal(err)
	}
	if _, err := (&public.Store{DB: d}).Purge(ctx, asOf); err != nil {
		t.Fatal(err)
	}
	assertNoPersonalData(t, d, name, email, "サイヨウ", "配属はどのように決まりますか", "職場の雰囲気")
	e.open(fmt.Sprintf("/recruit/events/%d/figures", ev.ID))
	if body := e.text("main"); !strings.Contains(body, "1（当日 0）") || !strings.Contains(body, "削除済み") {
		t.Fatalf("figures after the purge: %q", body)
	}
	if st := e.open(track); st != 404 {
		t.Errorf("the private link answers %d after the purge", st)
	}
}

// assertNoPersonalData looks for each secret in every text column of every
// table, the audit log included.
func assertNoPersonalData(t *testing.T, d *db.DB, secrets ...string) {
	t.Helper()
	tables, err := db.QueryAll(context.Background(), d.R, func(r db.Scanner) (string, error) {
		var s string
		return s, r.Scan(&s)
	}, `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`)
	if err != nil {
		t.Fatal(err)
	}
	for _, table := range tables {
		rows, err := d.R.Query(`SELECT * FROM ` + table)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		for rows.Next() {
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			for i, v := range vals {
				s := fmt.Sprint(v)
				if b, ok := v.([]byte); ok {
					s = string(b)
				}
				for _, secret := range secrets {
					if strings.Contains(s, secret) {
						t.Errorf("%s.%s still holds %q", table, cols[i], secret)
					}
				}
			}
		}
		rows.Close()
	}
}
