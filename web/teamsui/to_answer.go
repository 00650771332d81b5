package teamsui

import (
	"net/http"

	"hagukumi/auth"
	"hagukumi/teams"
	"hagukumi/web"
)

type answerRow struct {
	teams.Item
	Overdue bool
	Closed  bool
}

// toAnswer lists the presented items owned by the viewer's department (the
// whole city for the center), items still lacking this year's answer first.
func (s *ui) toAnswer(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	items, err := s.teams.ScopeItems(r.Context(), u.Municipality, auth.ScopeOf(u))
	if err != nil {
		return err
	}
	fy := s.thisFY()
	var due, rest []answerRow
	for _, it := range items {
		row := answerRow{Item: it, Overdue: teams.Overdue(it, fy), Closed: it.LatestStatus != nil && teams.Closed(*it.LatestStatus)}
		if row.Overdue {
			due = append(due, row)
		} else {
			rest = append(rest, row)
		}
	}
	s.Render(w, r, http.StatusOK, "team_answers", &web.Page{Title: "提言項目への回答", Nav: "teams", Data: append(due, rest...)})
	return nil
}
