package jointui

import (
	"net/http"

	"hagukumi/auth"
	"hagukumi/calendar"
	"hagukumi/joint"
	"hagukumi/sheet"
	"hagukumi/web"
)

// export downloads the city's applications to one programme in the shape
// a prefectural body asks for: one row per applicant, Japanese headers.
func (s *ui) export(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	u := web.UserOf(r)
	p, err := s.st.Programme(r.Context(), u.Municipality, id)
	if err != nil {
		return err
	}
	apps, err := s.st.Applications(r.Context(), u.Municipality, auth.ScopeOf(u), id)
	if err != nil {
		return err
	}
	sw, err := web.Sheet(w, r, "共同研修申込_"+p.Name, "申込者")
	if err != nil {
		return err
	}
	sw.Row(sheet.Texts("市町村名", "研修名", "主催", "開催日", "所属", "職員番号", "氏名", "状態", "追加申込の理由", "申込日")...)
	for _, a := range apps {
		sw.Row(sheet.Text(u.MuniName), sheet.Text(p.Name), sheet.Text(p.Host), sheet.Date(p.StartsOn.Format("2006-01-02")), sheet.Text(a.Unit),
			sheet.Text(a.Number), sheet.Text(a.Name), sheet.Text(joint.StatusLabels[a.Status]), sheet.Text(a.LateReason),
			sheet.Date(calendar.Today(a.AppliedAt).Format("2006-01-02")))
	}
	if err := sw.Close(); err != nil {
		s.Log.Error("joint export", "err", err)
	}
	return nil
}
