// Package ojt holds OJT for new hires (PRODUCT T8): one plan per trainee and
// fiscal year made from a template per job family, the trainer the center
// names (checked against the registry by TrainerWarnings), the monthly
// goals with the trainee's reflection and the trainer's comment, the check
// items with mastery levels, and the 所属長's quarterly reviews.
package ojt

import (
	"unicode/utf8"

	"hagukumi/apperr"
)

// Plan states as the API reports them.
const (
	StateNoTrainer  = "no_trainer"  // no trainer named yet (or the trainer left)
	StateInProgress = "in_progress" // running
	StateCompleted  = "completed"   // signed off at the year's end
)

// Mastery levels of a check item (指導項目リスト).
var Levels = []string{"できない", "指導があればできる", "ひとりでできる", "指導できる"}

// Plan is one trainee's OJT plan of a fiscal year, as the lists show it.
type Plan struct {
	ID             int64   `json:"id"`
	FY             int     `json:"fy"`
	Trainee        string  `json:"trainee"`
	TraineeName    string  `json:"trainee_name"`
	Unit           string  `json:"unit"`
	Trainer        *string `json:"trainer"`
	TrainerName    string  `json:"trainer_name,omitempty"`
	JobFamily      string  `json:"job_family"`
	Start          string  `json:"start"`
	End            string  `json:"end"`
	State          string  `json:"state"`
	Progress       float64 `json:"progress"`
	Overdue        int     `json:"overdue_goals"`
	Reviews        int     `json:"reviews_signed"`
	OverrideReason string  `json:"override_reason,omitempty"`
	// Changes lists what a personnel import changed since the plan was made
	// or the trainer named (trainer_moved, trainee_moved, trainer_left).
	Changes []Warning `json:"changes"`

	traineeID, trainerID       int64
	unitID, trainerUnitID      int64
	curUnitID, curTrainerUnit  int64
	trainerStatus, stored      string
	goals, done, overdueMonths int
}

// Goal is one month of the 期間別マスタープラン.
type Goal struct {
	Month          string `json:"month"` // YYYY-MM
	Goal           string `json:"goal"`
	Done           bool   `json:"done"`
	Reflection     string `json:"reflection"`
	TrainerComment string `json:"trainer_comment"`
}

// Item is one check item with its mastery level (index into Levels).
type Item struct {
	Name       string `json:"name"`
	Competency string `json:"competency,omitempty"`
	Level      int    `json:"level"`
}

// Review is the 所属長's sign-off of a quarter (5: the year's end).
type Review struct {
	Quarter  int    `json:"quarter"`
	Comment  string `json:"comment"`
	SignedBy string `json:"signed_by"`
	SignedOn string `json:"signed_on"`
}

// Detail is a plan with its goals, items and reviews.
type Detail struct {
	Plan
	Goals    []Goal   `json:"goals"`
	Items    []Item   `json:"items"`
	ReviewsL []Review `json:"reviews"`
	Trainers []Stint  `json:"trainers"`
}

// Stint is one trainer's part of a plan's term.
type Stint struct {
	Trainer        string `json:"trainer"`
	Name           string `json:"name"`
	From           string `json:"from"`
	To             string `json:"to,omitempty"`
	OverrideReason string `json:"override_reason,omitempty"`
}

// Template is the plan a job family's new hires start from.
type Template struct {
	JobFamily string   `json:"job_family"`
	Goals     []string `json:"goals"` // April first; a mid-year plan takes the first ones
	Items     []string `json:"items"`
}

// Text limits of the free-text fields.
const (
	MaxReflection = 2000
	MaxReason     = 500
)

// ValidateReflection checks a monthly reflection or comment.
func ValidateReflection(field, text string) error {
	if utf8.RuneCountInString(text) > MaxReflection {
		return apperr.Fields(apperr.FieldErrors{field: "2000文字以内で入力してください。"})
	}
	return nil
}

// DefaultTemplate is used for a job family without its own template.
func DefaultTemplate() Template {
	return Template{
		Goals: []string{
			"職場のルールと仕事の流れを知る", "担当業務の基本を覚える", "窓口・電話対応をひとりで行う",
			"文書事務（起案・決裁）の手順を身につける", "予算・会計の基本を理解する", "担当業務の年間スケジュールを把握する",
			"上半期の振り返りと目標の見直し", "関係課との調整を経験する", "住民への説明を経験する",
			"業務改善の提案をひとつまとめる", "次年度に向けた引継書を作る", "1年の振り返り",
		},
		Items: []string{"電話応対", "窓口応対", "文書の起案", "決裁の流れ", "予算執行の手続", "個人情報の取扱い", "報告・連絡・相談"},
	}
}
