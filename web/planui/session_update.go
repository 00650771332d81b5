package planui

import "net/http"

// sessionUpdate saves the form over an existing session.
func (s *ui) sessionUpdate(w http.ResponseWriter, r *http.Request) error {
	x, err := s.sessionOf(r)
	if err != nil {
		return err
	}
	return s.saveSession(w, r, x)
}
