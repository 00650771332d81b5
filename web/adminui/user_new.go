package adminui

import (
	"net/http"

	"hagukumi/auth"
)

// newUser shows the form of a new account.
func (s *ui) newUser(w http.ResponseWriter, r *http.Request) error {
	s.renderForm(w, r, "利用者の追加", &userFormData{Form: auth.NewUser{Role: auth.Staff}}, nil)
	return nil
}
