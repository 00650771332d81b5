package training

import (
	"bytes"
	"context"
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
	"os"
	"strings"
	"text/template"
	"time"

	"hagukumi/apperr"
	"hagukumi/audit"
	"hagukumi/auth"
	"hagukumi/db"
)

// Notice kinds: what happened to someone's enrolment.
const (
	NoticeEnrolled        = "enrolled"          // 受講決定通知
	NoticeWaitlisted      = "waitlisted"        // キャンセル待ち
	NoticePromoted        = "promoted"          // 繰り上げで受講決定
	NoticeApplied         = "applied"           // 申込受付
	NoticeApprovalRequest = "approval_request"  // to the 所属長
	NoticeDeclined        = "declined"          // 申込不承認
	NoticeCancelled       = "cancelled"         // 受講取消
	NoticeMoved           = "moved"             // 開催回の変更
	NoticeSessionCancel   = "session_cancelled" // the session will not take place
)

// noticeExtra is what some notices say beyond the session.
type noticeExtra struct {
	Reason        string
	Status        string   // the new status after a move
	From          *Session // the session moved from
	Applicant     string
	ApplicantUnit string
}

// NoticeData is what the notice templates see.
type NoticeData struct {
	Name, Muni, Center             string
	Program, Title, Venue          string
	Days                           []string
	Reason                         string
	Position                       int
	Waitlisted                     bool
	FromLabel                      string
	FromDays                       []string
	Applicant, ApplicantUnit, Link string
}

// The message catalogue of notices: a subject and a body per kind, the same
// text in the app and in the e-mail.
var noticeCatalogue = map[string][2]string{
	NoticeEnrolled: {"【受講決定通知】{{.Program}}", `{{.Name}} 様

次の研修の受講が決定しましたので、お知らせします。

{{template "session" .}}
当日は開始時刻の10分前までに会場へお越しください。
やむを得ず受講できなくなった場合は、所属の研修担当を通じて{{.Center}}へご連絡ください。
`},
	NoticeWaitlisted: {"【キャンセル待ちのお知らせ】{{.Program}}", `{{.Name}} 様

次の研修は定員に達しているため、キャンセル待ち（{{.Position}}番目）として登録しました。
欠員が出て受講できることになりましたら、改めてお知らせします。

{{template "session" .}}`},
	NoticePromoted: {"【受講決定通知（繰り上げ）】{{.Program}}", `{{.Name}} 様

キャンセル待ちとしてお待ちいただいていた次の研修に欠員が出たため、受講が決定しました。

{{template "session" .}}
やむを得ず受講できない場合は、所属の研修担当を通じて{{.Center}}へご連絡ください。
`},
	NoticeApplied: {"【受講申込受付】{{.Program}}", `{{.Name}} 様

次の研修への受講申込を受け付けました。
所属長の承認をもって受講が決まります。結果は改めてお知らせします。

{{template "session" .}}`},
	NoticeApprovalRequest: {"【承認依頼】{{.Applicant}}さんの受講申込（{{.Program}}）", `{{.Name}} 様

{{.ApplicantUnit}}の{{.Applicant}}さんから、次の研修への受講申込がありました。
はぐくみの「承認待ち」の画面で、承認または不承認を選んでください。

{{template "session" .}}`},
	NoticeDeclined: {"【受講申込の結果】{{.Program}}", `{{.Name}} 様

次の研修への受講申込は、所属長により承認されませんでした。

理由：{{.Reason}}

{{template "session" .}}`},
	NoticeCancelled: {"【受講取消のお知らせ】{{.Program}}", `{{.Name}} 様

次の研修の受講登録を取り消しました。

理由：{{.Reason}}

{{template "session" .}}`},
	NoticeMoved: {"【受講日程変更のお知らせ】{{.Program}}", `{{.Name}} 様

受講していただく開催回を、次のとおり変更しました。

変更前：{{.FromLabel}}
{{range .FromDays}}　　　　{{.}}
{{end}}
変更後：
{{template "session" .}}{{if .Waitlisted}}
変更後の開催回は定員に達しているため、キャンセル待ち（{{.Position}}番目）として登録しています。
{{end}}`},
	NoticeSessionCancel: {"【研修中止のお知らせ】{{.Program}}", `{{.Name}} 様

次の研修は、都合により中止となりました。ご迷惑をおかけし申し訳ありません。
代わりの開催回が決まりましたら、改めてお知らせします。

{{template "session" .}}`},
}

