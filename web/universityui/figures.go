package universityui

import (
	"net/http"

	"hagukumi/joint"
	"hagukumi/secondment"
	"hagukumi/sheet"
	"hagukumi/university"
	"hagukumi/web"
)

// figures is one fiscal year of the outward work, as the annual report counts it.
type figures struct {
	FY          int                    `json:"fy"`
	University  university.Figures     `json:"university"`
	Secondments []secondment.KindCount `json:"secondments"`
	Joint       joint.Figures          `json:"joint"`
}

// loadFigures is the one loader of the API and the export.
func (s *ui) loadFigures(r *http.Request) (figures, error) {
	fy, err := web.FY(r, s.Now())
	if err != nil {
		return figures{}, err
	}
	ctx, muni := r.Context(), web.UserOf(r).Municipality
	f := figures{FY: fy}
	if f.University, err = s.st.YearFigures(ctx, muni, fy); err != nil {
		return f, err
	}
	if f.Secondments, err = s.sec.YearFigures(ctx, muni, fy); err != nil {
		return f, err
	}
	f.Joint, err = s.jt.YearFigures(ctx, muni, fy)
	return f, err
}

// apiFigures answers the year's figures.
func (s *ui) apiFigures(w http.ResponseWriter, r *http.Request) error {
	f, err := s.loadFigures(r)
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusOK, f)
	return nil
}

// exportFigures downloads the year's figures as rows of 区分, 項目, 値.
func (s *ui) exportFigures(w http.ResponseWriter, r *http.Request) error {
	f, err := s.loadFigures(r)
	if err != nil {
		return err
	}
	sw, err := web.Sheet(w, r, "市外での人材育成実績", "実績")
	if err != nil {
		return err
	}
	row := func(group, item string, v float64) { sw.Row(sheet.Text(group), sheet.Text(item), sheet.Number(v)) }
	sw.Row(sheet.Texts("区分", "項目", "値")...)
	u := f.University
	row("大学連携講座", "講座数", float64(u.Courses))
	row("大学連携講座", "講義回数", float64(u.Lectures))
	row("大学連携講座", "講義時間", u.Hours)
	row("大学連携講座", "講師（職員）数", float64(u.Lecturers))
	row("大学連携講座", "講師の所属数", float64(u.Departments))
	row("連携先", "連携活動の件数", float64(u.Activities))
	for _, k := range f.Secondments {
		row("派遣", k.Kind, float64(k.Count))
	}
	row("共同研修", "研修数", float64(f.Joint.Programmes))
	row("共同研修", "申込者数", float64(f.Joint.Applicants))
	row("共同研修", "受講決定者数", float64(f.Joint.Accepted))
	row("共同研修", "修了者数", float64(f.Joint.Completed))
	if err := sw.Close(); err != nil {
		s.Log.Error("outward figures export", "err", err)
	}
	return nil
}
