package teamsui

import (
	"net/http"

	"hagukumi/teams"
	"hagukumi/web"
)

type listData struct {
	Teams []teams.Team
	Form  teams.Team
	Field map[string]string
}

// teamList shows the teams, and to the center the form to add one.
func (s *ui) teamList(w http.ResponseWriter, r *http.Request) error {
	return s.renderList(w, r, http.StatusOK, nil, teams.Team{SinceFY: s.thisFY()})
}

func (s *ui) renderList(w http.ResponseWriter, r *http.Request, status int, formErr error, form teams.Team) error {
	ts, err := s.teams.Teams(r.Context(), web.UserOf(r).Municipality)
	if err != nil {
		return err
	}
	p := &web.Page{Title: "政策提言チーム", Nav: "teams", Data: listData{Teams: ts, Form: form, Field: fieldsOf(formErr)}}
	if formErr != nil {
		p.Error = web.Message(formErr)
	}
	s.Render(w, r, status, "teams", p)
	return nil
}
