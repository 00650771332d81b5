package web_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
	"time"

	"hagukumi/training"
	"hagukumi/web/webtest"
)

// TestKioskSession: 「受付タブレットを開始」 ends the person's own session in
// that browser and gives it a kiosk credential, stored hashed, that can
// only use the tablet of that one session, and stops working at midnight
// in Japan.
func TestKioskSession(t *testing.T) {
	forEachFixture(t, func(t *testing.T, f *fixture) {
		recSetup(t, f) // 10:00 on 2026-06-10 in Japan
		x := recSession(t, f, "SETTAI", "2026-06-10", training.Instructor{Number: "A2002"})
		other := recSession(t, f, "SETTAI", "2026-06-10")
		later := recSession(t, f, "SETTAI", "2026-06-20", training.Instructor{Number: "A2002"})
		recEnrol(t, f, x.ID, "A2001")
		tablet := fmt.Sprintf("/sessions/%d/tablet", x.ID)

		// Who may start it: the center, and the instructor for their own
		// session on its day.
		instructor := cred{session: f.newSession(t, "a_instructor", testPassword)}
		expectStatus(t, f.post(fmt.Sprintf("/sessions/%d/kiosk", other.ID), nil, instructor), http.StatusNotFound)
		expectStatus(t, f.post(fmt.Sprintf("/sessions/%d/kiosk", later.ID), nil, instructor), http.StatusConflict)
		expectStatus(t, f.post(fmt.Sprintf("/sessions/%d/kiosk", x.ID), nil, f.asCookie(t, "a_staff")), http.StatusForbidden)
		expectBody(t, f.get(fmt.Sprintf("/sessions/%d/attendance", x.ID), instructor), "受付タブレットを開始")

		own := cred{session: f.newSession(t, "a_center_staff", testPassword)}
		w := f.post(fmt.Sprintf("/sessions/%d/kiosk", x.ID), nil, own)
		expectRedirect(t, w, tablet)
		kc := cookieFrom(w, "hagukumi_kiosk")
		if kc == nil || kc.Value == "" || !kc.HttpOnly {
			t.Fatalf("no kiosk cookie: %+v", kc)
		}
		if c := cookieFrom(w, "hagukumi_session"); c == nil || c.MaxAge >= 0 {
			t.Errorf("the person's session cookie is not cleared: %+v", c)
		}
		expectRedirect(t, f.get("/", own), "/login?next=%2F") // their session ended
		if n := f.count(t, `SELECT COUNT(*) FROM kiosk_sessions WHERE session_id = $1`, x.ID); n != 1 {
			t.Fatalf("kiosk sessions %d, want 1", n)
		}
		if n := f.count(t, `SELECT COUNT(*) FROM kiosk_sessions WHERE id = $1`, kc.Value); n != 0 {
			t.Error("the kiosk secret is stored as it is, not hashed")
		}

		kiosk := func(method, path string, form url.Values) *httptest.ResponseRecorder {
			var r *http.Request
			if method == http.MethodPost {
				r = webtest.FormRequest(path, form)
			} else {
				r = httptest.NewRequest(method, path, nil)
			}
			r.AddCookie(&http.Cookie{Name: "hagukumi_kiosk", Value: kc.Value})
			return f.do(r, anonymous)
		}
		w = kiosk(http.MethodGet, tablet, nil)
		expectStatus(t, w, http.StatusOK)
		expectBody(t, w, "職員番号を入力してください")
		expectRedirect(t, kiosk(http.MethodPost, tablet, url.Values{"number": {"A2001"}}), tablet)
		if n := f.count(t, `SELECT COUNT(*) FROM attendance WHERE session_id = $1 AND status = 'present'`, x.ID); n != 1 {
			t.Fatalf("checked in %d, want 1", n)
		}
		// Anything else is sent back to the tablet or refused.
		for _, p := range []string{"/", "/staff", fmt.Sprintf("/sessions/%d", x.ID), fmt.Sprintf("/sessions/%d/attendance", x.ID),
			fmt.Sprintf("/sessions/%d/tablet", other.ID), "/login", "/my/history"} {
			expectRedirect(t, kiosk(http.MethodGet, p, nil), tablet)
		}
		// The API has no page to go back to: it refuses.
		expectStatus(t, kiosk(http.MethodGet, "/api/v1/sessions", nil), http.StatusForbidden)
		for _, p := range []string{fmt.Sprintf("/sessions/%d/tablet", other.ID), fmt.Sprintf("/sessions/%d/attendance", x.ID),
			fmt.Sprintf("/sessions/%d/kiosk", x.ID), "/logout", "/login"} {
			expectStatus(t, kiosk(http.MethodPost, p, url.Values{"number": {"A2001"}, "n": {"A2001"}, "st_A2001": {"absent"}}), http.StatusForbidden)
		}
		expectStatus(t, kiosk(http.MethodGet, "/static/style.css", nil), http.StatusOK)

		// Until 23:59 in Japan it works; from midnight it does not.
		f.Srv.SetClock(func() time.Time { return time.Date(2026, 6, 10, 14, 59, 0, 0, time.UTC) })
		expectStatus(t, kiosk(http.MethodGet, tablet, nil), http.StatusOK)
		f.Srv.SetClock(func() time.Time { return time.Date(2026, 6, 10, 15, 0, 0, 0, time.UTC) })
		w = kiosk(http.MethodGet, tablet, nil)
		expectRedirect(t, w, "/login?next="+url.QueryEscape(tablet))
		expectStatus(t, kiosk(http.MethodPost, tablet, url.Values{"number": {"A2001"}}), http.StatusSeeOther)
	})
}
