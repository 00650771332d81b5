package enrolui

import (
	"net/http"

	"hagukumi/apperr"
	"hagukumi/web"
)

// apply applies for a session for the user themselves and says who decides.
func (s *ui) apply(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	if u.StaffID == 0 {
		return apperr.Invalidf("このアカウントは職員と結び付いていないため、申し込めません。")
	}
	e, err := s.Train.Apply(r.Context(), u.Actor(), u.Municipality, id, u.StaffID)
	if err != nil {
		return err
	}
	s.RedirectFlash(w, r, web.LocalPath(r.PostFormValue("back"), "/my/trainings"), "受講を申し込みました。"+e.DecidedBy+"の承認をお待ちください。"+overlapWarning(e))
	return nil
}
