package teamsui

import (
	"net/http"

	"hagukumi/auth"

	"hagukumi/teams"
	"hagukumi/web"
)

type listData struct {
	Teams []teams.Team
	Form  teams.Team
	Field map[string]string
	// Mine are the cohorts the viewer took part in (their development
	// record); Staff the memberships of the staff a 所属長 leads.
	Mine, Staff []teams.Membership
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
	d := listData{Teams: ts, Form: form, Field: fieldsOf(formErr)}
	u := web.UserOf(r)
	if u.StaffID != 0 {
		if d.Mine, err = s.teams.MembershipsOf(r.Context(), u.Municipality, u.StaffID); err != nil {
			return err
		}
	}
	if u.Role == auth.Supervisor {
		if d.Staff, err = s.teams.MembershipsIn(r.Context(), u.Municipality, auth.ScopeOf(u)); err != nil {
			return err
		}
	}
	p := &web.Page{Title: "政策提言チーム", Nav: "teams", Data: d}
	if formErr != nil {
		p.Error = web.Message(formErr)
	}
	s.Render(w, r, status, "teams", p)
	return nil
}
