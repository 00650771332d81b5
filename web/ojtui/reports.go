package ojtui

import (
	"fmt"
	"net/http"

	"hagukumi/calendar"
	"hagukumi/competency"
	"hagukumi/ojt"
	"hagukumi/sheet"
	"hagukumi/web"
)

// apiReport answers the year's OJT progress by department.
func (s *ui) apiReport(w http.ResponseWriter, r *http.Request) error {
	d, err := s.yearPlans(r)
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusOK, map[string]any{"fy": d.FY, "departments": ojt.ByDepartment(d.Plans, ojt.QuarterOf(calendar.Today(s.Now())))})
	return nil
}

// exportPlans downloads the year's plans with their progress.
func (s *ui) exportPlans(w http.ResponseWriter, r *http.Request) error {
	d, err := s.yearPlans(r)
	if err != nil {
		return err
	}
	sw, err := web.Sheet(w, r, fmt.Sprintf("ojt_%d", d.FY), "OJT計画")
	if err != nil {
		return err
	}
	sw.Row(sheet.Texts("年度", "所属", "職員番号", "氏名", "トレーナー", "状態", "目標の達成", "遅れ（か月）", "所属長の確認")...)
	for _, p := range d.Plans {
		trainer := ""
		if p.Trainer != nil {
			trainer = *p.Trainer + " " + p.TrainerName
		}
		if err := sw.Row(sheet.Int(p.FY), sheet.Text(web.UnitPath(p.Unit)), sheet.Text(p.Trainee), sheet.Text(p.TraineeName), sheet.Text(trainer),
			sheet.Text(stateLabel(p.State)), sheet.Number(p.Progress), sheet.Int(p.Overdue), sheet.Int(p.Reviews)); err != nil {
			return err
		}
	}
	return sw.Close()
}

// coverage computes the competency coverage of the staff in service.
func (s *ui) coverage(r *http.Request) ([]competency.CoverageLine, error) {
	ctx, muni := r.Context(), web.UserOf(r).Municipality
	f, err := s.Comp.InForce(ctx, muni)
	if err != nil {
		return nil, err
	}
	ladder, err := s.ladder(r)
	if err != nil {
		return nil, err
	}
	mapping, err := s.Comp.Mapping(ctx, muni)
	if err != nil {
		return nil, err
	}
	people, err := s.Train.People(ctx, muni)
	if err != nil {
		return nil, err
	}
	today := calendar.Today(s.Now())
	holders := make([]competency.Holder, 0, len(people))
	for _, p := range people {
		if rk, ok := p.RankAt(today); ok && p.Status != "退職" {
			holders = append(holders, competency.Holder{Rank: rk.Rank, Completed: p.Completed})
		}
	}
	return competency.Coverage(f, ladder, holders, mapping), nil
}

// apiCoverage answers the competency coverage by rank as JSON.
func (s *ui) apiCoverage(w http.ResponseWriter, r *http.Request) error {
	lines, err := s.coverage(r)
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusOK, map[string]any{"coverage": lines})
	return nil
}

// exportCoverage downloads the competency coverage by rank.
func (s *ui) exportCoverage(w http.ResponseWriter, r *http.Request) error {
	lines, err := s.coverage(r)
	if err != nil {
		return err
	}
	sw, err := web.Sheet(w, r, "competency_coverage", "能力の充足")
	if err != nil {
		return err
	}
	sw.Row(sheet.Texts("職位", "コード", "能力", "求める水準", "職員数", "対応研修の修了者", "割合")...)
	for _, l := range lines {
		if err := sw.Row(sheet.Text(l.Rank), sheet.Text(l.Code), sheet.Text(l.Name), sheet.Int(l.Level), sheet.Int(l.Staff), sheet.Int(l.Covered), sheet.Number(l.Share)); err != nil {
			return err
		}
	}
	return sw.Close()
}
