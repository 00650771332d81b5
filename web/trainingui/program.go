package trainingui

import (
	"net/http"

	"hagukumi/training"
	"hagukumi/web"
)

// loadProgram reads the program named in the path; the program page, its
// API, its form and its roster all start here.
func (s *ui) loadProgram(r *http.Request) (*training.Program, error) {
	return s.Train.ProgramByCode(r.Context(), web.UserOf(r).Municipality, r.PathValue("code"))
}

// program shows one program and its eligibility rule.
func (s *ui) program(w http.ResponseWriter, r *http.Request) error {
	p, err := s.loadProgram(r)
	if err != nil {
		return err
	}
	s.Render(w, r, http.StatusOK, "program", &web.Page{Title: p.Name, Nav: "programs", Data: p})
	return nil
}
