package web

import (
	"net/http"
	"strings"

	"hagukumi/apperr"
	"hagukumi/auth"
	"hagukumi/staff"
)

func (s *Server) loginPage(w http.ResponseWriter, r *http.Request) {
	if userOf(r) != nil {
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return
	}
	s.render(w, r, http.StatusOK, "login", &Page{Title: "ログイン", Data: map[string]string{"Next": safeNext(r.FormValue("next"))}})
}

func clientAddr(r *http.Request) string {
	a := r.RemoteAddr
	if i := strings.LastIndexByte(a, ':'); i > 0 {
		a = a[:i]
	}
	return a
}

func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	login := strings.TrimSpace(r.PostFormValue("login"))
	attempt := auth.Attempt{Login: login, Password: r.PostFormValue("password"), Addr: clientAddr(r)}
	if c, err := r.Cookie(s.cookieName()); err == nil {
		attempt.Replaces = c.Value
	}
	u, tok, err := s.Auth.SignIn(r.Context(), attempt)
	if err != nil {
		status := statusOf(err)
		if apperr.CodeOf(err) == apperr.Invalid {
			status = http.StatusUnauthorized
		} else if err == auth.ErrThrottled {
			status = http.StatusTooManyRequests
		} else if status == http.StatusInternalServerError {
			s.fail(w, r, err)
			return
		}
		s.render(w, r, status, "login", &Page{Title: "ログイン", Error: messageOf(err),
			Data: map[string]string{"Next": safeNext(r.PostFormValue("next")), "Login": login}})
		return
	}
	http.SetCookie(w, &http.Cookie{Name: s.cookieName(), Value: tok, Path: "/", HttpOnly: true, Secure: s.Cfg.Secure,
		SameSite: http.SameSiteLaxMode, MaxAge: int(auth.AbsoluteTimeout.Seconds())})
	if u.MustChangePassword {
		http.Redirect(w, r, "/account/password", http.StatusSeeOther)
		return
	}
	http.Redirect(w, r, safeNext(r.PostFormValue("next")), http.StatusSeeOther)
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	if c, err := r.Cookie(s.cookieName()); err == nil {
		s.Auth.Logout(r.Context(), c.Value)
	}
	http.SetCookie(w, &http.Cookie{Name: s.cookieName(), Path: "/", MaxAge: -1, HttpOnly: true, Secure: s.Cfg.Secure, SameSite: http.SameSiteLaxMode})
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}

func (s *Server) passwordPage(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "password", &Page{Title: "パスワードの変更", Data: auth.MinPasswordLength})
}

func (s *Server) changePassword(w http.ResponseWriter, r *http.Request) {
	u := userOf(r)
	fail := func(msg string) {
		s.render(w, r, http.StatusBadRequest, "password", &Page{Title: "パスワードの変更", Error: msg, Data: auth.MinPasswordLength})
	}
	_, hash, err := s.Auth.UserByLogin(r.Context(), u.Login)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if !auth.CheckPassword(hash, r.PostFormValue("current")) {
		fail("現在のパスワードが正しくありません。")
		return
	}
	pw := r.PostFormValue("new")
	if pw != r.PostFormValue("confirm") {
		fail("新しいパスワードと確認用の入力が一致しません。")
		return
	}
	if pw == r.PostFormValue("current") {
		fail("新しいパスワードは現在のものと別にしてください。")
		return
	}
	keep := ""
	if c, err := r.Cookie(s.cookieName()); err == nil {
		keep = c.Value
	}
	if err := s.Auth.SetPassword(r.Context(), u.Municipality, u.Actor(), u.ID, pw, false, keep); err != nil {
		if apperr.CodeOf(err) == apperr.Invalid {
			fail(messageOf(err))
			return
		}
		s.fail(w, r, err)
		return
	}
	s.redirectFlash(w, r, "/", "パスワードを変更しました。")
}

type homeData struct {
	Counts staff.Counts
	Me     *staff.Member
}

func (s *Server) home(w http.ResponseWriter, r *http.Request) {
	u := userOf(r)
	var d homeData
	var err error
	sc := auth.ScopeOf(u)
	if !sc.None {
		d.Counts, err = s.Staff.CountStaff(r.Context(), u.Municipality, sc)
		if err != nil {
			s.fail(w, r, err)
			return
		}
	}
	if u.StaffID != 0 {
		d.Me, _ = s.Staff.ByID(r.Context(), u.Municipality, u.StaffID)
	}
	s.render(w, r, http.StatusOK, "home", &Page{Title: "ホーム", Nav: "home", Data: d})
}
