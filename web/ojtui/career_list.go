package ojtui

import (
	"net/http"

	"hagukumi/auth"
	"hagukumi/competency"
	"hagukumi/web"
)

// careerList is a fiscal year's submitted 自己申告 the viewer may read.
type careerList struct {
	FY      int
	Entries []competency.CareerEntry
}

// careerNotesPage lists the year's submitted notes: every one for the
// center, their unit's for a 所属長, each linking to the person's page.
func (s *ui) careerNotesPage(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	fy, err := web.FY(r, s.Now())
	if err != nil {
		return err
	}
	list, err := s.Comp.CareerNotes(r.Context(), u.Municipality, fy, auth.ScopeOf(u))
	if err != nil {
		return err
	}
	s.Render(w, r, http.StatusOK, "career_notes", &web.Page{Title: "キャリアの自己申告", Nav: "career", FY: fy, Data: &careerList{FY: fy, Entries: list}})
	return nil
}
