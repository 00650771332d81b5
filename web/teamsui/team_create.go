package teamsui

import (
	"fmt"
	"net/http"
	"strconv"

	"hagukumi/apperr"
	"hagukumi/teams"
	"hagukumi/web"
)

// teamCreate adds a team.
func (s *ui) teamCreate(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	since, _ := strconv.Atoi(r.PostFormValue("since_fy"))
	t := teams.Team{Name: r.PostFormValue("name"), Purpose: r.PostFormValue("purpose"), SinceFY: since}
	if err := s.teams.CreateTeam(r.Context(), u.Actor(), u.Municipality, &t); web.IsValidation(err) {
		return s.renderList(w, r, web.Status(err), err, t)
	} else if err != nil {
		return err
	}
	s.RedirectFlash(w, r, fmt.Sprintf("/teams/%d", t.ID), "チームを登録しました。")
	return nil
}

// fieldsOf gives a form its per-field messages.
func fieldsOf(err error) map[string]string {
	if err == nil {
		return nil
	}
	return apperr.FieldsOf(err)
}
