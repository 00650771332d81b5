package planui

import (
	"net/http"

	"hagukumi/training"
	"hagukumi/web"
)

// sessionNew shows an empty session form for a 年度 and program.
func (s *ui) sessionNew(w http.ResponseWriter, r *http.Request) error {
	fy, err := web.FY(r, s.Now())
	if err != nil {
		return err
	}
	x := &training.Session{FY: fy, ProgramID: web.Int64(r, "program")}
	f, err := s.sessionFormData(r.Context(), web.UserOf(r), x)
	if err != nil {
		return err
	}
	s.Render(w, r, http.StatusOK, "session_form", &web.Page{Title: "開催回の登録", Nav: "plan", FY: fy, Data: f})
	return nil
}
