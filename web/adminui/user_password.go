package adminui

import (
	"net/http"

	"hagukumi/auth"
	"hagukumi/web"
)

// resetPassword gives an account a new temporary password, shown once.
func (s *ui) resetPassword(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	x, err := s.loadUser(r)
	if err != nil {
		return err
	}
	if err := mayGrant(u.Role, x.Role); err != nil {
		return err
	}
	pw := auth.RandomPassword()
	if err := s.Auth.SetPassword(r.Context(), u.Municipality, u.Actor(), x.ID, pw, true, ""); err != nil {
		return err
	}
	s.Render(w, r, http.StatusOK, "password_reset", &web.Page{Title: "パスワードの再設定", Nav: "admin",
		Data: map[string]string{"Login": x.Login, "Password": pw}})
	return nil
}
