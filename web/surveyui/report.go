package surveyui

import (
	"net/http"

	"hagukumi/training"
	"hagukumi/web"
)

type reportData struct {
	X    *training.Session
	R    *training.Report
	Open bool
	Body string
}

// report shows an attendee's report on a session for writing.
func (s *ui) report(w http.ResponseWriter, r *http.Request) error {
	x, err := s.attendee(r)
	if err != nil {
		return err
	}
	return s.renderReport(w, r, x, http.StatusOK, "", "")
}

// renderReport shows the report; after a mistake, with the text as entered.
func (s *ui) renderReport(w http.ResponseWriter, r *http.Request, x *training.Session, status int, errMsg, body string) error {
	u := web.UserOf(r)
	rep, err := s.Train.ReportOf(r.Context(), u.Municipality, x.ID, u.StaffID)
	if err != nil {
		return err
	}
	d := reportData{X: x, R: rep, Open: s.started(x), Body: rep.Body}
	if errMsg != "" {
		d.Body = body
	}
	s.Render(w, r, status, "report_edit", &web.Page{Title: "受講報告書 " + x.Label(), Nav: "history", FY: x.FY, Error: errMsg, Data: d})
	return nil
}
