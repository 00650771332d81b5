package enrolui

import (
	"fmt"
	"net/http"

	"hagukumi/training"
	"hagukumi/web"
)

// nominateRoster spreads the program's eligible staff over all its
// sessions of the 年度 of session id.
func (s *ui) nominateRoster(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	res, err := s.nominateEligible(r, id)
	if err != nil {
		return err
	}
	s.RedirectFlash(w, r, fmt.Sprintf("/sessions/%d", id), "対象者を開催回に割り振りました。"+resultMessage(res))
	return nil
}

// nominateEligible nominates the eligible staff of the program and 年度 of
// session id; the page and the API share it.
func (s *ui) nominateEligible(r *http.Request, id int64) (*training.EnrolResult, error) {
	u := web.UserOf(r)
	x, err := s.Train.SessionByID(r.Context(), u.Municipality, id)
	if err != nil {
		return nil, err
	}
	return s.Train.NominateRoster(r.Context(), u.Actor(), u.Municipality, x.ProgramID, x.FY)
}
