package trainingui

import (
	"net/http"

	"hagukumi/web"
)

// editProgram shows the form of an existing program.
func (s *ui) editProgram(w http.ResponseWriter, r *http.Request) error {
	p, err := s.loadProgram(r)
	if err != nil {
		return err
	}
	s.Render(w, r, http.StatusOK, "program_form", &web.Page{Title: "研修の編集", Nav: "programs", Data: s.formData(r, p)})
	return nil
}
