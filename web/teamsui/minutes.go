package teamsui

import (
	"net/http"

	"hagukumi/apperr"
	"hagukumi/web"
)

// minutes is the printable 会議録 of a cohort, for the center and members.
func (s *ui) minutes(w http.ResponseWriter, r *http.Request) error {
	d, err := s.loadCohort(r)
	if err != nil {
		return err
	}
	if !d.Drafts {
		return apperr.NotFoundf("会議録は見つかりません。")
	}
	s.Render(w, r, http.StatusOK, "team_minutes", &web.Page{Title: "会議録", Nav: "teams", Data: d})
	return nil
}
