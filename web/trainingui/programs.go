package trainingui

import (
	"net/http"

	"hagukumi/training"
	"hagukumi/web"
)

type programsData struct {
	Programs   []*training.Program
	Categories []string
}

// programs shows the catalog by category.
func (s *ui) programs(w http.ResponseWriter, r *http.Request) error {
	list, err := s.Train.Programs(r.Context(), web.UserOf(r).Municipality)
	if err != nil {
		return err
	}
	s.Render(w, r, http.StatusOK, "programs", &web.Page{Title: "研修の一覧", Nav: "programs", Data: programsData{list, training.Categories}})
	return nil
}
