package recordsui

import "net/http"

// staffHistory shows the training history of a staff member in the
// user's scope.
func (s *ui) staffHistory(w http.ResponseWriter, r *http.Request) error {
	h, err := s.numberedHistory(r)
	if err != nil {
		return err
	}
	return s.renderHistory(w, r, h)
}
