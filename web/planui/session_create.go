package planui

import (
	"net/http"

	"hagukumi/training"
)

// sessionCreate adds a session from the form.
func (s *ui) sessionCreate(w http.ResponseWriter, r *http.Request) error {
	return s.saveSession(w, r, &training.Session{})
}
