// Package recruit holds the center's recruitment work (PRODUCT R1, R2):
// universities with their contacts and PR visits, and recruitment
// briefings (採用説明会) with sessions, staff speakers, public
// registration through the public site's form kit, a waitlist per
// session, reminders, check-in at the door, a survey of those who came,
// figures per event and per fiscal year, and the purge of the
// registrants' personal data when the event's retention period ends.
package recruit

import (
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"hagukumi/apperr"
	"hagukumi/calendar"
	"hagukumi/public"
)

// Kind is the public submission kind of a registration.
const Kind = public.KindRecruit

// States of a registration.
const (
	Registered = "registered"
	Waitlisted = "waitlisted"
	Cancelled  = "cancelled"
	Attended   = "attended"
)

// StateLabel names a registration state for people.
func StateLabel(s string) string {
	switch s {
	case Registered:
		return "登録済"
	case Waitlisted:
		return "キャンセル待ち"
	case Cancelled:
		return "キャンセル済"
	case Attended:
		return "参加済"
	}
	return s
}

// Event states on the public site.
const (
	Open   = "open"
	Full   = "full"
	Closed = "closed"
)

// EventStateLabel names an event's registration state on the public site.
func EventStateLabel(s string) string {
	switch s {
	case Open:
		return "受付中"
	case Full:
		return "満席・キャンセル待ち"
	case Closed:
		return "受付終了"
	}
	return s
}

// JobTypes are the 職種 a briefing may cover and a registrant may be
// interested in.
var JobTypes = []string{"行政", "土木", "建築", "電気", "機械", "化学", "保健師", "保育士", "社会福祉", "司書", "消防", "その他"}

// Intents are the survey's answers to 「受験を考えていますか」.
var Intents = []string{"受験したい", "検討中", "受験しない"}

// DefaultReminders are the days before a session its reminders go out.
var DefaultReminders = []int{3, 1}

// Event is a briefing.
type Event struct {
	ID          int64      `json:"id"`
	Title       string     `json:"title"`
	Body        string     `json:"body"`
	JobTypes    []string   `json:"job_types"`
	FY          int        `json:"fy"`
	OpensAt     *time.Time `json:"opens_at,omitempty"`
	ClosesAt    *time.Time `json:"closes_at,omitempty"`
	Published   bool       `json:"published"`
	Reminders   []int      `json:"reminder_days"`
	RetainUntil string     `json:"retain_until"`
	PurgedAt    *time.Time `json:"purged_at,omitempty"`
	Sessions    []Session  `json:"sessions"`
	State       string     `json:"state"`
}

// Session is one sitting of a briefing.
type Session struct {
	ID         int64     `json:"id"`
	EventID    int64     `json:"event_id"`
	StartsAt   time.Time `json:"starts_at"`
	Place      string    `json:"place"`
	OnlineURL  string    `json:"online_url,omitempty"`
	Capacity   int       `json:"capacity"`
	Registered int       `json:"registered"` // registered and attended
	Waitlisted int       `json:"waitlisted"`
	Speakers   []Speaker `json:"speakers"`
}

// Full tells whether the session has no seat left.
func (x Session) Full() bool { return x.Registered >= x.Capacity }

// Label is the session's date, time and place for people.
func (x Session) Label() string {
	t := x.StartsAt.In(calendar.JST)
	where := x.Place
	if where == "" && x.OnlineURL != "" {
		where = "オンライン"
	}
	return calendar.FormatWareki(t) + " " + t.Format("15:04") + " " + where
}

// Speaker is a staff member who speaks at a session.
type Speaker struct {
	StaffID int64   `json:"-"`
	Number  string  `json:"number"`
	Name    string  `json:"name"`
	JobType string  `json:"job_type"`
	Hours   float64 `json:"hours"`
}

