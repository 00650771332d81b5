package enrolui

import (
	"fmt"
	"net/http"

	"hagukumi/auth"
	"hagukumi/staff"
	"hagukumi/training"
	"hagukumi/web"
)

// cancel cancels an enrolment the user may cancel; the freed seat goes to
// the head of the waitlist.
func (s *ui) cancel(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	sc := cancelScope(u)
	e, err := s.Train.EnrolmentByID(r.Context(), u.Municipality, sc, id)
	if err != nil {
		return err
	}
	if err := s.Train.Cancel(r.Context(), u.Actor(), u.Municipality, training.ViewerOf(u), id, r.PostFormValue("reason")); err != nil {
		return err
	}
	s.RedirectFlash(w, r, web.LocalPath(r.PostFormValue("back"), fmt.Sprintf("/sessions/%d", e.SessionID)), fmt.Sprintf("%s さんの受講を取り消しました。", e.Name))
	return nil
}

// cancelScope is whose enrolments the user may cancel.
func cancelScope(u *auth.User) staff.Scope {
	return training.CancelScope(training.ViewerOf(u))
}
