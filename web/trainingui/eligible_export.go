package trainingui

import (
	"net/http"

	"hagukumi/calendar"
	"hagukumi/sheet"
	"hagukumi/web"
)

// exportEligible downloads the roster the user may see as CSV or, with
// format=xlsx, as a workbook.
func (s *ui) exportEligible(w http.ResponseWriter, r *http.Request) error {
	p, fy, ro, err := s.loadRoster(r)
	if err != nil {
		return err
	}
	sw, err := web.Sheet(w, r, p.Name+"_対象者_"+calendar.FormatNendo(fy), "対象者")
	if err != nil {
		return err
	}
	sw.Row(sheet.Texts("職員番号", "氏名", "所属", "雇用区分", "追加の理由")...)
	for _, e := range ro.Entries() {
		if err := sw.Row(sheet.Texts(e.Number, e.Name, e.Unit, e.EmploymentType, e.Reason)...); err != nil {
			s.Log.Error("export", "err", err)
			return nil
		}
	}
	if err := sw.Close(); err != nil {
		s.Log.Error("export", "err", err)
	}
	return nil
}
