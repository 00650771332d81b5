package planui

import (
	"fmt"
	"net/http"

	"hagukumi/apperr"
	"hagukumi/calendar"
	"hagukumi/sheet"
	"hagukumi/training"
	"hagukumi/web"
)

// planExport writes a 年度's plan as CSV or, with format=xlsx, as Excel.
func (s *ui) planExport(w http.ResponseWriter, r *http.Request) error {
	d, err := s.loadPlan(r)
	if err != nil {
		return err
	}
	if !d.Visible {
		return apperr.NotFoundf("%sの研修計画はまだ公開されていません。", calendar.FormatNendo(d.FY))
	}
	sw, err := web.Sheet(w, r, fmt.Sprintf("研修計画_%d", d.FY), "研修計画")
	if err != nil {
		return err
	}
	err = sw.Row(sheet.Texts(training.PlanHeader...)...)
	for _, b := range d.Programs {
		for _, x := range b.Sessions {
			if err == nil {
				err = sw.Row(training.PlanRow(b.Program, x.Session, x.Clashes)...)
			}
		}
	}
	if err == nil {
		err = sw.Close()
	}
	if err != nil {
		// The status is sent with the first row: a failure can only be logged.
		s.Log.Error("plan export", "err", err)
	}
	return nil
}
