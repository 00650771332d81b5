package enrolui

import (
	"net/http"

	"hagukumi/training"
	"hagukumi/web"
)

// nominateBody is the request body of POST /api/v1/sessions/{id}/enrolments.
type nominateBody struct {
	Numbers []string `json:"numbers"`
	Roster  bool     `json:"roster"`
}

// apiNominate nominates staff by number, or ({"roster":true}) the
// program's eligible staff.
func (s *ui) apiNominate(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	var body nominateBody
	if err := web.DecodeJSON(r, &body); err != nil {
		return err
	}
	var res *training.EnrolResult
	if body.Roster {
		res, err = s.nominateEligible(r, id)
	} else {
		res, err = s.Train.Nominate(r.Context(), u.Actor(), u.Municipality, id, body.Numbers)
	}
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusOK, res)
	return nil
}
