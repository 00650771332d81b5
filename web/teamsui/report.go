package teamsui

import (
	"net/http"

	"hagukumi/web"
)

// report is the printable 提言の反映状況 of a team as of ?fy=: the rate per
// cohort and every item with its latest answer.
func (s *ui) report(w http.ResponseWriter, r *http.Request) error {
	f, err := s.followUpOf(r)
	if err != nil {
		return err
	}
	s.Render(w, r, http.StatusOK, "team_report", &web.Page{Title: "提言の反映状況", Nav: "teams", FY: f.FY, Data: f})
	return nil
}
