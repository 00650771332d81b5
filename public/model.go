// Package public holds the center's public side (PRODUCT I3): the center's
// page, the records it publishes (programmes, lecture topics, open events,
// a fiscal year's figures), and what the public sends through its forms,
// with the guards every public form shares, the center's inbox and the
// retention of the senders' personal data.
package public

import (
	"net/mail"
	"strings"
	"time"
	"unicode/utf8"

	"hagukumi/apperr"
)

// Kinds of submission. Each public form is one kind; dispatch and
// recruitment add theirs.
const (
	KindContact = "contact"
	KindLecture = "lecture" // a lecture request (講師派遣)
	KindRecruit = "recruit" // a briefing registration (採用説明会)
)

// KindLabel names a kind of submission for people.
func KindLabel(kind string) string {
	switch kind {
	case KindContact:
		return "お問い合わせ"
	case KindLecture:
		return "講師派遣のお申込み"
	case KindRecruit:
		return "採用説明会のお申込み"
	}
	return kind
}

// States of a submission.
const (
	StateReceived  = "received"
	StateWorking   = "working"
	StateAnswered  = "answered"
	StateClosed    = "closed"
	StateWithdrawn = "withdrawn"
	StateSpam      = "spam"
)

// States lists every state in the order the inbox offers them.
var States = []string{StateReceived, StateWorking, StateAnswered, StateClosed, StateWithdrawn, StateSpam}

// StateLabel names a state for the center.
func StateLabel(s string) string {
	switch s {
	case StateReceived:
		return "受付"
	case StateWorking:
		return "対応中"
	case StateAnswered:
		return "回答済み"
	case StateClosed:
		return "完了"
	case StateWithdrawn:
		return "取り下げ"
	case StateSpam:
		return "迷惑送信"
	}
	return s
}

// Field limits of the public forms, in characters.
const (
	MaxName    = 100
	MaxEmail   = 254
	MaxMessage = 4000
	MaxNote    = 4000
)

// Contact is what the contact form sends.
type Contact struct {
	Name    string
	Email   string
	Message string
}

// Normalize trims the fields and makes line ends one form.
func (c *Contact) Normalize() {
	c.Name = strings.TrimSpace(c.Name)
	c.Email = strings.TrimSpace(c.Email)
	c.Message = strings.TrimSpace(strings.ReplaceAll(c.Message, "\r\n", "\n"))
}

// Validate checks the fields, with a Japanese message next to each field
// at fault.
func (c *Contact) Validate() error {
	fe := apperr.FieldErrors{}
	if utf8.RuneCountInString(c.Name) > MaxName {
		fe["name"] = "お名前は100文字以内で入力してください。"
	}
	if c.Email != "" && !ValidEmail(c.Email) {
		fe["email"] = "メールアドレスの形式が正しくありません（例: name@example.jp）。"
	}
	switch n := utf8.RuneCountInString(c.Message); {
	case n == 0:
		fe["message"] = "お問い合わせの内容を入力してください。"
	case n > MaxMessage:
		fe["message"] = "お問い合わせの内容は4,000文字以内で入力してください。"
	}
	if !utf8.ValidString(c.Name + c.Email + c.Message) {
		fe["message"] = "読み取れない文字が含まれています。"
	}
	if len(fe) > 0 {
		return apperr.Fields(fe)
	}
	return nil
}

// ValidEmail tells whether s is one plain address (no display name) of at
// most MaxEmail characters with a dot in its domain.
func ValidEmail(s string) bool {
	if len(s) > MaxEmail || strings.ContainsAny(s, " \t\r\n<>,;\"") {
		return false
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s {
		return false
	}
	at := strings.LastIndexByte(s, '@')
	return at > 0 && strings.Contains(s[at+1:], ".") && !strings.HasSuffix(s, ".")
}

// Submission is one thing the public sent, as the center sees it.
type Submission struct {
	ID         int64      `json:"id"`
	Kind       string     `json:"kind"`
	State      string     `json:"state"`
	Queued     bool       `json:"queued"`
	Name       string     `json:"name"`
	Email      string     `json:"email"`
	Message    string     `json:"message"`
	AssigneeID int64      `json:"assignee_user_id,omitempty"`
	Assignee   string     `json:"assignee,omitempty"`
	CreatedAt  time.Time  `json:"created_at"`
	UpdatedAt  time.Time  `json:"updated_at"`
	ClosedAt   *time.Time `json:"closed_at,omitempty"`
	PurgeAfter *time.Time `json:"purge_after,omitempty"`
}

// Note is a line of a submission's history in the inbox: a note of the
// center, or a reply sent by mail.
type Note struct {
	ID        int64     `json:"id"`
	Kind      string    `json:"kind"` // note or reply
	Author    string    `json:"author"`
	Body      string    `json:"body"`
	CreatedAt time.Time `json:"created_at"`
}

// Validate checks an event, with Japanese per-field messages.
func (e *Event) Validate() error {
	e.Title, e.Body, e.Place = strings.TrimSpace(e.Title), strings.TrimSpace(e.Body), strings.TrimSpace(e.Place)
	fe := apperr.FieldErrors{}
	if n := utf8.RuneCountInString(e.Title); n == 0 || n > 100 {
		fe["title"] = "名称を100文字以内で入力してください。"
	}
	if utf8.RuneCountInString(e.Body) > 2000 {
		fe["body"] = "説明は2,000文字以内で入力してください。"
	}
	if utf8.RuneCountInString(e.Place) > 100 {
		fe["place"] = "会場は100文字以内で入力してください。"
	}
	if _, err := time.Parse(time.DateOnly, e.HeldOn); err != nil {
		fe["held_on"] = "開催日を 2026-05-20 の形で入力してください。"
	}
	if e.Registration == "" {
		e.Registration = "open"
	}
	if e.Registration != "open" && e.Registration != "full" && e.Registration != "closed" {
		fe["registration"] = "受付状況の指定が正しくありません。"
	}
	if len(fe) > 0 {
		return apperr.Fields(fe)
	}
	return nil
}
