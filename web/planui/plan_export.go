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
	write := func(format string) error {
		sw, err := sheet.New(w, format, "研修計画")
		if err != nil {
			return err
		}
		if err := sw.Row(sheet.Texts(training.PlanHeader...)...); err != nil {
			return err
		}
		for _, b := range d.Programs {
			for _, x := range b.Sessions {
				if err := sw.Row(training.PlanRow(b.Program, x.Session, x.Clashes)...); err != nil {
					return err
				}
			}
		}
		return sw.Close()
	}
	// Once the first byte is written the status is sent: a failure can
	// only be logged.
	name := fmt.Sprintf("研修計画_%d", d.FY)
	format, ext, ctype := sheet.CSV, ".csv", "text/csv; charset=utf-8"
	if r.FormValue("format") == "xlsx" {
		format, ext, ctype = sheet.XLSX, ".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Disposition", web.ContentDisposition(name+ext))
	if err := write(format); err != nil {
		s.Log.Error("plan export", "err", err)
	}
	return nil
}