const noticeSession = `{{define "session"}}研修名：{{.Program}}{{if .Title}}（{{.Title}}）{{end}}
日　時：{{range $i, $d := .Days}}{{if $i}}
　　　　{{end}}{{$d}}{{end}}
会　場：{{if .Venue}}{{.Venue}}{{else}}未定{{end}}
{{end}}`

const noticeFooter = `
――
{{.Muni}} {{.Center}}
このお知らせは、はぐくみ（人財育成センター業務システム）からお送りしています。
`

type noticeTemplate struct{ subject, body *template.Template }

var noticeTemplates = func() map[string]noticeTemplate {
	out := map[string]noticeTemplate{}
	for kind, t := range noticeCatalogue {
		out[kind] = noticeTemplate{
			subject: template.Must(template.New(kind).Parse(t[0])),
			body:    template.Must(template.Must(template.New(kind).Parse(noticeSession)).Parse(t[1] + noticeFooter)),
		}
	}
	return out
}()

// RenderNotice writes a notice's subject and body.
func RenderNotice(kind string, d NoticeData) (string, string, error) {
	t, ok := noticeTemplates[kind]
	if !ok {
		return "", "", fmt.Errorf("unknown notice %q", kind)
	}
	var sub, body bytes.Buffer
	if err := t.subject.Execute(&sub, d); err != nil {
		return "", "", err
	}
	if err := t.body.Execute(&body, d); err != nil {
		return "", "", err
	}
	return sub.String(), body.String(), nil
}

// recipient is who a notice goes to, and from which municipality.
type recipient struct {
	Name, Email  string
	Muni, Center string
}

// noticeStatus is the enrolment status a notice reports, if any.
func noticeStatus(kind string, ex noticeExtra) string {
	switch kind {
	case NoticeWaitlisted:
		return EnrolWaitlisted
	case NoticeEnrolled, NoticePromoted:
		return EnrolEnrolled
	}
	return ex.Status
}

