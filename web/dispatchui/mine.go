package dispatchui

import (
	"net/http"

	"hagukumi/dispatch"
	"hagukumi/web"
)

// mine shows the lecturer's own lectures.
func (s *ui) mine(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	list, err := s.st.Mine(r.Context(), u.Municipality, dispatch.ViewerOf(u))
	if err != nil {
		return err
	}
	s.Render(w, r, http.StatusOK, "lecture_mine", &web.Page{Title: "わたしの講師派遣", Nav: "lectures-mine", Data: list})
	return nil
}

type agreementsData struct {
	Pending, Other []*dispatch.Request
}

// agreements shows the 所属長 the dispatches of their staff to agree to.
func (s *ui) agreements(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	pending, other, err := s.st.Agreements(r.Context(), u.Municipality, dispatch.ViewerOf(u))
	if err != nil {
		return err
	}
	s.Render(w, r, http.StatusOK, "lecture_agreements", &web.Page{Title: "講師派遣の承認", Nav: "lecture-agreements", Data: agreementsData{pending, other}})
	return nil
}
