package trainingui

import (
	"net/http"

	"hagukumi/training"
	"hagukumi/web"
)

// newProgram shows the form of a new program with usual defaults.
func (s *ui) newProgram(w http.ResponseWriter, r *http.Request) error {
	p := &training.Program{Category: training.Categories[0], Mode: training.ModeNomination, CompletionMinPct: 75, Active: true}
	s.Render(w, r, http.StatusOK, "program_form", &web.Page{Title: "研修の追加", Nav: "programs", Data: s.formData(r, p)})
	return nil
}
