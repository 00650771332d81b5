package staffui

import (
	"net/http"

	"hagukumi/calendar"
	"hagukumi/web"
)

// export downloads the filtered staff list as CSV or, with format=xlsx, as
// a workbook. Once the body has started a failure can only be logged.
func (s *ui) export(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	name := "職員一覧_" + s.Now().In(calendar.JST).Format("20060102")
	write := s.Staff.ExportCSV
	if r.FormValue("format") == "xlsx" {
		write = s.Staff.ExportXLSX
		w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
		w.Header().Set("Content-Disposition", web.ContentDisposition(name+".xlsx"))
	} else {
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		w.Header().Set("Content-Disposition", web.ContentDisposition(name+".csv"))
	}
	if err := write(r.Context(), w, u.Municipality, web.ScopeOf(u), filterOf(r), s.fy()); err != nil {
		s.Log.Error("export", "err", err)
	}
	return nil
}
