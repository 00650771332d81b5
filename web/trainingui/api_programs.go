package trainingui

import (
	"net/http"

	"hagukumi/training"
	"hagukumi/web"
)

// programJSON is a program as the API answers it, with its rule in words.
type programJSON struct {
	*training.Program
	Sentence string `json:"rule_sentence"`
}

func programOut(p *training.Program) programJSON { return programJSON{p, p.Rule.Sentence()} }

// apiPrograms answers the catalog.
func (s *ui) apiPrograms(w http.ResponseWriter, r *http.Request) error {
	list, err := s.Train.Programs(r.Context(), web.UserOf(r).Municipality)
	if err != nil {
		return err
	}
	out := make([]programJSON, 0, len(list))
	for _, p := range list {
		out = append(out, programOut(p))
	}
	web.JSON(w, http.StatusOK, out)
	return nil
}
