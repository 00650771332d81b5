package surveyui

import (
	"net/http"

	"hagukumi/auth"
	"hagukumi/training"
	"hagukumi/web"
)

type reportsData struct {
	Status    string
	Reports   []*training.Report
	CanReview bool
	Tabs      []struct{ Status, Label string }
}

// reports lists the reports in the user's scope by status (?status=);
// the supervisor reviews them here.
func (s *ui) reports(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	status := r.FormValue("status")
	switch status {
	case training.ReportReturned, training.ReportAccepted, "all":
	default:
		status = training.ReportSubmitted
	}
	q := status
	if q == "all" {
		q = ""
	}
	list, err := s.Train.Reports(r.Context(), u.Municipality, auth.ScopeOf(u), q)
	if err != nil {
		return err
	}
	d := reportsData{Status: status, Reports: list, CanReview: u.Role == auth.Supervisor,
		Tabs: []struct{ Status, Label string }{{training.ReportSubmitted, "確認待ち"}, {training.ReportReturned, "差戻し"}, {training.ReportAccepted, "承認済み"}, {"all", "すべて"}}}
	s.Render(w, r, http.StatusOK, "reports", &web.Page{Title: "受講報告書の確認", Nav: "reports", Data: d})
	return nil
}
