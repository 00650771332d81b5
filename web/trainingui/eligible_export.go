package trainingui

import (
	"net/http"

	"hagukumi/calendar"
	"hagukumi/staff"
	"hagukumi/web"
)

// exportEligible downloads the roster the user may see as CSV or, with
// format=xlsx, as a workbook.
func (s *ui) exportEligible(w http.ResponseWriter, r *http.Request) error {
	p, fy, ro, err := s.loadRoster(r)
	if err != nil {
		return err
	}
	header := []string{"職員番号", "氏名", "所属", "雇用区分", "追加の理由"}
	each := func(emit func([]string) error) error {
		for _, e := range ro.Entries() {
			if err := emit([]string{e.Number, e.Name, e.Unit, e.EmploymentType, e.Reason}); err != nil {
				return err
			}
		}
		return nil
	}
	name := p.Name + "_対象者_" + calendar.FormatNendo(fy)
	if r.FormValue("format") == "xlsx" {
		w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
		w.Header().Set("Content-Disposition", web.ContentDisposition(name+".xlsx"))
		if err := staff.WriteXLSX(w, "対象者", header, each); err != nil {
			s.Log.Error("export", "err", err)
		}
		return nil
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", web.ContentDisposition(name+".csv"))
	cw, err := staff.NewCSVWriter(w)
	if err != nil {
		return nil
	}
	cw.Write(header)
	each(func(rec []string) error { return cw.Write(rec) })
	cw.Flush()
	return nil
}
