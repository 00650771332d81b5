package recordsui

import (
	"net/http"

	"hagukumi/staff"
	"hagukumi/training"
	"hagukumi/web"
)

type tabletData struct {
	X       *training.Session
	Closed  string // why nobody can be checked in today, if so
	Present int
	Total   int
}

// tablet shows the reception screen where attendees type their 職員番号.
func (s *ui) tablet(w http.ResponseWriter, r *http.Request) error {
	a, err := s.sessionAccess(r)
	if err != nil {
		return err
	}
	return s.renderTablet(w, r, a, http.StatusOK, "")
}

// renderTablet shows the reception screen with how many have arrived.
func (s *ui) renderTablet(w http.ResponseWriter, r *http.Request, a *access, status int, errMsg string) error {
	u := web.UserOf(r)
	rows, err := s.Train.Attendance(r.Context(), u.Municipality, a.X.ID, staff.Scope{})
	if err != nil {
		return err
	}
	d := tabletData{X: a.X, Closed: a.Closed, Total: len(rows)}
	for _, row := range rows {
		if training.Attended(row.Status) {
			d.Present++
		}
	}
	s.Render(w, r, status, "attendance_tablet", &web.Page{Title: "受付 " + a.X.Label(), Nav: "training", FY: a.X.FY, Error: errMsg, Data: d, Kiosk: true})
	return nil
}
