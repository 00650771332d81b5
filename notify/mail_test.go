package notify_test

import (
	"context"
	"database/sql"
	"encoding/base64"
	"io"
	"log/slog"
	"mime"
	"mime/multipart"
	"net"
	"net/mail"
	"net/textproto"
	"strings"
	"sync"
	"testing"
	"time"

	"hagukumi/apperr"
	"hagukumi/audit"
	"hagukumi/calendar"
	"hagukumi/db"
	"hagukumi/db/dbtest"
	"hagukumi/notify"
	"hagukumi/staff"
)

// smtpServer is a real SMTP server on a TCP port, speaking just enough of
// the protocol (EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT) to accept
// mail from net/smtp.
type smtpServer struct {
	ln   net.Listener
	mu   sync.Mutex
	msgs []smtpMessage
	auth []string // the decoded AUTH PLAIN responses
	wg   sync.WaitGroup
}

type smtpMessage struct {
	From string
	To   []string
	Data string
}

func startSMTP(t *testing.T, addr string) *smtpServer {
	t.Helper()
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	s := &smtpServer{ln: ln}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			s.wg.Add(1)
			go func() {
				defer s.wg.Done()
				s.serve(c)
			}()
		}
	}()
	t.Cleanup(func() { ln.Close(); s.wg.Wait() })
	return s
}

func (s *smtpServer) serve(c net.Conn) {
	defer c.Close()
	c.SetDeadline(time.Now().Add(10 * time.Second))
	tp := textproto.NewConn(c)
	tp.PrintfLine("220 test.example ESMTP")
	var cur smtpMessage
	for {
		line, err := tp.ReadLine()
		if err != nil {
			return
		}
		verb := strings.ToUpper(line)
		switch {
		case strings.HasPrefix(verb, "EHLO"):
			tp.PrintfLine("250-test.example greets you")
			tp.PrintfLine("250-AUTH PLAIN")
			tp.PrintfLine("250 8BITMIME")
		case strings.HasPrefix(verb, "AUTH PLAIN "):
			resp, _ := base64.StdEncoding.DecodeString(line[len("AUTH PLAIN "):])
			s.mu.Lock()
			s.auth = append(s.auth, string(resp))
			s.mu.Unlock()
			tp.PrintfLine("235 Authentication successful")
		case strings.HasPrefix(verb, "HELO"):
			tp.PrintfLine("250 test.example")
		case strings.HasPrefix(verb, "MAIL FROM:"):
			cur = smtpMessage{From: angle(line)}
			tp.PrintfLine("250 OK")
		case strings.HasPrefix(verb, "RCPT TO:"):
			cur.To = append(cur.To, angle(line))
			tp.PrintfLine("250 OK")
		case verb == "DATA":
			tp.PrintfLine("354 End data with <CR><LF>.<CR><LF>")
			data, err := tp.ReadDotBytes()
			if err != nil {
				return
			}
			cur.Data = string(data)
			s.mu.Lock()
			s.msgs = append(s.msgs, cur)
			s.mu.Unlock()
			tp.PrintfLine("250 OK queued")
		case verb == "RSET":
			cur = smtpMessage{}
			tp.PrintfLine("250 OK")
		case verb == "NOOP":
			tp.PrintfLine("250 OK")
		case verb == "QUIT":
			tp.PrintfLine("221 Bye")
			return
		default:
			tp.PrintfLine("502 Command not implemented")
		}
	}
}

// angle is the address in <…> of a MAIL or RCPT line (parameters such as
// BODY=8BITMIME may follow it).
func angle(line string) string {
	_, rest, _ := strings.Cut(line, "<")
	addr, _, _ := strings.Cut(rest, ">")
	return addr
}

func (s *smtpServer) messages() []smtpMessage {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]smtpMessage(nil), s.msgs...)
}

// freeAddr finds a local port nobody listens on.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

