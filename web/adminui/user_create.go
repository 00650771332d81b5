package adminui

import (
	"fmt"
	"net/http"

	"hagukumi/web"
)

// createUser adds an account with a temporary password.
func (s *ui) createUser(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	n, num, err := s.readUserForm(r)
	if n.Role.Valid() {
		if err := mayGrant(u.Role, n.Role); err != nil {
			return err
		}
	}
	if err == nil {
		_, err = s.Auth.CreateUser(r.Context(), u.Municipality, u.Actor(), n)
	}
	if toCorrect(err) {
		s.renderForm(w, r, "利用者の追加", &userFormData{Form: n, StaffNumber: num}, err)
		return nil
	}
	if err != nil {
		return err
	}
	s.RedirectFlash(w, r, "/users", fmt.Sprintf("利用者「%s」を追加しました。", n.Login))
	return nil
}
