package teamsui

import (
	"net/http"

	"hagukumi/web"
)

// apiCounts answers the year's figures for the center's yearly account.
func (s *ui) apiCounts(w http.ResponseWriter, r *http.Request) error {
	fy, err := web.FY(r, s.Now())
	if err != nil {
		return err
	}
	y, err := s.teams.CountsOf(r.Context(), web.UserOf(r).Municipality, fy)
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusOK, y)
	return nil
}
