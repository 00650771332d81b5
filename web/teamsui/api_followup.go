package teamsui

import (
	"net/http"

	"hagukumi/web"
)

// apiFollowUp answers a team's follow-up per cohort as of ?fy=.
func (s *ui) apiFollowUp(w http.ResponseWriter, r *http.Request) error {
	f, err := s.followUpOf(r)
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusOK, f)
	return nil
}
