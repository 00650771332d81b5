package notify

import (
	"bytes"
	"context"
	"crypto/tls"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"
	"log/slog"
	"mime"
	"mime/multipart"
	"net"
	"net/mail"
	"net/smtp"
	"net/textproto"
	"strings"
	"time"

	"hagukumi/audit"
	"hagukumi/calendar"
	"hagukumi/db"
)

// Config is how mail leaves the server; cmd/hagukumi fills it from flags
// and the environment (HAGUKUMI_SMTP_ADDR, HAGUKUMI_SMTP_FROM,
// HAGUKUMI_SMTP_HELO, HAGUKUMI_SMTP_USER, HAGUKUMI_SMTP_PASSWORD).
type Config struct {
	Addr     string // host:port of the SMTP relay; empty keeps mail queued
	From     string // envelope and header sender, the center's address
	Hello    string // the name given in EHLO; "localhost" when empty
	User     string // SMTP AUTH user; empty sends without authentication
	Password string // SMTP AUTH password
}

// jst is Japan time, in which the Date header of a mail is written.

// Mailer sends the queued mails through an SMTP relay. Mails wait in
// mail_queue, written in the same transaction as the change they report,
// so nothing is lost when the relay is down: a failed send is retried with
// a growing delay (Backoff). Several app instances may run a Mailer on one
// database; each mail is claimed before it is sent.
type Mailer struct {
	DB *db.DB
	Config
	Interval time.Duration
	Batch    int
	Timeout  time.Duration
	Now      func() time.Time
	Log      *slog.Logger
}

// NewMailer makes a Mailer for the relay in cfg, or returns nil when no
// relay is configured: mails then stay queued until one is.
func NewMailer(d *db.DB, cfg Config, log *slog.Logger) *Mailer {
	if strings.TrimSpace(cfg.Addr) == "" {
		return nil
	}
	return &Mailer{DB: d, Config: cfg, Log: log}
}

func (m *Mailer) from() string {
	if f := strings.TrimSpace(m.From); f != "" {
		return f
	}
	return "hagukumi@localhost"
}

func (m *Mailer) now() time.Time {
	if m.Now != nil {
		return m.Now().UTC()
	}
	return time.Now().UTC()
}

func (m *Mailer) log() *slog.Logger {
	if m.Log != nil {
		return m.Log
	}
	return slog.Default()
}

// Backoff is the wait before the next attempt after n failed ones: one
// minute, doubling, at most an hour.
func Backoff(n int) time.Duration {
	if n < 1 {
		n = 1
	}
	if n > 7 {
		return time.Hour
	}
	return min(time.Minute<<(n-1), time.Hour)
}

// claimLease is how long a claimed mail is left to its sender before another
// run may try it again (the sender crashed mid-send).
const claimLease = 5 * time.Minute

// Run sends due mails every Interval (30 s by default) until ctx ends.
func (m *Mailer) Run(ctx context.Context) error {
	every := m.Interval
	if every <= 0 {
		every = 30 * time.Second
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if n, err := m.RunOnce(ctx); err != nil && ctx.Err() == nil {
			m.log().Warn("mail: relay unavailable, will retry", "addr", m.Addr, "err", err)
		} else if n > 0 {
			m.log().Info("mail: sent", "count", n)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
		}
	}
}

type queuedMail struct {
	ID       int64
	Muni     int64
	To       string
	Subject  string
	Body     string
	ICS      string
	Attempts int
	// Public marks a mail to someone who wrote through a public form: its
	// address never goes into the audit chain, which cannot be purged.
	Public bool
}

