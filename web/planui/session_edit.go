package planui

import (
	"net/http"

	"hagukumi/web"
)

// sessionEdit shows the form of an existing session.
func (s *ui) sessionEdit(w http.ResponseWriter, r *http.Request) error {
	x, err := s.sessionOf(r)
	if err != nil {
		return err
	}
	f, err := s.sessionFormData(r.Context(), web.UserOf(r), x)
	if err != nil {
		return err
	}
	s.Render(w, r, http.StatusOK, "session_form", &web.Page{Title: "開催回の編集", Nav: "plan", FY: x.FY, Data: f})
	return nil
}
