package surveyui

import (
	"net/http"

	"hagukumi/training"
	"hagukumi/web"
)

type answerData struct {
	X        *training.Session
	Survey   *training.Survey
	Answered bool
	Open     bool
	Values   map[int64]string
	Scale    []string
}

// survey shows a session's survey to its attendee.
func (s *ui) survey(w http.ResponseWriter, r *http.Request) error {
	x, err := s.attendee(r)
	if err != nil {
		return err
	}
	return s.renderSurvey(w, r, x, http.StatusOK, "", nil)
}

// renderSurvey shows the survey, with the answers as entered after a mistake.
func (s *ui) renderSurvey(w http.ResponseWriter, r *http.Request, x *training.Session, status int, errMsg string, values map[int64]string) error {
	u := web.UserOf(r)
	d := answerData{X: x, Open: s.started(x), Values: values, Scale: []string{"1", "2", "3", "4", "5"}}
	var err error
	if d.Survey, err = s.Train.SurveyOf(r.Context(), u.Municipality, x.ProgramID); err != nil {
		return err
	}
	if d.Answered, err = s.Train.Answered(r.Context(), u.Municipality, x.ID, u.StaffID); err != nil {
		return err
	}
	if d.Values == nil {
		d.Values = map[int64]string{}
	}
	s.Render(w, r, status, "survey_answer", &web.Page{Title: "アンケート " + x.Label(), Nav: "history", FY: x.FY, Error: errMsg, Data: d})
	return nil
}
