package trainingui

import (
	"net/http"

	"hagukumi/web"
)

// apiProgram answers one program.
func (s *ui) apiProgram(w http.ResponseWriter, r *http.Request) error {
	p, err := s.loadProgram(r)
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusOK, programOut(p))
	return nil
}
