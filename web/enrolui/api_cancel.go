package enrolui

import (
	"net/http"

	"hagukumi/training"
	"hagukumi/web"
)

// cancelBody is the request body of POST /api/v1/enrolments/{id}/cancel.
type cancelBody struct {
	Reason string `json:"reason"`
}

// apiCancel cancels an enrolment and answers it as it now is.
func (s *ui) apiCancel(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	var body cancelBody
	if err := web.DecodeJSON(r, &body); err != nil {
		return err
	}
	sc := cancelScope(u)
	if err := s.Train.Cancel(r.Context(), u.Actor(), u.Municipality, training.ViewerOf(u), id, body.Reason); err != nil {
		return err
	}
	e, err := s.Train.EnrolmentByID(r.Context(), u.Municipality, sc, id)
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusOK, e)
	return nil
}
