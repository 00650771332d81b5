package teamsui

import (
	"net/http"

	"hagukumi/apperr"
	"hagukumi/teams"
	"hagukumi/web"
)

type itemData struct {
	Item      *teams.Item
	Cohort    *teams.Cohort
	CanAnswer bool
	Answered  bool // this year's answer is in
	Statuses  []string
	Form      teams.Response
	Field     map[string]string
}

// itemPage shows an item with every answer given, and to whoever may
// answer it, the form for this fiscal year beside that history (so the
// department sees what it said before while answering).
func (s *ui) itemPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderItem(w, r, http.StatusOK, nil, teams.Response{FY: s.thisFY(), Status: teams.Considering})
}

func (s *ui) renderItem(w http.ResponseWriter, r *http.Request, status int, formErr error, form teams.Response) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	u := web.UserOf(r)
	it, presented, err := s.teams.Item(r.Context(), u.Municipality, id)
	if err != nil {
		return err
	}
	c, err := s.teams.Cohort(r.Context(), u.Municipality, it.CohortID)
	if err != nil {
		return err
	}
	if !presented && !teams.CanSeeDrafts(u, c.Members) {
		return apperr.NotFoundf("提言項目が見つかりません。")
	}
	d := itemData{Item: it, Cohort: c, CanAnswer: teams.CanAnswer(u, it.Departments), Statuses: teams.Statuses, Form: form, Field: fieldsOf(formErr)}
	for _, x := range it.Responses {
		d.Answered = d.Answered || x.FY == s.thisFY()
	}
	p := &web.Page{Title: "提言項目", Nav: "teams", Data: d}
	if formErr != nil {
		p.Error = web.Message(formErr)
	}
	s.Render(w, r, status, "team_item", p)
	return nil
}
