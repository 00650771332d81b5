package planui

import (
	"net/http"

	"hagukumi/web"
)

// apiSession answers one session with the roster the user may see and
// their own enrolment.
func (s *ui) apiSession(w http.ResponseWriter, r *http.Request) error {
	v, err := s.loadSession(r)
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusOK, v)
	return nil
}
