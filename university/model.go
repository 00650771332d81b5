// Package university holds the center's partners and the courses its staff
// teach at them (PRODUCT O2, O3): partner organisations with their
// agreements (包括連携協定 and others) and activity log, and university
// courses with their lecture dates and staff lecturers.
package university

import (
	"time"
	"unicode/utf8"

	"hagukumi/apperr"
	"hagukumi/calendar"
)

// PartnerKinds are the kinds of partner organisation.
var PartnerKinds = []string{"大学", "県", "市長会・町村会", "企業", "研究機関", "その他"}

// Partner is an outside organisation the center works with.
type Partner struct {
	ID         int64       `json:"id"`
	Name       string      `json:"name"`
	Kind       string      `json:"kind"`
	Contact    string      `json:"contact"`
	Agreements []Agreement `json:"agreements"`
}

// Validate checks a partner before it is saved.
func (p *Partner) Validate() error {
	fe := apperr.FieldErrors{}
	if p.Name == "" || utf8.RuneCountInString(p.Name) > 100 {
		fe["name"] = "名称を100文字以内で入力してください。"
	}
	if !oneOf(p.Kind, PartnerKinds) {
		fe["kind"] = "種別を選んでください。"
	}
	if utf8.RuneCountInString(p.Contact) > 200 {
		fe["contact"] = "連絡先は200文字以内で入力してください。"
	}
	return fieldErrors(fe)
}

// Agreement is one agreement with a partner.
type Agreement struct {
	Kind       string `json:"kind"` // 包括連携協定 or another name
	SignedOn   string `json:"signed_on"`
	EndsOn     string `json:"ends_on,omitempty"`
	AutoRenew  bool   `json:"auto_renew"`
	Scope      string `json:"scope,omitempty"`
	Department string `json:"department,omitempty"` // the city's 担当課
}

// Validate checks an agreement; dates are ISO.
func (a *Agreement) Validate() error {
	fe := apperr.FieldErrors{}
	if a.Kind == "" || utf8.RuneCountInString(a.Kind) > 100 {
		fe["kind"] = "協定の種類を100文字以内で入力してください。"
	}
	if !isDate(a.SignedOn) {
		fe["signed_on"] = "締結日を入力してください。"
	}
	if a.EndsOn != "" && (!isDate(a.EndsOn) || a.EndsOn < a.SignedOn) {
		fe["ends_on"] = "期間の終わりは締結日より後の日付を入力してください。"
	}
	if utf8.RuneCountInString(a.Scope) > 500 || utf8.RuneCountInString(a.Department) > 100 {
		fe["scope"] = "連携の範囲は500文字、担当課は100文字以内で入力してください。"
	}
	return fieldErrors(fe)
}

// Course is a course the city's staff teach at a partner in one fiscal year.
type Course struct {
	ID          int64     `json:"id"`
	PartnerID   int64     `json:"partner_id"`
	Partner     string    `json:"partner"`
	FY          int       `json:"fy"`
	Name        string    `json:"name"`
	Term        string    `json:"term"` // 前期 or 後期
	Credits     int       `json:"credits"`
	Coordinator string    `json:"coordinator"`
	Lectures    []Lecture `json:"lectures"`
}

// Validate checks a course before it is saved.
func (c *Course) Validate() error {
	fe := apperr.FieldErrors{}
	if c.Name == "" || utf8.RuneCountInString(c.Name) > 100 {
		fe["name"] = "科目名を100文字以内で入力してください。"
	}
	if c.Term != "前期" && c.Term != "後期" && c.Term != "通年" {
		fe["term"] = "学期は前期・後期・通年のいずれかです。"
	}
	if c.FY < calendar.FirstFY || c.FY > 2200 {
		fe["fy"] = "年度を正しく入力してください。"
	}
	if c.Credits < 0 || c.Credits > 20 {
		fe["credits"] = "単位数を正しく入力してください。"
	}
	if utf8.RuneCountInString(c.Coordinator) > 100 {
		fe["coordinator"] = "大学側の担当者は100文字以内で入力してください。"
	}
	return fieldErrors(fe)
}

// Lecture is one date of a course with its staff lecturers.
type Lecture struct {
	ID         int64      `json:"id"`
	Date       string     `json:"date"`
	Topic      string     `json:"topic"`
	Hours      float64    `json:"hours"`
	Attendance int        `json:"attendance"`
	Lecturers  []Lecturer `json:"lecturers"`
}

// Lecturer is a staff member teaching one lecture, with their department
// as it was when the lecture was recorded.
type Lecturer struct {
	Number string `json:"number"`
	Name   string `json:"name"`
	Unit   string `json:"unit"`
}

// Validate checks a lecture: a date, sensible hours, at least one lecturer.
func (l *Lecture) Validate() error {
	fe := apperr.FieldErrors{}
	if !isDate(l.Date) {
		fe["date"] = "講義日を入力してください。"
	}
	if l.Hours < 0 || l.Hours > 12 || l.Attendance < 0 || l.Attendance > 10000 {
		fe["hours"] = "時間数と出席者数を正しく入力してください。"
	}
	if utf8.RuneCountInString(l.Topic) > 200 {
		fe["topic"] = "テーマは200文字以内で入力してください。"
	}
	if len(l.Lecturers) == 0 || len(l.Lecturers) > 10 {
		fe["lecturers"] = "講師の職員番号を1〜10人入力してください。"
	}
	return fieldErrors(fe)
}

// Activity is one entry of a partner's activity log.
type Activity struct {
	ID        int64  `json:"id"`
	PartnerID int64  `json:"partner_id"`
	Partner   string `json:"partner"`
	Date      string `json:"date"`
	Kind      string `json:"kind"` // 学生交流, 共同研究, リレー講座, 職員OBOG説明, 研究助成, その他
	Title     string `json:"title"`
}

func isDate(s string) bool {
	_, err := time.Parse("2006-01-02", s)
	return err == nil
}

func oneOf(s string, list []string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func fieldErrors(fe apperr.FieldErrors) error {
	if len(fe) > 0 {
		return apperr.Fields(fe)
	}
	return nil
}
