package planui

import (
	"fmt"
	"net/http"

	"hagukumi/apperr"
	"hagukumi/calendar"
	"hagukumi/staff"
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
	each := func(emit func([]string) error) error {
		for _, b := range d.Programs {
			for _, x := range b.Sessions {
				if err := emit(training.PlanRow(b.Program, x.Session, x.Clashes)); err != nil {
					return err
				}
			}
		}
		return nil
	}
	// Once the first byte is written the status is sent: a failure can
	// only be logged.
	name := fmt.Sprintf("研修計画_%d", d.FY)
	if r.FormValue("format") == "xlsx" {
		w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
		w.Header().Set("Content-Disposition", web.ContentDisposition(name+".xlsx"))
		if err := staff.WriteXLSX(w, "研修計画", training.PlanHeader, each); err != nil {
			s.Log.Error("plan export", "err", err)
		}
		return nil
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", web.ContentDisposition(name+".csv"))
	cw, err := staff.NewCSVWriter(w)
	if err == nil {
		err = cw.Write(training.PlanHeader)
	}
	if err == nil {
		err = each(cw.Write)
	}
	if err == nil {
		err = cw.Flush()
	}
	if err != nil {
		s.Log.Error("plan export", "err", err)
	}
	return nil
}
