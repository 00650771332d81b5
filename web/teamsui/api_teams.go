package teamsui

import (
	"net/http"

	"hagukumi/web"
)

// apiTeams lists the teams; they are public within the city.
func (s *ui) apiTeams(w http.ResponseWriter, r *http.Request) error {
	ts, err := s.teams.Teams(r.Context(), web.UserOf(r).Municipality)
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusOK, ts)
	return nil
}
