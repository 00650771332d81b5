package recordsui

import (
	"net/http"
)

// attendance shows a session's roster for marking or reading.
func (s *ui) attendance(w http.ResponseWriter, r *http.Request) error {
	a, err := s.sessionAccess(r)
	if err != nil {
		return err
	}
	d, err := s.attendanceData(r, a)
	if err != nil {
		return err
	}
	s.renderAttendance(w, r, http.StatusOK, "", d)
	return nil
}
