package enrolui

import (
	"fmt"
	"net/http"

	"hagukumi/staff"
	"hagukumi/training"
	"hagukumi/web"
)

// move moves an enrolment to another session of the same program.
func (s *ui) move(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	to := web.Int64(r, "to")
	e, err := s.Train.Move(r.Context(), u.Actor(), u.Municipality, staff.Scope{}, id, to)
	if err != nil {
		return err
	}
	s.RedirectFlash(w, r, fmt.Sprintf("/sessions/%d", to), "開催回を移動しました（"+training.EnrolStatusLabel(e.Status)+"）。"+overlapWarning(e))
	return nil
}
