package training

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"text/template"
	"time"

	"hagukumi/audit"
	"hagukumi/db"
	"hagukumi/notify"
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
	NoticeRecommended     = "recommended"       // 推薦受付, waiting for the center's selection
	NoticeNotSelected     = "not_selected"      // the center did not select a recommendation
)

// noticeExtra is what some notices say beyond the session.
type noticeExtra struct {
	Reason        string
	Status        string   // the new status after a move
	From          *Session // the session moved from
	Applicant     string
	ApplicantUnit string
	Overlap       string // the person's other sessions at the same time
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
	Overlap                        string
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
	NoticeRecommended: {"【推薦受付】{{.Program}}", `{{.Name}} 様

所属から次の研修の受講者として推薦されました。
{{.Center}}の選考をもって受講が決まります。結果は改めてお知らせします。

{{template "session" .}}`},
	NoticeNotSelected: {"【推薦の選考結果】{{.Program}}", `{{.Name}} 様

次の研修への推薦は、{{.Center}}の選考により今回は受講いただけないこととなりました。

理由：{{.Reason}}

{{template "session" .}}`},
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

const noticeFooter = `{{if .Overlap}}
※ご注意：この研修は、既に登録されている「{{.Overlap}}」と日時が重なっています。どちらを受講するか、所属の研修担当にご相談ください。
{{end}}
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

// notify writes the notice of kind for a staff member through the notify
// package (in-app, and as a mail when they have an address), in the
// caller's transaction: the notice exists exactly when the change does.
// Decisions that give a seat carry the session as an .ics attachment.
func (s *Store) notify(ctx context.Context, tx db.Q, now time.Time, muni, staffID int64, kind string, x *Session, ex noticeExtra) error {
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
	return s.writeNotice(ctx, tx, now, muni, staffID, kind, x, ex, r, pos, "")
}

// writeNotice renders a notice for a known recipient and hands it to
// notify. position is the place in the waitlist for a notice that reports
// one. ics is the session's calendar when the caller already made it (""
// makes it here when needed); only a decision that gives a seat carries one.
func (s *Store) writeNotice(ctx context.Context, q db.Q, now time.Time, muni, staffID int64, kind string, x *Session, ex noticeExtra, r recipient, position int, ics string) error {
	d := NoticeData{Name: r.Name, Muni: r.Muni, Center: r.Center, Program: x.ProgramName, Title: x.Title, Venue: x.Venue, Days: DayLabels(x.Days),
		Reason: ex.Reason, Applicant: ex.Applicant, ApplicantUnit: ex.ApplicantUnit, Link: fmt.Sprintf("/sessions/%d", x.ID), Overlap: ex.Overlap}
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
	n := notify.Notice{Muni: muni, StaffID: staffID, Kind: kind, Subject: subject, Body: body, Link: d.Link, Email: r.Email}
	if status == EnrolEnrolled && strings.TrimSpace(r.Email) != "" {
		if ics == "" {
			ics = s.sessionCalendar(muni, x, r.Center, now).String()
		}
		n.ICS = ics
	}
	return notify.Write(ctx, q, now, n)
}

// notifyDecider asks the 所属長s who decide an applicant's application
// (DeciderFor) to decide on it. Only accounts linked to a staff member can
// receive notices; the center finds the applications it decides on its
// approvals page.
func (s *Store) notifyDecider(ctx context.Context, tx db.Q, now time.Time, muni, applicantID int64, x *Session) error {
	var fam, given, unit string
	if err := tx.QueryRowContext(ctx, `SELECT s.family_name, s.given_name, COALESCE(o.path, '') FROM staff s LEFT JOIN org_units o ON o.id = s.unit_id WHERE s.id = $1`,
		applicantID).Scan(&fam, &given, &unit); err != nil {
		return err
	}
	as, _, err := approvers(ctx, tx, muni)
	if err != nil {
		return err
	}
	seen := map[int64]bool{}
	for _, a := range DeciderFor(applicantID, unit, as).Approvers {
		if a.StaffID == 0 || seen[a.StaffID] {
			continue
		}
		seen[a.StaffID] = true
		ex := noticeExtra{Applicant: strings.TrimSpace(fam + " " + given), ApplicantUnit: strings.ReplaceAll(unit, "/", " ")}
		if err := s.notify(ctx, tx, now, muni, a.StaffID, NoticeApprovalRequest, x, ex); err != nil {
			return err
		}
	}
	return nil
}

// Notifications lists a staff member's latest notices and counts the unread.
func (s *Store) Notifications(ctx context.Context, muni, staffID int64, limit int) ([]*notify.Notification, int, error) {
	return (&notify.Store{DB: s.DB, Now: s.Now}).Notifications(ctx, muni, staffID, limit)
}

// MarkNotificationsRead marks one notice (id) or all of a staff member's
// notices (id 0) read and returns how many changed.
func (s *Store) MarkNotificationsRead(ctx context.Context, by audit.Actor, muni, staffID, id int64) (int, error) {
	return (&notify.Store{DB: s.DB, Now: s.Now}).MarkRead(ctx, by, muni, staffID, id)
}
