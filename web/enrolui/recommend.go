package enrolui

import (
	"fmt"
	"net/http"

	"hagukumi/auth"
	"hagukumi/web"
)

// recommend enrols staff of the liaison's unit, within the unit's quota.
// A refused recommendation (a number outside the unit, over the quota)
// shows the recommendation page again with the numbers as typed and the
// reason beside that session's form.
func (s *ui) recommend(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	typed := r.PostFormValue("numbers")
	res, err := s.Train.Recommend(r.Context(), u.Actor(), u.Municipality, auth.ScopeOf(u), u.UnitID, id, []string{typed})
	if web.IsValidation(err) {
		return s.recommendAgain(w, r, id, typed, err)
	} else if err != nil {
		return err
	}
	s.RedirectFlash(w, r, web.LocalPath(r.PostFormValue("back"), fmt.Sprintf("/sessions/%d", id)), "推薦しました。"+resultMessage(res))
	return nil
}

// recommendAgain renders the recommendation page of the session's 年度 with
// the refused numbers kept in its form.
func (s *ui) recommendAgain(w http.ResponseWriter, r *http.Request, id int64, typed string, refused error) error {
	u := web.UserOf(r)
	x, err := s.Train.SessionByID(r.Context(), u.Municipality, id)
	if err != nil {
		return refused
	}
	d, err := s.loadRecommendations(r, x.FY)
	if err != nil {
		return err
	}
	kept := false
	for _, rs := range d.Sessions {
		if rs.ID == id {
			rs.Typed, rs.Error, kept = typed, web.Message(refused), true
		}
	}
	if !kept {
		return refused
	}
	s.Render(w, r, web.Status(refused), "enrol_recommend", &web.Page{Title: "推薦", Nav: "recommendations", FY: x.FY, Data: d})
	return nil
}
