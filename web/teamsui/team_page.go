package teamsui

import (
	"net/http"

	"hagukumi/teams"
	"hagukumi/web"
)

type teamData struct {
	*followUp
	All  []teams.Cohort
	Form teams.Cohort
	// Field holds the new cohort form's errors.
	Field map[string]string
}

// teamPage shows a team: every cohort with its theme and members, and the
// follow-up of its proposals as of this fiscal year.
func (s *ui) teamPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderTeam(w, r, http.StatusOK, nil, teams.Cohort{FY: s.thisFY(), Selection: "nomination"})
}

func (s *ui) renderTeam(w http.ResponseWriter, r *http.Request, status int, formErr error, form teams.Cohort) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	f, err := s.loadFollowUp(r, id, s.thisFY())
	if err != nil {
		return err
	}
	all, err := s.teams.Cohorts(r.Context(), web.UserOf(r).Municipality, id)
	if err != nil {
		return err
	}
	p := &web.Page{Title: f.Team.Name, Nav: "teams", Data: teamData{followUp: f, All: all, Form: form, Field: fieldsOf(formErr)}}
	if formErr != nil {
		p.Error = web.Message(formErr)
	}
	s.Render(w, r, status, "team", p)
	return nil
}
