package recordsui

import (
	"net/http"

	"hagukumi/web"
)

// apiAttendance answers a session's roster as JSON.
func (s *ui) apiAttendance(w http.ResponseWriter, r *http.Request) error {
	a, err := s.sessionAccess(r)
	if err != nil {
		return err
	}
	return s.writeRoster(w, r, a)
}

// writeRoster answers the roster as the API shows it, after a read or a save.
func (s *ui) writeRoster(w http.ResponseWriter, r *http.Request, a *access) error {
	ro, err := s.roster(r, a)
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusOK, map[string]any{"session": ro.A.X, "rows": ro.Rows})
	return nil
}
