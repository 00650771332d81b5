package staffui

import (
	"net/http"

	"hagukumi/web"
)

// createUnit adds a unit under a parent (or a new department), valid from
// the 年度 of the form (this one by default).
func (s *ui) createUnit(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	fy, err := web.FY(r, s.Now())
	if err != nil {
		return err
	}
	if _, err := s.Staff.CreateUnit(r.Context(), u.Actor(), u.Municipality, web.Int64(r, "parent"), r.PostFormValue("name"), fy); err != nil {
		return err
	}
	s.RedirectFlash(w, r, "/org", "所属を追加しました。")
	return nil
}