// decodeMail reads a received mail: its decoded subject, its text and its
// calendar attachment.
func decodeMail(t *testing.T, data string) (subject, text, ics string) {
	t.Helper()
	m, err := mail.ReadMessage(strings.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	subject, err = new(mime.WordDecoder).DecodeHeader(m.Header.Get("Subject"))
	if err != nil {
		t.Fatal(err)
	}
	decode := func(r io.Reader) string {
		b, err := io.ReadAll(base64.NewDecoder(base64.StdEncoding, r))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	mt, params, err := mime.ParseMediaType(m.Header.Get("Content-Type"))
	if err != nil {
		t.Fatal(err)
	}
	if mt != "multipart/mixed" {
		return subject, decode(m.Body), ""
	}
	mr := multipart.NewReader(m.Body, params["boundary"])
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		if strings.HasPrefix(p.Header.Get("Content-Type"), "text/calendar") {
			ics = decode(p)
		} else {
			text = decode(p)
		}
	}
	return subject, text, ics
}

func TestBackoff(t *testing.T) {
	cases := map[int]time.Duration{0: time.Minute, 1: time.Minute, 2: 2 * time.Minute, 3: 4 * time.Minute, 6: 32 * time.Minute, 7: time.Hour, 50: time.Hour}
	for n, want := range cases {
		if got := notify.Backoff(n); got != want {
			t.Errorf("Backoff(%d) = %v, want %v", n, got, want)
		}
	}
}

func TestBuildMessagePlain(t *testing.T) {
	msg, err := notify.BuildMessage("center@example.jp", "p001@example.jp", "【受講決定通知】接遇研修", "本文です。\n二行目", "",
		time.Date(2025, 5, 1, 1, 0, 0, 0, time.UTC), "x@example.jp")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(strings.ReplaceAll(string(msg), "\r\n", ""), "\n") {
		t.Fatal("bare LF in the message")
	}
	subject, text, ics := decodeMail(t, string(msg))
	if subject != "【受講決定通知】接遇研修" || text != "本文です。\r\n二行目" || ics != "" {
		t.Fatalf("decoded %q %q %q", subject, text, ics)
	}
	if !strings.Contains(string(msg), "Date: Thu, 01 May 2025 10:00:00 +0900") {
		t.Fatalf("date header in Japan time: %s", msg)
	}
}

// queueOne writes a notice with a mail to a staff member of a fresh
// municipality and returns the store's clock.
func queueOne(t *testing.T, d *db.DB, now *time.Time, n notify.Notice) int64 {
	t.Helper()
	ctx := context.Background()
	ss := &staff.Store{DB: d, Now: func() time.Time { return *now }}
	m, err := ss.EnsureMunicipality(ctx)
	if err != nil {
		t.Fatal(err)
	}
	csv := "職員番号,氏名,採用日,雇用区分\nP001,職員 一郎,2020-04-01,正規\n"
	if res, err := ss.Import(ctx, m.ID, audit.System, "staff.csv", []byte(csv), staff.ImportOptions{AsOf: calendar.D(2025, 4, 1)}); err != nil || len(res.Errors) > 0 {
		t.Fatalf("import: %v %+v", err, res.Errors)
	}
	p, err := ss.ByNumber(ctx, m.ID, staff.Scope{}, "P001")
	if err != nil {
		t.Fatal(err)
	}
	n.Muni, n.StaffID = m.ID, p.ID
	if err := d.Tx(ctx, func(tx *sql.Tx) error { return notify.Write(ctx, tx, *now, n) }); err != nil {
		t.Fatal(err)
	}
	return m.ID
}

func TestWriteNotice(t *testing.T) {
	dbtest.ForEachBackend(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		now := time.Date(2025, 5, 1, 1, 0, 0, 0, time.UTC)
		muni := queueOne(t, d, &now, notify.Notice{Kind: "enrolled", Subject: "件名", Body: "本文", Link: "/sessions/1"})
		var staffID int64
		d.R.QueryRow(`SELECT staff_id FROM notifications`).Scan(&staffID)
		s := &notify.Store{DB: d, Now: func() time.Time { return now }}
		list, unread, err := s.Notifications(ctx, muni, staffID, 10)
		if err != nil || len(list) != 1 || unread != 1 || list[0].Subject != "件名" || list[0].Link != "/sessions/1" || !list[0].Unread() {
			t.Fatalf("notices %+v %d %v", list, unread, err)
		}
		var mails int
		d.R.QueryRow(`SELECT COUNT(*) FROM mail_queue`).Scan(&mails)
		if mails != 0 {
			t.Fatal("a mail was queued for someone without an address")
		}
		if n, err := s.MarkRead(ctx, audit.System, muni, staffID+1, list[0].ID); apperr.CodeOf(err) != apperr.NotFound || n != 0 {
			t.Fatalf("another person marked the notice read: %d %v", n, err)
		}
		if n, err := s.MarkRead(ctx, audit.System, muni, staffID, 0); err != nil || n != 1 {
			t.Fatalf("mark read: %d %v", n, err)
		}
		if _, unread, _ := s.Notifications(ctx, muni, staffID, 10); unread != 0 {
			t.Fatalf("%d unread after marking all", unread)
		}
	})
}

