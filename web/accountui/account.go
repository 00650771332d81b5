package accountui

import (
	"net/http"
	"strings"

	"hagukumi/apperr"
	"hagukumi/auth"
	"hagukumi/web"
)

func (s *ui) loginPage(w http.ResponseWriter, r *http.Request) error {
	if web.UserOf(r) != nil {
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return nil
	}
	s.Render(w, r, http.StatusOK, "login", &web.Page{Title: "ログイン", Data: map[string]string{"Next": web.LocalPath(r.FormValue("next"), "/")}})
	return nil
}

func clientAddr(r *http.Request) string {
	a := r.RemoteAddr
	if i := strings.LastIndexByte(a, ':'); i > 0 {
		a = a[:i]
	}
	return a
}

func (s *ui) login(w http.ResponseWriter, r *http.Request) error {
	login := strings.TrimSpace(r.PostFormValue("login"))
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
			Data: map[string]string{"Next": web.LocalPath(r.PostFormValue("next"), "/"), "Login": login}})
		return nil
	}
	http.SetCookie(w, &http.Cookie{Name: s.CookieName(), Value: tok, Path: "/", HttpOnly: true, Secure: s.Cfg.Secure,
		SameSite: http.SameSiteLaxMode, MaxAge: int(auth.AbsoluteTimeout.Seconds())})
	if u.MustChangePassword {
		http.Redirect(w, r, "/account/password", http.StatusSeeOther)
		return nil
	}
	http.Redirect(w, r, web.LocalPath(r.PostFormValue("next"), "/"), http.StatusSeeOther)
	return nil
}

func (s *ui) logout(w http.ResponseWriter, r *http.Request) error {
	if c, err := r.Cookie(s.CookieName()); err == nil {
		s.Auth.Logout(r.Context(), c.Value)
	}
	http.SetCookie(w, &http.Cookie{Name: s.CookieName(), Path: "/", MaxAge: -1, HttpOnly: true, Secure: s.Cfg.Secure, SameSite: http.SameSiteLaxMode})
	http.Redirect(w, r, "/login", http.StatusSeeOther)
	return nil
}

func (s *ui) passwordPage(w http.ResponseWriter, r *http.Request) error {
	s.Render(w, r, http.StatusOK, "password", &web.Page{Title: "パスワードの変更", Data: auth.MinPasswordLength})
	return nil
}

func (s *ui) changePassword(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	fail := func(msg string) {
		s.Render(w, r, http.StatusBadRequest, "password", &web.Page{Title: "パスワードの変更", Error: msg, Data: auth.MinPasswordLength})
	}
	_, hash, err := s.Auth.UserByLogin(r.Context(), u.Login)
	if err != nil {
		return err

	}
	if !auth.CheckPassword(hash, r.PostFormValue("current")) {
		fail("現在のパスワードが正しくありません。")
		return nil
	}
	pw := r.PostFormValue("new")
	if pw != r.PostFormValue("confirm") {
		fail("新しいパスワードと確認用の入力が一致しません。")
		return nil
	}
	if pw == r.PostFormValue("current") {
		fail("新しいパスワードは現在のものと別にしてください。")
		return nil
	}
	keep := ""
	if c, err := r.Cookie(s.CookieName()); err == nil {
		keep = c.Value
	}
	if err := s.Auth.SetPassword(r.Context(), u.Municipality, u.Actor(), u.ID, pw, false, keep); err != nil {
		if apperr.CodeOf(err) == apperr.Invalid {
			fail(web.Message(err))
			return nil
		}
		return err

	}
	s.RedirectFlash(w, r, "/", "パスワードを変更しました。")
	return nil
}

func (s *ui) apiMe(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	web.JSON(w, http.StatusOK, map[string]any{"login": u.Login, "display_name": u.DisplayName, "role": u.Role,
		"role_label": u.Role.Label(), "unit": u.UnitPath, "municipality_id": u.Municipality})
	return nil
}
