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

type answerData struct {
	Rows    []answerRow
	Request *requestStatus
	Center  bool
	Field   map[string]string
	Form    map[string]string
}

// toAnswer lists the presented items owned by the viewer's department (the
// whole city for the center), items still lacking this year's answer first,
// under this year's request and its due date; the center sees how far each
// department is and opens the request.
func (s *ui) toAnswer(w http.ResponseWriter, r *http.Request) error {
	return s.renderToAnswer(w, r, http.StatusOK, nil)
}

func (s *ui) renderToAnswer(w http.ResponseWriter, r *http.Request, status int, formErr error) error {
	u := web.UserOf(r)
	items, err := s.teams.ScopeItems(r.Context(), u.Municipality, auth.ScopeOf(u))
	if err != nil {
		return err
	}
	fy := s.thisFY()
	d := answerData{Center: u.Role == auth.CenterAdmin || u.Role == auth.CenterStaff, Field: fieldsOf(formErr),
		Form: map[string]string{"due_on": r.PostFormValue("due_on"), "message": r.PostFormValue("message")}}
	if d.Request, err = s.requestOf(r, fy, items); err != nil {
		return err
	}
	var due, rest []answerRow
	for _, it := range items {
		row := answerRow{Item: it, Overdue: teams.Overdue(it, fy), Closed: it.LatestStatus != nil && teams.Closed(*it.LatestStatus)}
		if row.Overdue {
			due = append(due, row)
		} else {
			rest = append(rest, row)
		}
	}
	d.Rows = append(due, rest...)
	p := &web.Page{Title: "提言項目への回答", Nav: "teams", Data: d}
	if formErr != nil {
		p.Error = web.Message(formErr)
	}
	s.Render(w, r, status, "team_answers", p)
	return nil
}
