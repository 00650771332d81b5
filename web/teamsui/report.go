package teamsui

import (
	"net/http"

	"hagukumi/web"
)

// report is the printable 提言の反映状況 of a team as of ?fy=: the rate per
// cohort and every item with its latest answer.
func (s *ui) report(w http.ResponseWriter, r *http.Request) error {
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
	s.Render(w, r, http.StatusOK, "team_report", &web.Page{Title: "提言の反映状況", Nav: "teams", FY: fy, Data: f})
	return nil
}
