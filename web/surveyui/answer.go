package surveyui

import (
	"fmt"
	"net/http"

	"hagukumi/web"
)

// answer records an attendee's answers to the session's survey.
func (s *ui) answer(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	x, err := s.attendee(r)
	if err != nil {
		return err
	}
	if !s.started(x) {
		return s.renderSurvey(w, r, x, http.StatusBadRequest, "アンケートは研修の開始後に回答できます。", nil)
	}
	sv, err := s.Train.SurveyOf(r.Context(), u.Municipality, x.ProgramID)
	if err != nil {
		return err
	}
	answers := map[int64]string{}
	for _, q := range sv.Questions {
		answers[q.ID] = r.PostFormValue(fmt.Sprintf("q_%d", q.ID))
	}
	if err := s.Train.AnswerSurvey(r.Context(), u.Actor(), u.Municipality, x.ID, u.StaffID, answers); err != nil {
		if web.IsValidation(err) {
			return s.renderSurvey(w, r, x, web.Status(err), web.Message(err), answers)
		}
		return err
	}
	s.RedirectFlash(w, r, fmt.Sprintf("/sessions/%d/survey", x.ID), "アンケートに回答しました。ご協力ありがとうございました。")
	return nil
}
