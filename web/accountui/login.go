package accountui

import (
	"net/http"
	"strings"

	"hagukumi/apperr"
	"hagukumi/auth"
	"hagukumi/web"
)

// login signs in with login name and password and sets the session
// cookie; a temporary password leads to the password change first.
func (s *ui) login(w http.ResponseWriter, r *http.Request) error {
	login := strings.TrimSpace(r.PostFormValue("login"))
	next := web.LocalPath(r.PostFormValue("next"), "/")
	attempt := auth.Attempt{Login: login, Password: r.PostFormValue("password"), Addr: clientAddr(r)}
	if c, err := r.Cookie(s.CookieName()); err == nil {
		attempt.Replaces = c.Value
	}
	u, tok, err := s.Auth.SignIn(r.Context(), attempt)
	if err != nil {
		status := web.Status(err)
		if apperr.CodeOf(err) == apperr.Invalid {
			status = http.StatusUnauthorized
		} else if err == auth.ErrThrottled {
			status = http.StatusTooManyRequests
		} else if status == http.StatusInternalServerError {
			return err
		}
		s.Render(w, r, status, "login", &web.Page{Title: "ログイン", Error: web.Message(err),
			Data: map[string]string{"Next": next, "Login": login}})
		return nil
	}
	http.SetCookie(w, &http.Cookie{Name: s.CookieName(), Value: tok, Path: "/", HttpOnly: true, Secure: s.Cfg.Secure,
		SameSite: http.SameSiteLaxMode, MaxAge: int(auth.AbsoluteTimeout.Seconds())})
	if u.MustChangePassword {
		next = "/account/password"
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
	return nil
}

// clientAddr is the address the sign-in throttle counts failures by.
func clientAddr(r *http.Request) string {
	a := r.RemoteAddr
	if i := strings.LastIndexByte(a, ':'); i > 0 {
		a = a[:i]
	}
	return a
}