// Validate checks an event and its sessions, with Japanese per-field messages.
func (e *Event) Validate() error {
	e.Title, e.Body = strings.TrimSpace(e.Title), strings.TrimSpace(e.Body)
	fe := apperr.FieldErrors{}
	if n := utf8.RuneCountInString(e.Title); n == 0 || n > 100 {
		fe["title"] = "説明会の名称を100文字以内で入力してください。"
	}
	if utf8.RuneCountInString(e.Body) > 2000 {
		fe["body"] = "説明は2,000文字以内で入力してください。"
	}
	for _, j := range e.JobTypes {
		if !oneOf(j, JobTypes) {
			fe["job_types"] = "職種を一覧から選んでください。"
		}
	}
	if len(e.Sessions) == 0 {
		fe["sessions"] = "開催回を1つ以上入力してください。"
	}
	if len(e.Sessions) > 20 {
		fe["sessions"] = "開催回は20回までです。"
	}
	for i := range e.Sessions {
		x := &e.Sessions[i]
		x.Place, x.OnlineURL = strings.TrimSpace(x.Place), strings.TrimSpace(x.OnlineURL)
		if x.StartsAt.IsZero() {
			fe["sessions"] = "開催日時を入力してください（例: 2026-06-20T13:30:00+09:00）。"
		}
		if x.Capacity < 1 || x.Capacity > 10000 {
			fe["sessions"] = "定員は1〜10,000人で入力してください。"
		}
		if x.Place == "" && x.OnlineURL == "" {
			fe["sessions"] = "会場かオンラインのURLを入力してください。"
		}
		if utf8.RuneCountInString(x.Place) > 100 {
			fe["sessions"] = "会場は100文字以内で入力してください。"
		}
		if x.OnlineURL != "" {
			if u, err := url.Parse(x.OnlineURL); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || len(x.OnlineURL) > 500 {
				fe["sessions"] = "オンラインのURLは https:// から始まる形で入力してください。"
			}
		}
	}
	if e.OpensAt != nil && e.ClosesAt != nil && !e.ClosesAt.After(*e.OpensAt) {
		fe["closes_at"] = "受付の終わりは受付の始まりより後にしてください。"
	}
	if e.Reminders == nil {
		e.Reminders = DefaultReminders
	}
	if len(e.Reminders) > 5 {
		fe["reminder_days"] = "リマインダーは5回までです。"
	}
	for _, d := range e.Reminders {
		if d < 0 || d > 30 {
			fe["reminder_days"] = "リマインダーは開催の0〜30日前で指定してください。"
		}
	}
	if e.RetainUntil != "" {
		if _, err := time.Parse(time.DateOnly, e.RetainUntil); err != nil {
			fe["retain_until"] = "保存期限を 2027-03-31 の形で入力してください。"
		}
	}
	if len(fe) > 0 {
		return apperr.Fields(fe)
	}
	return nil
}

// FirstStart is the start of the event's earliest session.
func (e *Event) FirstStart() time.Time {
	var t time.Time
	for _, x := range e.Sessions {
		if t.IsZero() || x.StartsAt.Before(t) {
			t = x.StartsAt
		}
	}
	return t
}

// LastStart is the start of the event's latest session.
func (e *Event) LastStart() time.Time {
	var t time.Time
	for _, x := range e.Sessions {
		if x.StartsAt.After(t) {
			t = x.StartsAt
		}
	}
	return t
}

// Window is when registration is open: from opens_at (or always) until
// closes_at, or else until the start of the last session.
func (e *Event) Window() (from, until time.Time) {
	if e.OpensAt != nil {
		from = *e.OpensAt
	}
	if e.ClosesAt != nil {
		until = *e.ClosesAt
	} else {
		until = e.LastStart()
	}
	return from, until
}

// InWindow tells whether registration is open at now.
func (e *Event) InWindow(now time.Time) bool {
	from, until := e.Window()
	return e.Published && e.PurgedAt == nil && !now.Before(from) && now.Before(until)
}

// StateAt is the event's registration state on the public site: 受付中
// while a session in the future has a seat, 満席・キャンセル待ち when
// every open session is full, 受付終了 outside the window.
func (e *Event) StateAt(now time.Time) string {
	if !e.InWindow(now) {
		return Closed
	}
	open := false
	for i := range e.Sessions {
		x := &e.Sessions[i]
		if !x.StartsAt.After(now) {
			continue
		}
		if !x.Full() {
			return Open
		}
		open = true
	}
	if open {
		return Full
	}
	return Closed
}

// SessionOpen tells whether a session still takes registrations at now.
func SessionOpen(x *Session, now time.Time) bool { return x.StartsAt.After(now) }

// Seat is where a new registrant goes in a session: a seat while there is
// one, else the end of the waitlist.
func Seat(capacity, registered int) string {
	if registered < capacity {
		return Registered
	}
	return Waitlisted
}

// RetentionEnd is the last day the registrants' personal data is kept:
// the event's own setting, or by default the end of the fiscal year after
// the one of the event's last session (in Japan).
func RetentionEnd(retainUntil string, lastStart time.Time) time.Time {
	if d, err := time.Parse(time.DateOnly, retainUntil); err == nil {
		return d
	}
	return calendar.FiscalYearEnd(calendar.FiscalYear(calendar.Today(lastStart)) + 1)
}

// Due tells whether the data kept until end (a date) is due for purging
// on the Japanese day of asOf.
func Due(end, asOf time.Time) bool { return calendar.Today(asOf).After(end) }

