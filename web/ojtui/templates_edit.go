package ojtui

import (
	"net/http"
	"net/url"
	"strings"

	"hagukumi/apperr"
	"hagukumi/ojt"
	"hagukumi/web"
)

// templateData is the template list with one template open for editing.
type templateData struct {
	List      []ojt.TemplateInfo
	JobFamily string
	Own       bool
	Goals     string
	Items     string
	Errors    apperr.FieldErrors
	MaxGoals  int
}

// GoalRows is the number of rows of the goals text area.
func (d *templateData) GoalRows() int { return ojt.MaxTemplateGoals + 1 }

// templatesPage lists the OJT templates (standard and per job family) and
// opens the one of ?job= (the standard one when empty) for editing.
func (s *ui) templatesPage(w http.ResponseWriter, r *http.Request) error {
	job := strings.TrimSpace(r.URL.Query().Get("job"))
	if !web.CleanText(job, false) {
		return apperr.Invalidf(apperr.MsgBadText)
	}
	d, err := s.templateView(r, job)
	if err != nil {
		return err
	}
	s.renderTemplates(w, r, http.StatusOK, d)
	return nil
}

func (s *ui) templateView(r *http.Request, job string) (*templateData, error) {
	u := web.UserOf(r)
	list, err := s.OJT.Templates(r.Context(), u.Municipality)
	if err != nil {
		return nil, err
	}
	t, err := s.OJT.TemplateOf(r.Context(), u.Municipality, job)
	if err != nil {
		return nil, err
	}
	d := &templateData{List: list, JobFamily: job, Goals: strings.Join(t.Goals, "\n"), Items: strings.Join(t.Items, "\n"), MaxGoals: ojt.MaxTemplateGoals}
	for _, x := range list {
		if x.JobFamily == job {
			d.Own = x.Own
		}
	}
	return d, nil
}

func (s *ui) renderTemplates(w http.ResponseWriter, r *http.Request, status int, d *templateData) {
	s.Render(w, r, status, "ojt_templates", &web.Page{Title: "OJTのひな形（期間別マスタープラン）", Nav: "ojt", Data: d})
}

// saveTemplate stores a template; on a bad input the form comes back with
// what was typed and the messages (422), and nothing is saved.
func (s *ui) saveTemplate(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	job, goals, items := r.PostFormValue("job_family"), r.PostFormValue("goals"), r.PostFormValue("items")
	for _, v := range []string{goals, items} {
		if !web.CleanText(v, true) {
			return apperr.Invalidf(apperr.MsgBadText)
		}
	}
	if !web.CleanText(job, false) {
		return apperr.Invalidf(apperr.MsgBadText)
	}
	t, err := ojt.ParseTemplate(job, goals, items)
	if err == nil {
		err = s.OJT.SaveTemplate(r.Context(), u.Actor(), u.Municipality, t)
	}
	if fe := apperr.FieldsOf(err); len(fe) > 0 {
		d, verr := s.templateView(r, strings.TrimSpace(job))
		if verr != nil {
			return verr
		}
		d.Goals, d.Items, d.Errors = goals, items, fe
		s.renderTemplates(w, r, http.StatusUnprocessableEntity, d)
		return nil
	}
	if err != nil {
		return err
	}
	s.RedirectFlash(w, r, "/ojt/templates?job="+url.QueryEscape(t.JobFamily), "ひな形を保存しました。これから作るOJT計画に使われます（作成済みの計画は変わりません）。")
	return nil
}
