// Package rtw is 復職支援: return-to-work cases after mental-health leave
// (issue 17, PRODUCT W3), following the MHLW guideline's five steps. It
// holds 要配慮個人情報, so three rules run through it: only the case
// managers assigned to a case see its content (everyone else is told the
// case does not exist), every read is written to the audit chain, and the
// content is sealed at rest (package seal) with the case id bound to it.
//
// Only web/rtwui imports this package (and later a report package for
// anonymous counts); app's deps test keeps it so.
package rtw

import (
	"time"
	"unicode/utf8"

	"hagukumi/apperr"
)

// Steps of the guideline, ① to ⑤.
var StepLabels = map[int]string{
	1: "① 病気休業開始・休業中のケア",
	2: "② 主治医による職場復帰可能の判断",
	3: "③ 職場復帰の可否の判断と職場復帰支援プランの作成",
	4: "④ 最終的な職場復帰の決定",
	5: "⑤ 職場復帰後のフォローアップ",
}

// Case is one absence of one person. Its sealed fields (Content, notes)
// are filled only for an assigned case manager and only when the key is
// present; KeyMissing and Broken say why they are not.
type Case struct {
	ID          int64      `json:"id"`
	StaffID     int64      `json:"-"`
	StaffNumber string     `json:"staff_number"`
	StaffName   string     `json:"staff_name"`
	Step        int        `json:"step"`
	Status      string     `json:"status"` // open, closed
	LeaveType   string     `json:"leave_type"`
	LeaveUntil  string     `json:"leave_until,omitempty"`
	ReturnedOn  string     `json:"returned_on,omitempty"`
	OpenedAt    time.Time  `json:"opened_at"`
	ClosedAt    *time.Time `json:"closed_at,omitempty"`
	Destroyed   bool       `json:"destroyed"`
	Managers    []Manager  `json:"managers"`
	Content     Content    `json:"content"`
	Notes       []Note     `json:"notes"`
	Consents    []Consent  `json:"consents"`
	KeyMissing  bool       `json:"key_missing"`
	Broken      bool       `json:"broken"`
}

// StepLabel is the step's name in the guideline.
func (c *Case) StepLabel() string { return StepLabels[c.Step] }

// Manager is a case manager assigned to a case; Removed keeps handovers.
type Manager struct {
	UserID  int64      `json:"user_id"`
	Login   string     `json:"login"`
	Name    string     `json:"name"`
	Since   time.Time  `json:"since"`
	Removed *time.Time `json:"removed,omitempty"`
}

// Content is the case's sealed record: the opinions and the plans.
type Content struct {
	Diagnosis      string `json:"diagnosis"`       // 休業診断書の要旨
	DoctorOpinion  string `json:"doctor_opinion"`  // 主治医の意見
	OHOpinion      string `json:"oh_opinion"`      // 産業医の意見
	TrialPlan      string `json:"trial_plan"`      // 試し出勤の計画（期間・時間・業務・延長）
	ReturnDecision string `json:"return_decision"` // 最終的な職場復帰の決定
	SupportPlan    string `json:"support_plan"`    // 職場復帰支援プラン
}

// Note is a case manager's note, sealed at rest.
type Note struct {
	ID         int64     `json:"id"`
	Author     string    `json:"author"`
	At         time.Time `json:"at"`
	Text       string    `json:"text"`
	Unreadable bool      `json:"unreadable,omitempty"`
}

// Text limits: a note and each content field.
const (
	MaxNote    = 4000
	MaxContent = 4000
)

// ValidateNote checks a note's text.
func ValidateNote(text string) error {
	fe := apperr.FieldErrors{}
	switch n := utf8.RuneCountInString(text); {
	case n == 0:
		fe["text"] = "記録の内容を入力してください。"
	case n > MaxNote:
		fe["text"] = "記録は4000文字以内で入力してください。"
	}
	if len(fe) > 0 {
		return apperr.Fields(fe)
	}
	return nil
}

// Validate checks the content's lengths.
func (c *Content) Validate() error {
	fe := apperr.FieldErrors{}
	for name, v := range map[string]string{"diagnosis": c.Diagnosis, "doctor_opinion": c.DoctorOpinion, "oh_opinion": c.OHOpinion,
		"trial_plan": c.TrialPlan, "return_decision": c.ReturnDecision, "support_plan": c.SupportPlan} {
		if utf8.RuneCountInString(v) > MaxContent {
			fe[name] = "4000文字以内で入力してください。"
		}
	}
	if len(fe) > 0 {
		return apperr.Fields(fe)
	}
	return nil
}
