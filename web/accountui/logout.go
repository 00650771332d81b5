package accountui

import "net/http"

// logout ends the session and clears its cookie.
func (s *ui) logout(w http.ResponseWriter, r *http.Request) error {
	if c, err := r.Cookie(s.CookieName()); err == nil {
		s.Auth.Logout(r.Context(), c.Value)
	}
	http.SetCookie(w, &http.Cookie{Name: s.CookieName(), Path: "/", MaxAge: -1, HttpOnly: true, Secure: s.Cfg.Secure, SameSite: http.SameSiteLaxMode})
	http.Redirect(w, r, "/login", http.StatusSeeOther)
	return nil
}
