package accountui

import (
	"net/http"

	"hagukumi/auth"
	"hagukumi/web"
)

// passwordPage shows the password change form.
func (s *ui) passwordPage(w http.ResponseWriter, r *http.Request) error {
	s.Render(w, r, http.StatusOK, "password", &web.Page{Title: "パスワードの変更", Data: auth.MinPasswordLength})
	return nil
}
