package teamsui

import (
	"net/http"
	"time"

	"hagukumi/auth"
	"hagukumi/calendar"
	"hagukumi/teams"
	"hagukumi/web"
)

// requestStatus is a fiscal year's answer request and how far each
// department is with it: the center's view, the API's answer.
type requestStatus struct {
	FY          int                  `json:"fy"`
	Request     *teams.Request       `json:"request"`
	Departments []teams.DeptProgress `json:"departments"`
}

// requestOf reads a year's request and, for the center, the progress per
// department from the items it already read.
func (s *ui) requestOf(r *http.Request, fy int, items []teams.Item) (*requestStatus, error) {
	u := web.UserOf(r)
	q, err := s.teams.RequestOf(r.Context(), u.Municipality, fy)
	if err != nil {
		return nil, err
	}
	st := &requestStatus{FY: fy, Request: q, Departments: []teams.DeptProgress{}}
	if q != nil {
		due, _ := time.Parse(time.DateOnly, q.DueOn)
		st.Departments = teams.Progress(items, fy, due, calendar.Today(s.Now()))
	}
	return st, nil
}

// requestOpen opens this fiscal year's request to the departments, which
// tells each liaison concerned.
func (s *ui) requestOpen(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	q := teams.Request{FY: s.thisFY(), DueOn: r.PostFormValue("due_on"), Message: r.PostFormValue("message")}
	n, err := s.teams.OpenRequest(r.Context(), u.Actor(), u.Municipality, &q)
	if web.IsValidation(err) {
		return s.renderToAnswer(w, r, web.Status(err), err)
	} else if err != nil {
		return err
	}
	s.RedirectFlash(w, r, "/proposal-items", "回答依頼を出し、"+web.Num(n)+"人の所属研修担当者に知らせました。")
	return nil
}

// apiRequest answers a fiscal year's request and the progress of each
// department (?fy=, this year when absent); request is null and the list
// empty while the center has not opened one.
func (s *ui) apiRequest(w http.ResponseWriter, r *http.Request) error {
	fy, err := web.FY(r, s.Now())
	if err != nil {
		return err
	}
	u := web.UserOf(r)
	items, err := s.teams.ScopeItems(r.Context(), u.Municipality, auth.ScopeOf(u))
	if err != nil {
		return err
	}
	st, err := s.requestOf(r, fy, items)
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusOK, st)
	return nil
}
