package staffui

import (
	"net/http"

	"hagukumi/auth"
	"hagukumi/calendar"
	"hagukumi/web"
)

// export downloads the filtered staff list as CSV or, with format=xlsx, as
// a workbook. Once the body has started a failure can only be logged.
func (s *ui) export(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	format := web.Download(w, r, "職員一覧_"+s.Now().In(calendar.JST).Format("20060102"))
	if err := s.Staff.Export(r.Context(), w, format, u.Municipality, auth.ScopeOf(u), filterOf(r), s.fy()); err != nil {
		s.Log.Error("export", "err", err)
	}
	return nil
}
