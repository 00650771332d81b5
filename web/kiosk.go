package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"hagukumi/apperr"
	"hagukumi/auth"
)

// KioskCookieName is the 受付 tablet's cookie (auth.KioskUser), apart from
// the session cookie so that the two can never be mistaken for each other.
func (s *Server) KioskCookieName() string {
	if s.Cfg.Secure {
		return "__Host-hagukumi-kiosk"
	}
	return "hagukumi_kiosk"
}

// StartKiosk turns the browser of the request into the 受付 tablet of a
// training session: the person's own session ends in it (nobody at the
// venue may act as them), and the kiosk cookie, which expires when the
// kiosk session does, takes its place.
func (s *Server) StartKiosk(w http.ResponseWriter, r *http.Request, sessionID int64) error {
	u := UserOf(r)
	tok, end, err := s.Auth.StartKiosk(r.Context(), u, sessionID)
	if err != nil {
		return err
	}
	if c, err := r.Cookie(s.CookieName()); err == nil {
		if err := s.Auth.Logout(r.Context(), c.Value); err != nil {
			return err
		}
	}
	http.SetCookie(w, &http.Cookie{Name: s.CookieName(), Path: "/", MaxAge: -1, HttpOnly: true, Secure: s.Cfg.Secure, SameSite: http.SameSiteLaxMode})
	http.SetCookie(w, &http.Cookie{Name: s.KioskCookieName(), Value: tok, Path: "/", Expires: end, MaxAge: int(time.Until(end).Seconds()),
		HttpOnly: true, Secure: s.Cfg.Secure, SameSite: http.SameSiteStrictMode})
	http.Redirect(w, r, kioskHome(sessionID), http.StatusSeeOther)
	return nil
}

func kioskHome(sessionID int64) string { return fmt.Sprintf("/sessions/%d/tablet", sessionID) }

// kioskPatterns are the routes a 受付 tablet may use, for its own session
// only; the static files are what its page needs to look right.
var kioskPatterns = map[string]bool{"GET /sessions/{id}/tablet": true, "POST /sessions/{id}/tablet": true, "GET /static/": true}

// kioskAllows tells whether a kiosk user may use a route: only the tablet
// of the session the kiosk is bound to.
func kioskAllows(u *auth.User, rt *Route, r *http.Request) bool {
	if !kioskPatterns[rt.Pattern] {
		return false
	}
	if rt.Pattern == "GET /static/" {
		return true
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	return err == nil && id == u.Kiosk
}

// refuseKiosk answers a kiosk's request for anything else: a page is sent
// back to the tablet, anything else is forbidden.
func (s *Server) refuseKiosk(w http.ResponseWriter, r *http.Request, u *auth.User) {
	// A page goes back to the tablet; the API has no page to go back to.
	if (r.Method == http.MethodGet || r.Method == http.MethodHead) && !strings.HasPrefix(r.URL.Path, "/api/") {
		http.Redirect(w, r, kioskHome(u.Kiosk), http.StatusSeeOther)
		return
	}
	s.Fail(w, r, apperr.New(apperr.Forbidden, "受付タブレットではこの操作はできません。"))
}
