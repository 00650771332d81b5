package staffui

import (
	"net/http"

	"hagukumi/web"
)

// ranks shows the rank ladder for editing.
func (s *ui) ranks(w http.ResponseWriter, r *http.Request) error {
	ranks, err := s.Staff.Ranks(r.Context(), web.UserOf(r).Municipality)
	if err != nil {
		return err
	}
	s.Render(w, r, http.StatusOK, "ranks", &web.Page{Title: "職位（職制上の段階）", Nav: "admin", Data: ranks})
	return nil
}