// notify writes an in-app notice for a staff member and, when they have an
// e-mail address, queues the same text as a mail, both in the caller's
// transaction: the notice exists exactly when the change does. Decisions
// that give a seat carry the session as an .ics attachment.
func (s *Store) notify(ctx context.Context, tx *sql.Tx, now time.Time, muni, staffID int64, kind string, x *Session, ex noticeExtra) error {
	var r recipient
	var fam, given string
	if err := tx.QueryRowContext(ctx, `SELECT s.family_name, s.given_name, s.email, m.name, m.center_name FROM staff s JOIN municipalities m ON m.id = s.municipality_id
		WHERE s.id = $1 AND s.municipality_id = $2`, staffID, muni).Scan(&fam, &given, &r.Email, &r.Muni, &r.Center); err != nil {
		return err
	}
	r.Name = strings.TrimSpace(fam + " " + given)
	pos := 0
	if noticeStatus(kind, ex) == EnrolWaitlisted {
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM enrolments WHERE session_id = $1 AND status = 'waitlisted'`, x.ID).Scan(&pos); err != nil {
			return err
		}
	}
	return writeNotice(ctx, tx, now, muni, staffID, kind, x, ex, r, pos, "")
}

// writeNotice renders a notice for a known recipient and writes it, and its
// mail when they have an address. position is the place in the waitlist
// for a notice that reports one. ics is the session's calendar when the
// caller already made it ("" makes it here when needed).
func writeNotice(ctx context.Context, q db.Q, now time.Time, muni, staffID int64, kind string, x *Session, ex noticeExtra, r recipient, position int, ics string) error {
	d := NoticeData{Name: r.Name, Muni: r.Muni, Center: r.Center, Program: x.ProgramName, Title: x.Title, Venue: x.Venue, Days: DayLabels(x.Days),
		Reason: ex.Reason, Applicant: ex.Applicant, ApplicantUnit: ex.ApplicantUnit, Link: fmt.Sprintf("/sessions/%d", x.ID)}
	if kind == NoticeApprovalRequest {
		d.Link = "/approvals"
	}
	status := noticeStatus(kind, ex)
	if status == EnrolWaitlisted {
		d.Waitlisted, d.Position = true, position
	}
	if ex.From != nil {
		d.FromLabel, d.FromDays = ex.From.Label(), DayLabels(ex.From.Days)
	}
	subject, body, err := RenderNotice(kind, d)
	if err != nil {
		return err
	}
	if _, err := q.ExecContext(ctx, `INSERT INTO notifications (municipality_id, staff_id, kind, subject, body, link, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
		muni, staffID, kind, subject, body, d.Link, now); err != nil {
		return err
	}
	email := strings.TrimSpace(r.Email)
	if email == "" {
		return nil
	}
	if status != EnrolEnrolled {
		ics = ""
	} else if ics == "" {
		ics = SessionCalendar(muni, x, now).String()
	}
	_, err = q.ExecContext(ctx, `INSERT INTO mail_queue (municipality_id, to_addr, subject, body, ics, status, attempts, next_attempt_at, last_error, created_at)
		VALUES ($1, $2, $3, $4, $5, 'pending', 0, $6, '', $6)`, muni, email, subject, body, ics, now)
	return err
}

// notifySupervisors asks the 所属長s of an applicant's unit, and of the units
// above it, to decide on an application. Only accounts linked to a staff
// member can receive notices.
func (s *Store) notifySupervisors(ctx context.Context, tx *sql.Tx, now time.Time, muni, applicantID int64, x *Session) error {
	var fam, given, unit string
	if err := tx.QueryRowContext(ctx, `SELECT s.family_name, s.given_name, COALESCE(o.path, '') FROM staff s LEFT JOIN org_units o ON o.id = s.unit_id WHERE s.id = $1`,
		applicantID).Scan(&fam, &given, &unit); err != nil {
		return err
	}
	ids, err := db.Int64s(ctx, tx, `SELECT DISTINCT u.staff_id FROM users u JOIN org_units uo ON uo.id = u.unit_id
		WHERE u.municipality_id = $1 AND u.role = 'supervisor' AND u.disabled = FALSE AND u.staff_id IS NOT NULL AND u.staff_id <> $2
		AND `+auth.InPathSQL("$3", "uo.path"), muni, applicantID, unit)
	if err != nil {
		return err
	}
	for _, id := range ids {
		ex := noticeExtra{Applicant: strings.TrimSpace(fam + " " + given), ApplicantUnit: strings.ReplaceAll(unit, "/", " ")}
		if err := s.notify(ctx, tx, now, muni, id, NoticeApprovalRequest, x, ex); err != nil {
			return err
		}
	}
	return nil
}

// Notification is an in-app notice.
type Notification struct {
	ID        int64      `json:"id"`
	Kind      string     `json:"kind"`
	Subject   string     `json:"subject"`
	Body      string     `json:"body"`
	Link      string     `json:"link"`
	CreatedAt time.Time  `json:"created_at"`
	ReadAt    *time.Time `json:"read_at,omitempty"`
}

// Unread tells whether the notice has not been marked read.
func (n *Notification) Unread() bool { return n.ReadAt == nil }

// Notifications lists a staff member's latest notices and counts the unread.
func (s *Store) Notifications(ctx context.Context, muni, staffID int64, limit int) ([]*Notification, int, error) {
	if limit <= 0 || limit > 500 {
		limit = 100
	}
	var unread int
	if err := s.DB.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM notifications WHERE municipality_id = $1 AND staff_id = $2 AND read_at IS NULL`,
		muni, staffID).Scan(&unread); err != nil {
		return nil, 0, err
	}
	rows, err := s.DB.R.QueryContext(ctx, `SELECT id, kind, subject, body, link, created_at, read_at FROM notifications
		WHERE municipality_id = $1 AND staff_id = $2 ORDER BY created_at DESC, id DESC LIMIT $3`, muni, staffID, limit)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []*Notification
	for rows.Next() {
		var n Notification
		var read sql.NullTime
		if err := rows.Scan(&n.ID, &n.Kind, &n.Subject, &n.Body, &n.Link, &n.CreatedAt, &read); err != nil {
			return nil, 0, err
		}
		if read.Valid {
			t := read.Time
			n.ReadAt = &t
		}
		out = append(out, &n)
	}
	return out, unread, rows.Err()
}

// MarkNotificationsRead marks one notice (id) or all of a staff member's
// notices (id 0) read and returns how many changed. Another person's notice
// is not found.
func (s *Store) MarkNotificationsRead(ctx context.Context, by audit.Actor, muni, staffID, id int64) (int, error) {
	var n int64
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		now := s.now()
		q := `UPDATE notifications SET read_at = $1 WHERE municipality_id = $2 AND staff_id = $3 AND read_at IS NULL`
		args := []any{now, muni, staffID}
		if id != 0 {
			var owner int64
			if err := tx.QueryRowContext(ctx, `SELECT staff_id FROM notifications WHERE id = $1 AND municipality_id = $2`, id, muni).Scan(&owner); err != nil || owner != staffID {
				return apperr.NotFoundf("お知らせが見つかりません。")
			}
			q += ` AND id = $4`
			args = append(args, id)
		}
		res, err := tx.ExecContext(ctx, q, args...)
		if err != nil {
			return err
		}
		n, _ = res.RowsAffected()
		if n == 0 {
			return nil
		}
		target := "all"
		if id != 0 {
			target = fmt.Sprint(id)
		}
		return audit.Record(ctx, tx, now, muni, by, "read", "notification", target, map[string]any{"staff_id": staffID, "count": n})
	})
	return int(n), err
}

// Mailer sends the queued mails through an SMTP relay. Mails wait in
// mail_queue, written in the same transaction as the change they report,
// so nothing is lost when the relay is down: a failed send is retried with
// a growing delay (Backoff). Several app instances may run a Mailer on one
// database; each mail is claimed before it is sent.
type Mailer struct {
	DB       *db.DB
	Addr     string // host:port of the SMTP relay
	From     string // envelope and header sender
	Hello    string // the name given in EHLO; "localhost" when empty
	Interval time.Duration
	Batch    int
	Timeout  time.Duration
	Now      func() time.Time
	Log      *slog.Logger
}

// MailerFromEnv makes a Mailer from HAGUKUMI_SMTP_ADDR (host:port, required)
// and HAGUKUMI_SMTP_FROM (the sender address), or returns nil when no relay
// is configured: mails then stay queued until one is.
func MailerFromEnv(d *db.DB, log *slog.Logger) *Mailer {
	addr := strings.TrimSpace(os.Getenv("HAGUKUMI_SMTP_ADDR"))
	if addr == "" {
		return nil
	}
	from := strings.TrimSpace(os.Getenv("HAGUKUMI_SMTP_FROM"))
	if from == "" {
		from = "hagukumi@localhost"
	}
	return &Mailer{DB: d, Addr: addr, From: from, Hello: os.Getenv("HAGUKUMI_SMTP_HELO"), Log: log}
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
	rows, err := m.DB.R.QueryContext(ctx, `SELECT id, municipality_id, to_addr, subject, body, ics, attempts FROM mail_queue
		WHERE status = 'pending' AND next_attempt_at <= $1 ORDER BY next_attempt_at, id LIMIT $2`, now, batch)
	if err != nil {
		return 0, err
	}
	var due []queuedMail
	for rows.Next() {
		var q queuedMail
		if err := rows.Scan(&q.ID, &q.Muni, &q.To, &q.Subject, &q.Body, &q.ICS, &q.Attempts); err != nil {
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
			return audit.Record(ctx, tx, m.now(), q.Muni, audit.System, "send", "mail", fmt.Sprint(q.ID), map[string]string{"to": q.To, "subject": q.Subject})
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
	return c, nil
}

func (m *Mailer) send(c *smtp.Client, q queuedMail, now time.Time) error {
	if err := c.Reset(); err != nil {
		return err
	}
	from, err := mail.ParseAddress(m.From)
	if err != nil {
		return fmt.Errorf("sender %q: %w", m.From, err)
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
	h("Date", date.In(jst).Format(time.RFC1123Z))
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
		"Content-Type":              {`text/calendar; charset=UTF-8; method=PUBLISH; name="training.ics"`},
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
