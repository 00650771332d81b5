package enrolui

import (
	"net/http"

	"hagukumi/training"
	"hagukumi/web"
)

// approve approves an application the user decides.
func (s *ui) approve(w http.ResponseWriter, r *http.Request) error { return s.decide(w, r, true) }

// decline declines an application, with the reason the 所属長 gave.
func (s *ui) decline(w http.ResponseWriter, r *http.Request) error { return s.decide(w, r, false) }

func (s *ui) decide(w http.ResponseWriter, r *http.Request, approve bool) error {
	u := web.UserOf(r)
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	st, err := s.Train.Decide(r.Context(), u.Actor(), u.Municipality, training.ViewerOf(u), id, approve, r.PostFormValue("reason"))
	if err != nil {
		return err
	}
	msg := "申込を承認しました（" + training.EnrolStatusLabel(st) + "）。"
	if !approve {
		msg = "申込を不承認としました。"
	}
	s.RedirectFlash(w, r, web.LocalPath(r.PostFormValue("back"), "/approvals"), msg)
	return nil
}
