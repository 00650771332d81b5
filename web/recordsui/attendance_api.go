package recordsui

import (
	"net/http"

	"hagukumi/training"
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

// rosterJSON is the answer of GET and POST /api/v1/sessions/{id}/attendance.
type rosterJSON struct {
	Session *training.Session        `json:"session"`
	Rows    []training.AttendanceRow `json:"rows"`
}

// writeRoster answers the roster as the API shows it, after a read or a save.
func (s *ui) writeRoster(w http.ResponseWriter, r *http.Request, a *access) error {
	ro, err := s.roster(r, a)
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusOK, rosterJSON{Session: ro.A.X, Rows: ro.Rows})
	return nil
}
