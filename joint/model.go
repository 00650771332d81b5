// Package joint holds joint training run by outside bodies (PRODUCT O5):
// programmes of 市長会・町村会, the prefecture, JAMP, JIAM or 自治大学校 with the
// city's quota, and the city's applications to them (DOMAIN.md §7).
package joint

import (
	"time"
	"unicode/utf8"

	"hagukumi/apperr"
	"hagukumi/calendar"
)

// Policy is how a programme chooses among the city's applicants when more
// apply than the quota allows.
type Policy string

const (
	FirstCome Policy = "first_come" // the earliest applications, in order
	Lottery   Policy = "lottery"    // a seeded, repeatable draw
	AllIn     Policy = "all"        // everyone is accepted (the host expands)
)

// Status is the state of one application, in the order of DOMAIN.md §7:
// 申込 → 推薦 → 受講決定 / 落選 → 変更 / 取消 → 修了 / 欠席.
type Status string

const (
	Applied     Status = "applied"
	Recommended Status = "recommended"
	Accepted    Status = "accepted"
	Rejected    Status = "rejected"
	Changed     Status = "changed"
	Cancelled   Status = "cancelled"
	Completed   Status = "completed"
	Absent      Status = "absent"
)

// StatusLabels are the Japanese names shown on pages and exports.
var StatusLabels = map[Status]string{
	Applied: "申込", Recommended: "推薦", Accepted: "受講決定", Rejected: "落選",
	Changed: "変更", Cancelled: "取消", Completed: "修了", Absent: "欠席",
}

// Programme is one joint training of a fiscal year as the city sees it.
type Programme struct {
	ID       int64     `json:"id"`
	FY       int       `json:"fy"`
	Name     string    `json:"name"`
	Host     string    `json:"host"`
	Quota    int       `json:"quota"`
	Policy   Policy    `json:"policy"`
	StartsOn time.Time `json:"starts_on"`
	EndsOn   time.Time `json:"ends_on"`
	Hours    float64   `json:"hours"`
	ApplyBy  time.Time `json:"apply_by"`
	Taken    int       `json:"taken"` // applications that hold a place
}

// Validate checks a programme before it is saved.
func (p *Programme) Validate() error {
	fe := apperr.FieldErrors{}
	if p.Name == "" || utf8.RuneCountInString(p.Name) > 200 {
		fe["name"] = "研修名を200文字以内で入力してください。"
	}
	if p.Host == "" || utf8.RuneCountInString(p.Host) > 100 {
		fe["host"] = "主催を100文字以内で入力してください。"
	}
	if p.Quota < 0 || p.Quota > 1000 {
		fe["quota"] = "割当人数は0〜1000人で入力してください。"
	}
	switch p.Policy {
	case "":
		p.Policy = FirstCome
	case FirstCome, Lottery, AllIn:
	default:
		fe["policy"] = "選考方法は先着・抽選・全員のいずれかです。"
	}
	if p.StartsOn.IsZero() || p.EndsOn.Before(p.StartsOn) {
		fe["starts_on"] = "開催期間を正しく入力してください。"
	}
	if p.ApplyBy.IsZero() || p.ApplyBy.After(p.StartsOn) {
		fe["apply_by"] = "申込締切は開催日以前の日付を入力してください。"
	}
	if p.Hours < 0 || p.Hours > 500 {
		fe["hours"] = "時間数を正しく入力してください。"
	}
	if len(fe) > 0 {
		return apperr.Fields(fe)
	}
	p.FY = calendar.FiscalYear(p.StartsOn)
	return nil
}

// Application is one staff member's application to a programme.
type Application struct {
	ID          int64     `json:"id"`
	ProgrammeID int64     `json:"programme_id"`
	StaffID     int64     `json:"-"`
	Number      string    `json:"number"`
	Name        string    `json:"name"`
	Unit        string    `json:"unit"`
	Status      Status    `json:"status"`
	LateReason  string    `json:"late_reason,omitempty"`
	AppliedAt   time.Time `json:"applied_at"`
}
