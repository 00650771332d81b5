package enrolui

import (
	"fmt"
	"net/http"

	"hagukumi/training"
	"hagukumi/web"
)

// selectRecommended is the center selecting a recommended person (センター選考).
func (s *ui) selectRecommended(w http.ResponseWriter, r *http.Request) error {
	return s.selection(w, r, true)
}

// rejectRecommended is the center declining a recommendation, with a reason.
func (s *ui) rejectRecommended(w http.ResponseWriter, r *http.Request) error {
	return s.selection(w, r, false)
}

func (s *ui) selection(w http.ResponseWriter, r *http.Request, accept bool) error {
	u := web.UserOf(r)
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	e, err := s.Train.EnrolmentByID(r.Context(), u.Municipality, training.CancelScope(training.ViewerOf(u)), id)
	if err != nil {
		return err
	}
	st, err := s.Train.Select(r.Context(), u.Actor(), u.Municipality, id, accept, r.PostFormValue("reason"))
	if err != nil {
		return err
	}
	msg := fmt.Sprintf("%s さんを選考しました（%s）。", e.Name, training.EnrolStatusLabel(st))
	if !accept {
		msg = fmt.Sprintf("%s さんの推薦を選考しないこととしました。", e.Name)
	}
	// The center selects from the session page or from /recommendations;
	// it goes back to where it was.
	s.RedirectFlash(w, r, web.LocalPath(r.PostFormValue("back"), fmt.Sprintf("/sessions/%d", e.SessionID)), msg)
	return nil
}
