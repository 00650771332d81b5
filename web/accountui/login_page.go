package accountui

import (
	"net/http"

	"hagukumi/web"
)

// loginPage shows the sign-in form, or sends a signed-in user home.
func (s *ui) loginPage(w http.ResponseWriter, r *http.Request) error {
	if web.UserOf(r) != nil {
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return nil
	}
	s.Render(w, r, http.StatusOK, "login", &web.Page{Title: "ログイン", Data: map[string]string{"Next": web.LocalPath(r.FormValue("next"), "/")}})
	return nil
}
