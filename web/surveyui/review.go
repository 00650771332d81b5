package surveyui

import (
	"net/http"

	"hagukumi/apperr"
	"hagukumi/auth"
	"hagukumi/web"
)

// review accepts a submitted report or returns it with a comment.
func (s *ui) review(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	decision := r.PostFormValue("decision")
	if decision != "accept" && decision != "return" {
		return apperr.Invalidf("承認か差戻しを選んでください。")
	}
	if err := s.Train.ReviewReport(r.Context(), u.Actor(), u.Municipality, auth.ScopeOf(u), u.StaffID, id, decision == "accept", r.PostFormValue("comment")); err != nil {
		return err
	}
	msg := "受講報告書を承認しました。"
	if decision == "return" {
		msg = "受講報告書を差し戻しました。"
	}
	s.RedirectFlash(w, r, "/reports", msg)
	return nil
}
