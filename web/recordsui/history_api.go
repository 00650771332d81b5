package recordsui

import (
	"net/http"

	"hagukumi/web"
)

// apiHistory answers a staff member's training history as JSON.
func (s *ui) apiHistory(w http.ResponseWriter, r *http.Request) error {
	h, err := s.numberedHistory(r)
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusOK, map[string]any{"number": h.M.Number, "name": h.M.Name(), "unit": h.M.Unit, "by_fy": h.H.ByFY, "items": h.H.Items})
	return nil
}