// ReminderDue tells whether the reminder days before a session starting at
// start is due at now: from that day (in Japan) until the session starts.
func ReminderDue(start time.Time, days int, now time.Time) bool {
	day := calendar.Today(start).AddDate(0, 0, -days)
	return !calendar.Today(now).Before(day) && now.Before(start)
}

// EmailKey is the form of an address the duplicate check compares.
func EmailKey(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// ParseReminders reads "3,1".
func ParseReminders(s string) []int {
	out := []int{}
	for _, f := range strings.Split(s, ",") {
		if n, err := strconv.Atoi(strings.TrimSpace(f)); err == nil {
			out = append(out, n)
		}
	}
	return out
}

// FormatReminders writes reminder days as "3,1".
func FormatReminders(ds []int) string {
	var b []string
	for _, d := range ds {
		b = append(b, strconv.Itoa(d))
	}
	return strings.Join(b, ",")
}

// Registration is what a registrant sends, and what the center sees.
type Registration struct {
	ID             int64      `json:"id"`
	EventID        int64      `json:"event_id"`
	SessionID      int64      `json:"session_id"`
	State          string     `json:"state"`
	WaitlistPos    int        `json:"waitlist_pos,omitempty"`
	Name           string     `json:"name"`
	Kana           string     `json:"kana"`
	Email          string     `json:"email,omitempty"`
	University     string     `json:"university"`
	Faculty        string     `json:"faculty"`
	GraduationYear int        `json:"graduation_year"`
	Interest       string     `json:"interest"`
	Question       string     `json:"question,omitempty"`
	WalkIn         bool       `json:"walk_in"`
	Queued         bool       `json:"queued"`
	CheckinCode    string     `json:"-"`
	CreatedAt      time.Time  `json:"created_at"`
	AttendedAt     *time.Time `json:"attended_at,omitempty"`
	Purged         bool       `json:"purged"`
}

// Normalize trims the fields.
func (g *Registration) Normalize() {
	g.Name, g.Kana, g.Email = strings.TrimSpace(g.Name), strings.TrimSpace(g.Kana), strings.TrimSpace(g.Email)
	g.University, g.Faculty, g.Interest = strings.TrimSpace(g.University), strings.TrimSpace(g.Faculty), strings.TrimSpace(g.Interest)
	g.Question = strings.TrimSpace(strings.ReplaceAll(g.Question, "\r\n", "\n"))
}

// Validate checks a registration; walkIn relaxes what the desk need not ask.
func (g *Registration) Validate(walkIn bool, year int) error {
	fe := apperr.FieldErrors{}
	if n := utf8.RuneCountInString(g.Name); n == 0 || n > public.MaxName {
		fe["name"] = "お名前を100文字以内で入力してください。"
	}
	if n := utf8.RuneCountInString(g.Kana); (!walkIn && n == 0) || n > public.MaxName {
		fe["kana"] = "フリガナを100文字以内で入力してください。"
	}
	if !walkIn || g.Email != "" {
		if !public.ValidEmail(g.Email) {
			fe["email"] = "メールアドレスの形式が正しくありません（例: name@example.jp）。"
		}
	}
	if n := utf8.RuneCountInString(g.University); (!walkIn && n == 0) || n > 100 {
		fe["university"] = "大学名を100文字以内で入力してください。"
	}
	if utf8.RuneCountInString(g.Faculty) > 100 {
		fe["faculty"] = "学部・学科は100文字以内で入力してください。"
	}
	if g.GraduationYear != 0 || !walkIn {
		if g.GraduationYear < year-10 || g.GraduationYear > year+6 {
			fe["graduation_year"] = "卒業（予定）年を西暦4桁で入力してください（例: " + strconv.Itoa(year+1) + "）。"
		}
	}
	if g.Interest != "" && !oneOf(g.Interest, JobTypes) {
		fe["interest"] = "関心のある職種を一覧から選んでください。"
	}
	if utf8.RuneCountInString(g.Question) > 1000 {
		fe["question"] = "質問は1,000文字以内で入力してください。"
	}
	if g.SessionID == 0 {
		fe["session_id"] = "参加する回を選んでください。"
	}
	if !utf8.ValidString(g.Name + g.Kana + g.Email + g.University + g.Faculty + g.Question) {
		fe["question"] = "読み取れない文字が含まれています。"
	}
	if len(fe) > 0 {
		return apperr.Fields(fe)
	}
	return nil
}

// Answer is one survey answer.
type Answer struct {
	Satisfaction int    `json:"satisfaction"` // 1〜5
	Intent       string `json:"intent"`
	Comment      string `json:"comment"`
}

// Validate checks an answer.
func (a *Answer) Validate() error {
	a.Comment = strings.TrimSpace(a.Comment)
	fe := apperr.FieldErrors{}
	if a.Satisfaction < 1 || a.Satisfaction > 5 {
		fe["satisfaction"] = "満足度を1〜5から選んでください。"
	}
	if !oneOf(a.Intent, Intents) {
		fe["intent"] = "受験の意向を選んでください。"
	}
	if utf8.RuneCountInString(a.Comment) > 1000 {
		fe["comment"] = "ご意見は1,000文字以内で入力してください。"
	}
	if len(fe) > 0 {
		return apperr.Fields(fe)
	}
	return nil
}

// University is a university the center recruits at.
type University struct {
	ID         int64     `json:"id"`
	Name       string    `json:"name"`
	Kana       string    `json:"kana"`
	Prefecture string    `json:"prefecture"`
	Partner    bool      `json:"partner"`
	Contacts   []Contact `json:"contacts"`
	Alumni     int       `json:"alumni"`
}

// Validate checks a university.
func (u *University) Validate() error {
	u.Name, u.Kana, u.Prefecture = strings.TrimSpace(u.Name), strings.TrimSpace(u.Kana), strings.TrimSpace(u.Prefecture)
	fe := apperr.FieldErrors{}
	if n := utf8.RuneCountInString(u.Name); n == 0 || n > 100 {
		fe["name"] = "大学名を100文字以内で入力してください。"
	}
	if utf8.RuneCountInString(u.Kana) > 100 {
		fe["kana"] = "フリガナは100文字以内で入力してください。"
	}
	if utf8.RuneCountInString(u.Prefecture) > 10 {
		fe["prefecture"] = "都道府県は10文字以内で入力してください。"
	}
	if len(fe) > 0 {
		return apperr.Fields(fe)
	}
	return nil
}

// Contact is a person at a university the center deals with.
type Contact struct {
	ID    int64  `json:"id"`
	Name  string `json:"name"`
	Role  string `json:"role"`
	Email string `json:"email"`
	Phone string `json:"phone"`
}

// Validate checks a contact.
func (c *Contact) Validate() error {
	c.Name, c.Role, c.Email, c.Phone = strings.TrimSpace(c.Name), strings.TrimSpace(c.Role), strings.TrimSpace(c.Email), strings.TrimSpace(c.Phone)
	fe := apperr.FieldErrors{}
	if n := utf8.RuneCountInString(c.Name); n == 0 || n > 100 {
		fe["name"] = "担当者名を100文字以内で入力してください。"
	}
	if utf8.RuneCountInString(c.Role) > 100 {
		fe["role"] = "部署・役職は100文字以内で入力してください。"
	}
	if c.Email != "" && !public.ValidEmail(c.Email) {
		fe["email"] = "メールアドレスの形式が正しくありません。"
	}
	if utf8.RuneCountInString(c.Phone) > 30 {
		fe["phone"] = "電話番号は30文字以内で入力してください。"
	}
	if len(fe) > 0 {
		return apperr.Fields(fe)
	}
	return nil
}

// Visit is one PR visit or event at a university.
type Visit struct {
	ID           int64  `json:"id"`
	UniversityID int64  `json:"university_id"`
	University   string `json:"university"`
	Date         string `json:"date"`
	FY           int    `json:"fy"`
	Who          string `json:"who"`
	What         string `json:"what"`
	Students     int    `json:"students"`
}

// Validate checks a visit and sets its fiscal year.
func (v *Visit) Validate() error {
	v.Who, v.What = strings.TrimSpace(v.Who), strings.TrimSpace(v.What)
	fe := apperr.FieldErrors{}
	d, err := time.Parse(time.DateOnly, v.Date)
	if err != nil {
		fe["date"] = "日付を 2026-05-20 の形で入力してください。"
	} else {
		v.FY = calendar.FiscalYear(d)
	}
	if n := utf8.RuneCountInString(v.What); n == 0 || n > 200 {
		fe["what"] = "内容を200文字以内で入力してください。"
	}
	if utf8.RuneCountInString(v.Who) > 200 {
		fe["who"] = "訪問者は200文字以内で入力してください。"
	}
	if v.Students < 0 || v.Students > 100000 {
		fe["students"] = "学生数は0以上の数で入力してください。"
	}
	if len(fe) > 0 {
		return apperr.Fields(fe)
	}
	return nil
}

// Alumnus is a current staff member who graduated from a university.
type Alumnus struct {
	Number     string `json:"number"`
	Name       string `json:"name"`
	Unit       string `json:"unit"`
	Rank       string `json:"rank"`
	JobType    string `json:"job_type"`
	University string `json:"university"`
}

func oneOf(s string, list []string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
