package enrolui

import (
	"fmt"
	"net/http"

	"hagukumi/web"
)

// nominate enrols the staff whose numbers the center typed.
func (s *ui) nominate(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	res, err := s.Train.Nominate(r.Context(), u.Actor(), u.Municipality, id, []string{r.PostFormValue("numbers")})
	if err != nil {
		return err
	}
	s.RedirectFlash(w, r, fmt.Sprintf("/sessions/%d", id), resultMessage(res))
	return nil
}
