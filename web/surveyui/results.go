package surveyui

import (
	"net/http"

	"hagukumi/calendar"
	"hagukumi/training"
	"hagukumi/web"
)

// resultsData is a program's survey results in a 年度 (?fy=), optionally
// for one session (?session=). The page and
// GET /api/v1/programs/{code}/survey/results both load it here.
type resultsData struct {
	P        *training.Program
	FY       int
	Session  int64
	Results  []training.SurveyResult
	Sessions []training.SessionSummary
	Years    []int
}

func (s *ui) resultsData(r *http.Request) (*resultsData, error) {
	u := web.UserOf(r)
	fy, err := web.FY(r, s.Now())
	if err != nil {
		return nil, err
	}
	p, err := s.program(r)
	if err != nil {
		return nil, err
	}
	d := &resultsData{P: p, FY: fy, Session: web.Int64(r, "session")}
	if d.Results, d.Sessions, err = s.Train.SurveyResults(r.Context(), u.Municipality, p.ID, d.FY, d.Session); err != nil {
		return nil, err
	}
	cur := calendar.CurrentFY(s.Now())
	for y := cur + 1; y >= cur-4; y-- {
		d.Years = append(d.Years, y)
	}
	return d, nil
}

// results shows a program's survey results.
func (s *ui) results(w http.ResponseWriter, r *http.Request) error {
	d, err := s.resultsData(r)
	if err != nil {
		return err
	}
	s.Render(w, r, http.StatusOK, "survey_results", &web.Page{Title: "アンケート結果 " + d.P.Name, Nav: "training", FY: d.FY, Data: d})
	return nil
}
