package recordsui

import (
	"net/http"

	"hagukumi/auth"
	"hagukumi/staff"
	"hagukumi/training"
	"hagukumi/web"
)

type externalData struct {
	M    *staff.Member
	List []training.External
	Form training.External
}

// external lists a staff member's external trainings with a form to add one.
func (s *ui) external(w http.ResponseWriter, r *http.Request) error {
	return s.renderExternal(w, r, http.StatusOK, "", training.External{})
}

// renderExternal shows the page, with the form as entered after a mistake.
func (s *ui) renderExternal(w http.ResponseWriter, r *http.Request, status int, errMsg string, form training.External) error {
	u := web.UserOf(r)
	m, err := s.Staff.ByNumber(r.Context(), u.Municipality, auth.ScopeOf(u), r.PathValue("number"))
	if err != nil {
		return err
	}
	list, err := s.Train.Externals(r.Context(), u.Municipality, m.ID)
	if err != nil {
		return err
	}
	s.Render(w, r, status, "external", &web.Page{Title: m.Name() + " の外部研修", Nav: "history", Error: errMsg,
		Data: externalData{M: m, List: list, Form: form}})
	return nil
}
