package planui

import (
	"net/http"

	"hagukumi/calendar"
	"hagukumi/web"
)

// planPage shows a 年度's plan.
func (s *ui) planPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderPlan(w, r, "plan")
}

// planPrint shows the plan laid out for A4 paper.
func (s *ui) planPrint(w http.ResponseWriter, r *http.Request) error {
	return s.renderPlan(w, r, "plan_print")
}

func (s *ui) renderPlan(w http.ResponseWriter, r *http.Request, tmpl string) error {
	d, err := s.loadPlan(r)
	if err != nil {
		return err
	}
	d.Printed = calendar.FormatWareki(s.Now().In(calendar.JST))
	s.Render(w, r, http.StatusOK, tmpl, &web.Page{Title: calendar.FormatNendo(d.FY) + " 研修計画", Nav: "plan", FY: d.FY, Data: d})
	return nil
}