// RunOnce sends the mails that are due and returns how many went out. A
// failure is recorded on the mail (attempts, last error, next attempt) and
// the error of the relay is returned.
func (m *Mailer) RunOnce(ctx context.Context) (int, error) {
	now := m.now()
	batch := m.Batch
	if batch <= 0 {
		batch = 100
	}
	rows, err := m.DB.R.QueryContext(ctx, `SELECT id, municipality_id, to_addr, subject, body, ics, attempts,
		EXISTS (SELECT 1 FROM public_mails p WHERE p.mail_id = mail_queue.id) FROM mail_queue
		WHERE status = 'pending' AND next_attempt_at <= $1 ORDER BY next_attempt_at, id LIMIT $2`, now, batch)
	if err != nil {
		return 0, err
	}
	var due []queuedMail
	for rows.Next() {
		var q queuedMail
		if err := rows.Scan(&q.ID, &q.Muni, &q.To, &q.Subject, &q.Body, &q.ICS, &q.Attempts, &q.Public); err != nil {
			rows.Close()
			return 0, err
		}
		due = append(due, q)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	var c *smtp.Client
	defer func() {
		if c != nil {
			c.Quit()
		}
	}()
	sent := 0
	var lastErr error
	for _, q := range due {
		if ctx.Err() != nil {
			return sent, ctx.Err()
		}
		// Claim the mail: pushing its next attempt past now means another
		// instance's run skips it, and a crash mid-send retries it later.
		res, err := m.DB.W.ExecContext(ctx, `UPDATE mail_queue SET next_attempt_at = $1 WHERE id = $2 AND status = 'pending' AND next_attempt_at <= $3`,
			now.Add(claimLease), q.ID, now)
		if err != nil {
			return sent, err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			continue
		}
		if c == nil {
			if c, err = m.dial(ctx); err != nil {
				// The relay is down: this mail is postponed; the others stay
				// due and are tried on the next run.
				return sent, m.failed(ctx, q, err)
			}
		}
		if err := m.send(c, q, now); err != nil {
			lastErr = m.failed(ctx, q, err)
			c.Close()
			c = nil
			continue
		}
		if err := m.DB.Tx(ctx, func(tx *sql.Tx) error {
			if _, err := tx.ExecContext(ctx, `UPDATE mail_queue SET status = 'sent', sent_at = $1, attempts = attempts + 1, last_error = '' WHERE id = $2`, m.now(), q.ID); err != nil {
				return err
			}
			to := q.To
			if q.Public {
				to = "公開フォームの送信者"
			}
			return audit.Record(ctx, tx, m.now(), q.Muni, audit.System, "send", "mail", fmt.Sprint(q.ID), map[string]string{"to": to, "subject": q.Subject})
		}); err != nil {
			return sent, err
		}
		sent++
	}
	return sent, lastErr
}

// failed records a failed attempt and schedules the next one.
func (m *Mailer) failed(ctx context.Context, q queuedMail, cause error) error {
	n := q.Attempts + 1
	msg := cause.Error()
	if len(msg) > 500 {
		msg = msg[:500]
	}
	_, err := m.DB.W.ExecContext(ctx, `UPDATE mail_queue SET attempts = $1, next_attempt_at = $2, last_error = $3 WHERE id = $4 AND status = 'pending'`,
		n, m.now().Add(Backoff(n)), msg, q.ID)
	if err != nil {
		return errors.Join(cause, err)
	}
	return cause
}

func (m *Mailer) dial(ctx context.Context) (*smtp.Client, error) {
	timeout := m.Timeout
	if timeout <= 0 {
		timeout = 20 * time.Second
	}
	conn, err := (&net.Dialer{Timeout: timeout}).DialContext(ctx, "tcp", m.Addr)
	if err != nil {
		return nil, err
	}
	conn.SetDeadline(time.Now().Add(5 * timeout))
	host, _, _ := net.SplitHostPort(m.Addr)
	c, err := smtp.NewClient(conn, host)
	if err != nil {
		conn.Close()
		return nil, err
	}
	hello := m.Hello
	if hello == "" {
		hello = "localhost"
	}
	if err := c.Hello(hello); err != nil {
		c.Close()
		return nil, err
	}
	if m.User != "" {
		// net/smtp sends a password only over TLS (or to localhost), so a
		// relay that offers STARTTLS is switched to it first.
		if ok, _ := c.Extension("STARTTLS"); ok {
			if err := c.StartTLS(&tls.Config{ServerName: host}); err != nil {
				c.Close()
				return nil, err
			}
		}
		if err := c.Auth(smtp.PlainAuth("", m.User, m.Password, host)); err != nil {
			c.Close()
			return nil, err
		}
	}
	return c, nil
}

func (m *Mailer) send(c *smtp.Client, q queuedMail, now time.Time) error {
	if err := c.Reset(); err != nil {
		return err
	}
	from, err := mail.ParseAddress(m.from())
	if err != nil {
		return fmt.Errorf("sender %q: %w", m.from(), err)
	}
	to, err := mail.ParseAddress(q.To)
	if err != nil {
		return fmt.Errorf("recipient %q: %w", q.To, err)
	}
	if err := c.Mail(from.Address); err != nil {
		return err
	}
	if err := c.Rcpt(to.Address); err != nil {
		return err
	}
	w, err := c.Data()
	if err != nil {
		return err
	}
	msg, err := BuildMessage(from.Address, to.Address, q.Subject, q.Body, q.ICS, now, fmt.Sprintf("hagukumi-%d-%d@%s", q.Muni, q.ID, hostOf(from.Address)))
	if err != nil {
		w.Close()
		return err
	}
	if _, err := w.Write(msg); err != nil {
		w.Close()
		return err
	}
	return w.Close()
}

func hostOf(addr string) string {
	if i := strings.LastIndexByte(addr, '@'); i >= 0 {
		return addr[i+1:]
	}
	return "localhost"
}

// BuildMessage writes a Japanese mail as MIME: UTF-8 in base64, the
// subject as an encoded word, and an optional text/calendar attachment.
func BuildMessage(from, to, subject, body, ics string, date time.Time, messageID string) ([]byte, error) {
	var b bytes.Buffer
	h := func(k, v string) { b.WriteString(k + ": " + v + "\r\n") }
	h("From", mime.BEncoding.Encode("UTF-8", "はぐくみ")+" <"+from+">")
	h("To", "<"+to+">")
	h("Subject", mime.BEncoding.Encode("UTF-8", subject))
	h("Date", date.In(calendar.JST).Format(time.RFC1123Z))
	h("Message-ID", "<"+messageID+">")
	h("MIME-Version", "1.0")
	if ics == "" {
		h("Content-Type", "text/plain; charset=UTF-8")
		h("Content-Transfer-Encoding", "base64")
		b.WriteString("\r\n")
		writeBase64(&b, []byte(crlf(body)))
		return b.Bytes(), nil
	}
	var parts bytes.Buffer
	mw := multipart.NewWriter(&parts)
	h("Content-Type", `multipart/mixed; boundary="`+mw.Boundary()+`"`)
	b.WriteString("\r\n")
	pw, err := mw.CreatePart(textproto.MIMEHeader{"Content-Type": {"text/plain; charset=UTF-8"}, "Content-Transfer-Encoding": {"base64"}})
	if err != nil {
		return nil, err
	}
	var enc bytes.Buffer
	writeBase64(&enc, []byte(crlf(body)))
	pw.Write(enc.Bytes())
	pw, err = mw.CreatePart(textproto.MIMEHeader{
		"Content-Type":              {calendarType(ics)},
		"Content-Disposition":       {`attachment; filename="training.ics"`},
		"Content-Transfer-Encoding": {"base64"}})
	if err != nil {
		return nil, err
	}
	enc.Reset()
	writeBase64(&enc, []byte(ics))
	pw.Write(enc.Bytes())
	if err := mw.Close(); err != nil {
		return nil, err
	}
	b.Write(parts.Bytes())
	return b.Bytes(), nil
}

// calendarType is the media type of a calendar attachment. Its method
// parameter must match the METHOD inside the file (RFC 6047), and a file
// without METHOD has none.
func calendarType(ics string) string {
	if strings.Contains(ics, "\r\nMETHOD:PUBLISH\r\n") {
		return `text/calendar; charset=UTF-8; method=PUBLISH; name="training.ics"`
	}
	return `text/calendar; charset=UTF-8; name="training.ics"`
}

func crlf(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\n", "\r\n")
}

// writeBase64 writes base64 in lines of 76 characters (RFC 2045).
func writeBase64(b *bytes.Buffer, data []byte) {
	s := base64.StdEncoding.EncodeToString(data)
	for len(s) > 76 {
		b.WriteString(s[:76] + "\r\n")
		s = s[76:]
	}
	if s != "" {
		b.WriteString(s + "\r\n")
	}
}
