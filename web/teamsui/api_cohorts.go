package teamsui

import (
	"net/http"

	"hagukumi/web"
)

// apiCohorts lists a team's cohorts with their themes and members.
func (s *ui) apiCohorts(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	muni := web.UserOf(r).Municipality
	if _, err := s.teams.Team(r.Context(), muni, id); err != nil {
		return err
	}
	cs, err := s.teams.Cohorts(r.Context(), muni, id)
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusOK, cs)
	return nil
}