func TestMailerDeliversAfterRelayComesUp(t *testing.T) {
	dbtest.ForEachBackend(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		now := time.Date(2025, 5, 1, 1, 0, 0, 0, time.UTC)
		cal := notify.Calendar{Stamp: now, Organizer: notify.Organizer{Name: "人財育成センター", Email: "jinzai@example.jp"},
			Events: []notify.Event{{UID: "u1@hagukumi", Date: "2025-06-10", Start: "13:30", End: "16:30", Summary: "接遇研修 第1回"}}}
		queueOne(t, d, &now, notify.Notice{Kind: "enrolled", Subject: "【受講決定通知】接遇研修", Body: "職員 一郎 様\n\n受講が決定しました。",
			Email: "p001@example.jp", ICS: cal.String()})
		clock := func() time.Time { return now }
		addr := freeAddr(t)
		m := &notify.Mailer{DB: d, Config: notify.Config{Addr: addr, From: "jinzai@example.jp"}, Now: clock, Timeout: 2 * time.Second,
			Log: slog.New(slog.NewTextHandler(io.Discard, nil))}

		// The relay is down: the attempt is recorded and postponed.
		n, err := m.RunOnce(ctx)
		if err == nil || n != 0 {
			t.Fatalf("send with the relay down: %d %v", n, err)
		}
		var status, lastErr string
		var attempts int
		var next time.Time
		row := d.R.QueryRow(`SELECT status, attempts, last_error, next_attempt_at FROM mail_queue WHERE to_addr = 'p001@example.jp'`)
		if err := row.Scan(&status, &attempts, &lastErr, &next); err != nil {
			t.Fatal(err)
		}
		if status != "pending" || attempts != 1 || lastErr == "" || !next.After(now) {
			t.Fatalf("after failure: %s %d %q %v", status, attempts, lastErr, next)
		}
		// It comes up; the mail waits for its next attempt, then goes.
		srv := startSMTP(t, addr)
		if n, err := m.RunOnce(ctx); n != 0 || err != nil {
			t.Fatalf("sent before the retry was due: %d %v", n, err)
		}
		now = now.Add(2 * time.Minute)
		if n, err := m.RunOnce(ctx); n != 1 || err != nil {
			t.Fatalf("retry: %d %v", n, err)
		}
		if n, err := m.RunOnce(ctx); n != 0 || err != nil {
			t.Fatalf("sent twice: %d %v", n, err)
		}
		msgs := srv.messages()
		if len(msgs) != 1 || msgs[0].From != "jinzai@example.jp" || len(msgs[0].To) != 1 || msgs[0].To[0] != "p001@example.jp" {
			t.Fatalf("received %+v", msgs)
		}
		subject, text, ics := decodeMail(t, msgs[0].Data)
		if subject != "【受講決定通知】接遇研修" {
			t.Fatalf("subject %q", subject)
		}
		for _, want := range []string{"職員 一郎 様", "受講が決定しました"} {
			if !strings.Contains(text, want) {
				t.Fatalf("mail text lacks %q:\n%s", want, text)
			}
		}
		if !strings.Contains(ics, "BEGIN:VEVENT") || !strings.Contains(ics, "DTSTART;TZID=Asia/Tokyo:20250610T133000") {
			t.Fatalf("attachment %q", ics)
		}
		if err := d.R.QueryRow(`SELECT status FROM mail_queue WHERE to_addr = 'p001@example.jp'`).Scan(&status); err != nil || status != "sent" {
			t.Fatalf("status %q %v", status, err)
		}
		if n, err := audit.Verify(ctx, d.R); err != nil || n == 0 {
			t.Fatalf("audit: %d %v", n, err)
		}

		// Run sends until its context ends.
		if _, err := d.W.Exec(`UPDATE mail_queue SET status = 'pending', next_attempt_at = $1`, now); err != nil {
			t.Fatal(err)
		}
		m.Interval = 10 * time.Millisecond
		rctx, cancel := context.WithCancel(ctx)
		done := make(chan error, 1)
		go func() { done <- m.Run(rctx) }()
		deadline := time.Now().Add(10 * time.Second)
		for len(srv.messages()) < 2 && time.Now().Before(deadline) {
			time.Sleep(10 * time.Millisecond)
		}
		cancel()
		<-done
		if len(srv.messages()) != 2 {
			t.Fatalf("Run sent %d", len(srv.messages()))
		}
	})
}

func TestMailerAuthenticates(t *testing.T) {
	dbtest.ForEachBackend(t, func(t *testing.T, d *db.DB) {
		now := time.Date(2025, 5, 1, 1, 0, 0, 0, time.UTC)
		queueOne(t, d, &now, notify.Notice{Kind: "enrolled", Subject: "件名", Body: "本文", Email: "p001@example.jp"})
		srv := startSMTP(t, freeAddr(t))
		cfg := notify.Config{Addr: srv.ln.Addr().String(), From: "jinzai@example.jp", User: "hagukumi", Password: "secret"}
		m := notify.NewMailer(d, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
		m.Now = func() time.Time { return now }
		if n, err := m.RunOnce(context.Background()); n != 1 || err != nil {
			t.Fatalf("send: %d %v", n, err)
		}
		srv.mu.Lock()
		defer srv.mu.Unlock()
		if len(srv.auth) != 1 || srv.auth[0] != "\x00hagukumi\x00secret" {
			t.Fatalf("AUTH PLAIN %q", srv.auth)
		}
		if notify.NewMailer(d, notify.Config{}, nil) != nil {
			t.Fatal("a mailer without a relay")
		}
	})
}
