package teamsui

import (
	"net/http"

	"hagukumi/web"
)

// apiFollowUp answers a team's follow-up per cohort as of ?fy=.
func (s *ui) apiFollowUp(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	fy, err := web.FY(r, s.Now())
	if err != nil {
		return err
	}
	f, err := s.loadFollowUp(r, id, fy)
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusOK, f)
	return nil
}
