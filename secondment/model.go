// Package secondment holds the placements of city staff outside the city
// hall (PRODUCT O4): to the 国, the prefecture, companies, graduate
// schools, research bodies and other municipalities, each under its legal
// frame, with the reports the person owes while away.
package secondment

import (
	"time"
	"unicode/utf8"

	"hagukumi/apperr"
)

// Kinds of placement host.
const (
	National  = "国"
	Prefect   = "県"
	Company   = "民間"
	Graduate  = "大学院"
	Research  = "研究会"
	OtherCity = "他自治体"
	PublicOrg = "公益法人"
)

// Kinds lists the kinds in the order forms offer them.
var Kinds = []string{National, Prefect, Company, Graduate, Research, OtherCity, PublicOrg}

// Placement is one person's secondment.
type Placement struct {
	ID             int64     `json:"id"`
	StaffID        int64     `json:"-"`
	Number         string    `json:"number"`
	Name           string    `json:"name"`
	Unit           string    `json:"unit"`
	Host           string    `json:"host"`
	Kind           string    `json:"kind"`
	Basis          string    `json:"basis"` // the legal frame; Frame(kind) when left empty
	From           time.Time `json:"from"`
	To             time.Time `json:"to"`
	Costs          string    `json:"costs,omitempty"` // 入学金・授業料・旅費 and who pays
	Reports        []Report  `json:"reports"`
	ReportsOverdue int       `json:"reports_overdue"`
}

// Validate checks a placement and fills its legal basis from its kind.
func (p *Placement) Validate() error {
	fe := apperr.FieldErrors{}
	if p.Host == "" || utf8.RuneCountInString(p.Host) > 100 {
		fe["host"] = "派遣先を100文字以内で入力してください。"
	}
	f, ok := Frame(p.Kind)
	if !ok {
		fe["kind"] = "派遣の種類を選んでください。"
	}
	if p.Basis == "" {
		p.Basis = f.Basis
	}
	if utf8.RuneCountInString(p.Basis) > 100 || utf8.RuneCountInString(p.Costs) > 500 {
		fe["basis"] = "根拠は100文字、費用は500文字以内で入力してください。"
	}
	if p.From.IsZero() || !p.To.After(p.From) {
		fe["from"] = "派遣期間を正しく入力してください。"
	} else if p.To.Sub(p.From) > 5*366*24*time.Hour {
		fe["to"] = "派遣期間は5年以内です。"
	}
	if len(fe) > 0 {
		return apperr.Fields(fe)
	}
	return nil
}

// Report is one report a placement owes, with its deadline.
type Report struct {
	ID        int64     `json:"id"`
	Kind      string    `json:"kind"` // 月次報告, 中間報告, 最終報告, 研究論文, 成績証明書
	Due       time.Time `json:"due"`
	Submitted string    `json:"submitted,omitempty"` // ISO date, "" while owed
	FileName  string    `json:"file_name,omitempty"`
}
