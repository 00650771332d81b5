package adminui

import (
	"fmt"
	"net/http"

	"hagukumi/apperr"
	"hagukumi/web"
)

// updateUser changes an account; nobody may change their own role or
// disable themselves, so that a municipality always keeps an administrator.
func (s *ui) updateUser(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	x, err := s.loadUser(r)
	if err != nil {
		return err
	}
	n, num, err := s.readUserForm(r)
	if err := mayGrant(u.Role, x.Role); err != nil {
		return err
	}
	if n.Role.Valid() {
		if err := mayGrant(u.Role, n.Role); err != nil {
			return err
		}
	}
	disabled := r.PostFormValue("disabled") == "1"
	if err == nil && x.ID == u.ID && (disabled || n.Role != x.Role) {
		err = apperr.Invalidf("自分自身の役割の変更や無効化はできません。")
	}
	if err == nil {
		err = s.Auth.UpdateUser(r.Context(), u.Municipality, u.Actor(), x.ID, n, disabled)
	}
	if toCorrect(err) {
		n.Login = x.Login
		s.renderForm(w, r, "利用者の編集", &userFormData{Edit: x, Form: n, StaffNumber: num}, err)
		return nil
	}
	if err != nil {
		return err
	}
	s.RedirectFlash(w, r, "/users", fmt.Sprintf("利用者「%s」を更新しました。", x.Login))
	return nil
}
