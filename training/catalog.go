package training

import "hagukumi/staff"

// Categories of programs (研修の区分).
var Categories = []string{"特別研修", "階層別研修", "職場研修（OJT）", "職員修練道場・寺子屋", "派遣研修", "外部研修", "自己啓発", "働き方セミナー"}

// Enrolment modes.
const (
	ModeNomination     = "nomination"     // 指名
	ModeApplication    = "application"    // 申込
	ModeRecommendation = "recommendation" // 推薦
)

// ModeLabel is the Japanese name of an enrolment mode.
func ModeLabel(m string) string {
	switch m {
	case ModeApplication:
		return "申込"
	case ModeRecommendation:
		return "推薦"
	}
	return "指名"
}

// Program is one training program of the catalog.
type Program struct {
	ID               int64   `json:"-"`
	Code             string  `json:"code"`
	Name             string  `json:"name"`
	Category         string  `json:"category"`
	Objectives       string  `json:"objectives"`
	Competencies     string  `json:"competencies"`
	Hours            float64 `json:"hours"`
	Mandatory        bool    `json:"mandatory"`
	Mode             string  `json:"enrolment_mode"`
	Rule             Rule    `json:"rule"`
	CompletionMinPct int     `json:"completion_min_pct"`
	CompletionReport bool    `json:"completion_report"`
	CompletionSurvey bool    `json:"completion_survey"`
	Active           bool    `json:"active"`
	// Selection: a 推薦 waits for the center's selection (推薦 → センター選考)
	// instead of deciding the place (推薦 = 決定). Only for ModeRecommendation.
	Selection bool `json:"recommend_selection"`
}

func ints(v ...int) []int { return v }
func intp(v int) *int     { return &v }

// DefaultCatalog is what a new municipality starts with (issue 3's table).
func DefaultCatalog() []Program {
	regular := []string{staff.Regular}
	p := func(code, name, cat string, hours float64, mandatory bool, r Rule) Program {
		mode := ModeNomination
		if r.Manual {
			mode = ModeApplication
		}
		return Program{Code: code, Name: name, Category: cat, Hours: hours, Mandatory: mandatory, Mode: mode, Rule: r, CompletionMinPct: 75, Active: true}
	}
	manual := Rule{Manual: true}
	list := []Program{
		p("NEW_HIRE", "新規採用職員研修", "階層別研修", 21, true, Rule{ServiceYears: ints(1), EmploymentTypes: regular}),
		p("YEAR2", "採用2年目職員研修", "階層別研修", 7, true, Rule{ServiceYears: ints(2), EmploymentTypes: regular}),
		p("YEAR3", "採用3年目職員研修", "階層別研修", 7, true, Rule{ServiceYears: ints(3), EmploymentTypes: regular}),
		p("SHUSA_CANDIDATE", "主査昇格候補者研修", "階層別研修", 7, true, Rule{CandidateFor: "主査"}),
		p("NEW_KAKARICHO", "新任係長研修", "階層別研修", 7, true, Rule{Ranks: []string{"係長"}, RankFrom: intp(0)}),
		p("SHUNIN_SHUSA_2", "主任主査2年目職員研修", "階層別研修", 7, true, Rule{Ranks: []string{"主任主査"}, RankFrom: intp(1)}),
		p("NEW_KACHO", "新任課長研修", "階層別研修", 7, true, Rule{Ranks: []string{"課長"}, RankFrom: intp(0)}),
		p("KAIKEI_NENDO", "会計年度任用職員研修", "特別研修", 3, false, Rule{EmploymentTypes: []string{staff.FiscalYear}}),
		p("OJT", "OJT研修", "職場研修（OJT）", 3, false, manual),
		p("CAREER_DESIGN", "キャリアデザイン研修", "特別研修", 7, false, manual),
		p("FOLLOW_UP", "人財育成フォローアップ研修", "特別研修", 3, false, manual),
		p("SETTAI", "接遇研修", "特別研修", 3, false, manual),
		p("COMPLIANCE", "コンプライアンス研修", "特別研修", 2, false, manual),
		p("MENTAL_HEALTH", "メンタルヘルス研修", "特別研修", 2, false, manual),
		p("IKUBOSS", "イクボスセミナー", "働き方セミナー", 2, false, manual),
		p("TIME_MANAGEMENT", "タイムマネジメント研修", "働き方セミナー", 3, false, manual),
		p("DOJO", "職員修練道場", "職員修練道場・寺子屋", 2, false, manual),
		p("TERAKOYA", "職員寺子屋", "職員修練道場・寺子屋", 1.5, false, manual),
	}
	return list
}
