package dispatchui

import (
	"fmt"
	"net/http"

	"hagukumi/dispatch"
	"hagukumi/sheet"
	"hagukumi/web"
)

func (s *ui) yearFigures(r *http.Request) (*dispatch.Figures, error) {
	fy, err := web.FY(r, s.Now())
	if err != nil {
		return nil, err
	}
	return s.st.Figures(r.Context(), web.UserOf(r).Municipality, fy)
}

// figures shows a fiscal year's figures.
func (s *ui) figures(w http.ResponseWriter, r *http.Request) error {
	f, err := s.yearFigures(r)
	if err != nil {
		return err
	}
	s.Render(w, r, http.StatusOK, "lecture_figures", &web.Page{Title: "講師派遣の実績", Nav: "lectures", FY: f.FY, Data: f})
	return nil
}

// apiFigures answers the same figures as JSON.
func (s *ui) apiFigures(w http.ResponseWriter, r *http.Request) error {
	f, err := s.yearFigures(r)
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusOK, f)
	return nil
}

// figuresExport downloads the figures as CSV or xlsx: the totals, then
// each breakdown.
func (s *ui) figuresExport(w http.ResponseWriter, r *http.Request) error {
	f, err := s.yearFigures(r)
	if err != nil {
		return err
	}
	sw, err := web.Sheet(w, r, fmt.Sprintf("lecture_figures_%d", f.FY), "講師派遣の実績")
	if err != nil {
		return err
	}
	sw.Row(sheet.Texts("区分", "項目", "依頼", "承認", "実施", "参加者")...)
	total := []struct {
		label string
		n     int
	}{{"依頼", f.Requests}, {"承認", f.Accepted}, {"不承認", f.Declined}, {"取下げ", f.Withdrawn}, {"実施", f.Delivered}, {"参加者", f.Attendees}}
	for _, t := range total {
		if err := sw.Row(sheet.Text("合計"), sheet.Text(t.label), sheet.Int(t.n), sheet.Text(""), sheet.Text(""), sheet.Text("")); err != nil {
			return err
		}
	}
	for _, reason := range dispatch.Reasons {
		l := dispatch.ReasonLabel(reason)
		if err := sw.Row(sheet.Text("不承認の理由"), sheet.Text(l), sheet.Int(f.DeclinedBy[l]), sheet.Text(""), sheet.Text(""), sheet.Text("")); err != nil {
			return err
		}
	}
	for _, part := range []struct {
		name  string
		lines []dispatch.Line
	}{{"テーマ別", f.ByTopic}, {"部署別", f.ByDepartment}, {"依頼者の種類別", f.ByRequesterType}, {"月別", f.ByMonth}} {
		for _, l := range part.lines {
			if err := sw.Row(sheet.Text(part.name), sheet.Text(l.Label), sheet.Int(l.Requests), sheet.Int(l.Accepted), sheet.Int(l.Delivered), sheet.Int(l.Attendees)); err != nil {
				return err
			}
		}
	}
	return sw.Close()
}
