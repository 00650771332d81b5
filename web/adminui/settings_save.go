package adminui

import (
	"net/http"

	"hagukumi/web"
)

// saveSettings renames the municipality and its center.
func (s *ui) saveSettings(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	if err := s.Staff.RenameMunicipality(r.Context(), u.Actor(), u.Municipality, r.PostFormValue("name"), r.PostFormValue("center_name")); err != nil {
		return err
	}
	s.RedirectFlash(w, r, "/settings", "設定を保存しました。")
	return nil
}
