package teamsui

import (
	"fmt"
	"net/http"

	"hagukumi/teams"
	"hagukumi/web"
)

// cohortCreate adds this or another fiscal year's cohort to a team.
func (s *ui) cohortCreate(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	u := web.UserOf(r)
	c := teams.Cohort{TeamID: id, Theme: r.PostFormValue("theme"), Selection: r.PostFormValue("selection")}
	if c.FY, err = web.ParseFY(r.PostFormValue("fy"), s.Now()); err != nil {
		return s.renderTeam(w, r, web.Status(err), err, c)
	}
	if err := s.teams.CreateCohort(r.Context(), u.Actor(), u.Municipality, &c); web.IsValidation(err) {
		return s.renderTeam(w, r, web.Status(err), err, c)
	} else if err != nil {
		return err
	}
	s.RedirectFlash(w, r, fmt.Sprintf("/cohorts/%d", c.ID), "期を登録しました。メンバーを選んでください。")
	return nil
}
