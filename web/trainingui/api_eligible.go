package trainingui

import (
	"net/http"

	"hagukumi/web"
)

// apiEligible answers the same array as `hagukumi eligible --json`.
func (s *ui) apiEligible(w http.ResponseWriter, r *http.Request) error {
	_, _, ro, err := s.loadRoster(r)
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusOK, ro.Entries())
	return nil
}
