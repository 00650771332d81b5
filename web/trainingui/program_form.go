package trainingui

import (
	"net/http"
	"strconv"
	"strings"

	"hagukumi/apperr"
	"hagukumi/calendar"
	"hagukumi/jtext"
	"hagukumi/staff"
	"hagukumi/training"
	"hagukumi/web"
)

type programFormData struct {
	P          *training.Program
	Categories []string
	Types      []string
	Ranks      []staff.Rank
	Units      []staff.Unit
	Years      string
	RankFrom   string
	Programs   []*training.Program
	Modes      [][2]string
}

// formData gathers what the program form offers to choose from.
func (s *ui) formData(r *http.Request, p *training.Program) *programFormData {
	u := web.UserOf(r)
	d := &programFormData{P: p, Categories: training.Categories, Types: staff.EmploymentTypes,
		Modes: [][2]string{{training.ModeNomination, "指名"}, {training.ModeApplication, "申込"}, {training.ModeRecommendation, "推薦"}}}
	d.Ranks, _ = s.Staff.Ranks(r.Context(), u.Municipality)
	d.Units, _ = s.Staff.Units(r.Context(), u.Municipality, calendar.CurrentFY(s.Now()))
	d.Programs, _ = s.Train.Programs(r.Context(), u.Municipality)
	var ys []string
	for _, y := range p.Rule.ServiceYears {
		ys = append(ys, strconv.Itoa(y))
	}
	d.Years = strings.Join(ys, ",")
	if p.Rule.RankFrom != nil {
		d.RankFrom = strconv.Itoa(*p.Rule.RankFrom)
	}
	return d
}

// readProgramForm reads the program and its rule from the form fields.
func readProgramForm(r *http.Request, p *training.Program) error {
	if err := r.ParseForm(); err != nil {
		return apperr.Invalidf("フォームを読み取れません。")
	}
	f := r.PostForm
	p.Code, p.Name, p.Category = f.Get("code"), f.Get("name"), f.Get("category")
	p.Objectives, p.Competencies = strings.TrimSpace(f.Get("objectives")), strings.TrimSpace(f.Get("competencies"))
	p.Mode = f.Get("mode")
	p.Selection = p.Mode == training.ModeRecommendation && f.Get("selection") == "1"
	p.Mandatory, p.Active = f.Get("mandatory") == "1", f.Get("active") == "1"
	p.CompletionReport, p.CompletionSurvey = f.Get("completion_report") == "1", f.Get("completion_survey") == "1"
	var err error
	if p.Hours, err = strconv.ParseFloat(strings.TrimSpace(f.Get("hours")), 64); err != nil {
		return apperr.Invalidf("時間数を数字で入力してください。")
	}
	if p.CompletionMinPct, err = strconv.Atoi(strings.TrimSpace(f.Get("completion_min_pct"))); err != nil {
		return apperr.Invalidf("修了に必要な出席率を数字で入力してください。")
	}
	rule := training.Rule{Manual: f.Get("manual") == "1", EmploymentTypes: f["employment_types"], Ranks: f["ranks"],
		Units: f["units"], NotCompleted: f["not_completed"], CandidateFor: f.Get("candidate_for")}
	for _, y := range strings.FieldsFunc(jtext.SearchKey(f.Get("service_years")), func(r rune) bool { return r == ',' || r == '、' || r == '・' }) {
		n, err := strconv.Atoi(y)
		if err != nil {
			return apperr.Invalidf("採用n年目は 1,2 のように数字で入力してください。")
		}
		rule.ServiceYears = append(rule.ServiceYears, n)
	}
	if v := strings.TrimSpace(f.Get("rank_from")); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			return apperr.Invalidf("昇任年度は数字で入力してください（0は当該年度）。")
		}
		rule.RankFrom = &n
	}
	p.Rule = rule
	return nil
}
