package web_test

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"hagukumi/app"
	"hagukumi/audit"
	"hagukumi/auth"
	"hagukumi/web"
)

// postLogin submits the login form from a given client address.
func (f *fixture) postLogin(login, password, next, addr string) *httptest.ResponseRecorder {
	r := formRequest("/login", url.Values{"login": {login}, "password": {password}, "next": {next}})
	r.RemoteAddr = addr
	return f.do(r, anonymous)
}

// sessionFrom returns the session set by a login response, or fails.
func sessionFrom(t testing.TB, w *httptest.ResponseRecorder) string {
	t.Helper()
	c := cookieFrom(w, sessionCookie)
	if c == nil || c.Value == "" {
		t.Fatalf("no session cookie set; Set-Cookie %q", w.Header().Values("Set-Cookie"))
	}
	return c.Value
}

// passwordHash reads an account's stored hash, to prove it did not change.
func (f *fixture) passwordHash(t testing.TB, id int64) (hash string, mustChange bool) {
	t.Helper()
	if err := f.D.R.QueryRow(`SELECT password_hash, must_change_password FROM users WHERE id = $1`, id).Scan(&hash, &mustChange); err != nil {
		t.Fatal(err)
	}
	return hash, mustChange
}

const msgBadLogin = "ログイン名またはパスワードが正しくありません。"

// TestAccounts covers what a user sees of logging in and out, passwords,
// disabling and resetting accounts (PRODUCT F4). Each subtest uses accounts
// and a client address of its own, so they run in parallel.
func TestAccounts(t *testing.T) {
	t.Parallel()
	forEachFixture(t, func(t *testing.T, f *fixture) {
		t.Parallel()
		ctx := context.Background()

		t.Run("wrong password", func(t *testing.T) {
			t.Parallel()
			for _, login := range []string{"a_center_staff", "nobody_here"} {
				w := f.postLogin(login, "Wrong-Password-123", "", "203.0.113.1:1")
				expectStatus(t, w, http.StatusUnauthorized)
				expectBody(t, w, msgBadLogin, `lang="ja"`)
				if c := cookieFrom(w, sessionCookie); c != nil {
					t.Fatalf("failed login set a session cookie %v", c)
				}
			}
		})

		t.Run("throttled after five failures", func(t *testing.T) {
			t.Parallel()
			f.createUser(t, f.A.ID, "A", "a_throttle", auth.CenterStaff)
			for i := 1; i <= auth.MaxFailuresPerLogin; i++ {
				w := f.postLogin("a_throttle", fmt.Sprintf("Wrong-Password-%d", i), "", "203.0.113.2:1")
				expectStatus(t, w, http.StatusUnauthorized)
			}
			w := f.postLogin("a_throttle", testPassword, "", "203.0.113.2:1")
			expectStatus(t, w, http.StatusTooManyRequests)
			expectBody(t, w, "ログインの失敗が続いたため、しばらくログインできません。15分ほど待ってから再度お試しください。")
			if c := cookieFrom(w, sessionCookie); c != nil {
				t.Fatal("a throttled login set a session cookie")
			}
			// From another address too: the account is locked, not the client.
			expectStatus(t, f.postLogin("a_throttle", testPassword, "", "203.0.113.3:1"), http.StatusTooManyRequests)
		})

		t.Run("success sets a fresh, protected cookie", func(t *testing.T) {
			t.Parallel()
			f.createUser(t, f.A.ID, "A", "a_login_ok", auth.CenterStaff)
			r := formRequest("/login", url.Values{"login": {"a_login_ok"}, "password": {testPassword}})
			r.RemoteAddr = "203.0.113.4:1"
			r.AddCookie(&http.Cookie{Name: sessionCookie, Value: "planted-by-an-attacker"})
			w := f.do(r, anonymous)
			expectRedirect(t, w, "/")
			c := cookieFrom(w, sessionCookie)
			if c == nil || !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.Path != "/" || c.Secure || c.Domain != "" {
				t.Fatalf("session cookie %+v: want HttpOnly, SameSite=Lax, Path=/, host-only", c)
			}
			if c.MaxAge != int(auth.AbsoluteTimeout.Seconds()) {
				t.Errorf("cookie MaxAge %d, want %d", c.MaxAge, int(auth.AbsoluteTimeout.Seconds()))
			}
			if c.Value == "planted-by-an-attacker" || len(c.Value) < 40 {
				t.Fatalf("session id %q is not a fresh random token", c.Value)
			}
			// The planted value is no session.
			expectRedirect(t, f.get("/", cred{session: "planted-by-an-attacker"}), "/login?next=%2F")
			w2 := f.postLogin("a_login_ok", testPassword, "", "203.0.113.4:1")
			expectRedirect(t, w2, "/")
			if second := sessionFrom(t, w2); second == c.Value {
				t.Fatal("two logins got the same session id")
			}
			w = f.get("/", cred{session: c.Value})
			expectStatus(t, w, http.StatusOK)
			expectBody(t, w, "テスト a_login_ok")
		})

		t.Run("next stays on this site", func(t *testing.T) {
			t.Parallel()
			w := f.get("/staff?q=a", anonymous)
			expectRedirect(t, w, "/login?next=%2Fstaff%3Fq%3Da")
			w = f.get("/login?next=%2Fstaff%3Fq%3Da", anonymous)
			expectStatus(t, w, http.StatusOK)
			expectBody(t, w, `name="next" value="/staff?q=a"`)
			for next, want := range map[string]string{
				"/staff":                "/staff",
				"//evil.example/":       "/",
				"https://evil.example/": "/",
				`/\evil.example`:        "/",
			} {
				expectRedirect(t, f.postLogin("a_center_admin", testPassword, next, "203.0.113.5:1"), want)
			}
			// Signed in, the login page sends you home.
			expectRedirect(t, f.get("/login", f.asCookie(t, "a_center_admin")), "/")
		})

		t.Run("logout ends the session", func(t *testing.T) {
			t.Parallel()
			f.createUser(t, f.A.ID, "A", "a_logout", auth.Liaison)
			s := sessionFrom(t, f.postLogin("a_logout", testPassword, "", "203.0.113.6:1"))
			expectStatus(t, f.get("/", cred{session: s}), http.StatusOK)
			w := f.post("/logout", nil, cred{session: s})
			expectRedirect(t, w, "/login")
			if c := cookieFrom(w, sessionCookie); c == nil || c.MaxAge >= 0 {
				t.Fatalf("logout did not clear the cookie: %v", c)
			}
			expectRedirect(t, f.get("/", cred{session: s}), "/login?next=%2F")
			expectStatus(t, f.get("/api/v1/me", cred{session: s}), http.StatusUnauthorized)
			if n := f.count(t, `SELECT COUNT(*) FROM sessions WHERE user_id = $1`, f.user(t, "a_logout").ID); n != 0 {
				t.Fatalf("%d sessions left after logout", n)
			}
		})

		t.Run("must change password", func(t *testing.T) {
			t.Parallel()
			u, err := f.Srv.Auth.CreateUser(ctx, f.A.ID, audit.System, auth.NewUser{Login: "a_mustchange", DisplayName: "初回", Role: auth.CenterStaff,
				Password: testPassword, MustChange: true})
			if err != nil {
				t.Fatal(err)
			}
			w := f.postLogin("a_mustchange", testPassword, "/staff", "203.0.113.7:1")
			expectRedirect(t, w, "/account/password")
			s := cred{session: sessionFrom(t, w)}
			other := cred{session: f.newSession(t, "a_mustchange", testPassword)}
			for _, p := range []string{"/", "/staff", "/staff/A1001", "/org", "/staff/export"} {
				expectRedirect(t, f.get(p, s), "/account/password")
			}
			w = f.get("/account/password", s)
			expectStatus(t, w, http.StatusOK)
			expectBody(t, w, "初回ログインまたは再設定のため、新しいパスワードを設定してください。")

			hash, _ := f.passwordHash(t, u.ID)
			audits := f.count(t, `SELECT COUNT(*) FROM audit_log WHERE entity_id = 'a_mustchange'`)
			for _, c := range []struct{ name, current, new, confirm, msg string }{
				{"too short", testPassword, "Short-1", "Short-1", "パスワードは10文字以上にしてください。"},
				{"common", testPassword, "password123", "password123", "推測されやすいパスワードは使えません。別のパスワードを設定してください。"},
				{"contains login", testPassword, "My-a_mustchange-pass", "My-a_mustchange-pass", "推測されやすいパスワードは使えません。別のパスワードを設定してください。"},
				{"confirm differs", testPassword, "Brand-New-Secret-42", "Brand-New-Secret-43", "新しいパスワードと確認用の入力が一致しません。"},
				{"wrong current", "Not-The-Password-1", "Brand-New-Secret-42", "Brand-New-Secret-42", "現在のパスワードが正しくありません。"},
				{"same as current", testPassword, testPassword, testPassword, "新しいパスワードは現在のものと別にしてください。"},
			} {
				w := f.post("/account/password", url.Values{"current": {c.current}, "new": {c.new}, "confirm": {c.confirm}}, s)
				if w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), c.msg) {
					t.Errorf("%s: status %d, want 400 with %q", c.name, w.Code, c.msg)
				}
			}
			if h, must := f.passwordHash(t, u.ID); h != hash || !must {
				t.Fatal("a refused password change changed the account")
			}
			if n := f.count(t, `SELECT COUNT(*) FROM audit_log WHERE entity_id = 'a_mustchange'`); n != audits {
				t.Fatalf("refused changes wrote %d audit entries", n-audits)
			}

			w = f.post("/account/password", url.Values{"current": {testPassword}, "new": {"Brand-New-Secret-42"}, "confirm": {"Brand-New-Secret-42"}}, s)
			expectRedirect(t, w, "/")
			flash := cookieFrom(w, "flash")
			if flash == nil {
				t.Fatal("no flash message after the change")
			}
			r := httptest.NewRequest(http.MethodGet, "/", nil)
			r.AddCookie(flash)
			w = f.do(r, s)
			expectStatus(t, w, http.StatusOK)
			expectBody(t, w, "パスワードを変更しました。")
			expectStatus(t, f.get("/staff", s), http.StatusOK)
			// The other session ended; the old password no longer works.
			expectRedirect(t, f.get("/", other), "/login?next=%2F")
			expectStatus(t, f.postLogin("a_mustchange", testPassword, "", "203.0.113.7:1"), http.StatusUnauthorized)
			expectRedirect(t, f.postLogin("a_mustchange", "Brand-New-Secret-42", "", "203.0.113.7:1"), "/")
			if _, must := f.passwordHash(t, u.ID); must {
				t.Fatal("must_change_password still set")
			}
		})

		t.Run("disabling ends sessions and tokens at once", func(t *testing.T) {
			t.Parallel()
			u := f.createUser(t, f.A.ID, "A", "a_disable_me", auth.CenterStaff)
			s := cred{session: f.newSession(t, "a_disable_me", testPassword)}
			tok := cred{bearer: f.token(t, "a_disable_me")}
			expectStatus(t, f.get("/", s), http.StatusOK)
			expectStatus(t, f.get("/api/v1/me", tok), http.StatusOK)

			w := f.post(fmt.Sprintf("/users/%d", u.ID), url.Values{"display_name": {u.DisplayName}, "role": {"center_staff"}, "disabled": {"1"}},
				f.asCookie(t, "a_center_admin"))
			expectRedirect(t, w, "/users")
			expectRedirect(t, f.get("/", s), "/login?next=%2F")
			expectStatus(t, f.get("/api/v1/me", tok), http.StatusUnauthorized)
			w = f.postLogin("a_disable_me", testPassword, "", "203.0.113.8:1")
			expectStatus(t, w, http.StatusUnauthorized)
			expectBody(t, w, msgBadLogin)
			if n := f.count(t, `SELECT (SELECT COUNT(*) FROM sessions WHERE user_id = $1) + (SELECT COUNT(*) FROM api_tokens WHERE user_id = $1)`, u.ID); n != 0 {
				t.Fatalf("%d sessions and tokens left", n)
			}
			w = f.get("/users", f.asCookie(t, "a_center_admin"))
			expectBody(t, w, "a_disable_me</a></td><td>テスト a_disable_me</td><td>センター職員</td><td></td><td>無効")
		})

		t.Run("an admin cannot disable or demote themself", func(t *testing.T) {
			t.Parallel()
			me := f.user(t, "a_center_admin")
			for _, form := range []url.Values{
				{"role": {"center_admin"}, "disabled": {"1"}},
				{"role": {"staff"}, "staff_number": {"A1001"}},
			} {
				w := f.post(fmt.Sprintf("/users/%d", me.ID), form, f.asCookie(t, "a_center_admin"))
				expectStatus(t, w, http.StatusBadRequest)
				expectBody(t, w, "自分自身の役割の変更や無効化はできません。")
			}
			u, _ := f.Srv.Auth.UserByID(ctx, me.ID)
			if u.Disabled || u.Role != auth.CenterAdmin {
				t.Fatalf("admin changed themself: %+v", u)
			}
		})

		t.Run("admin reset shows a one-time password", func(t *testing.T) {
			t.Parallel()
			u := f.createUser(t, f.A.ID, "A", "a_reset_me", auth.Supervisor)
			s := cred{session: f.newSession(t, "a_reset_me", testPassword)}
			w := f.post(fmt.Sprintf("/users/%d/password", u.ID), nil, f.asCookie(t, "a_center_admin"))
			expectStatus(t, w, http.StatusOK)
			expectBody(t, w, "利用者「a_reset_me」の仮パスワードです。")
			if cc := w.Header().Get("Cache-Control"); cc != "no-store" {
				t.Errorf("Cache-Control %q on a page with a password", cc)
			}
			m := regexp.MustCompile(`<code>([A-Za-z0-9]{16})</code>`).FindStringSubmatch(w.Body.String())
			if m == nil {
				t.Fatalf("no one-time password on the page:\n%s", w.Body.String())
			}
			expectRedirect(t, f.get("/", s), "/login?next=%2F")
			expectStatus(t, f.postLogin("a_reset_me", testPassword, "", "203.0.113.9:1"), http.StatusUnauthorized)
			w = f.postLogin("a_reset_me", m[1], "/staff", "203.0.113.9:1")
			expectRedirect(t, w, "/account/password")
			expectRedirect(t, f.get("/", cred{session: sessionFrom(t, w)}), "/account/password")
			// The user's edit page shows no password.
			w = f.get(fmt.Sprintf("/users/%d", u.ID), f.asCookie(t, "a_center_admin"))
			expectStatus(t, w, http.StatusOK)
			expectNotInBody(t, w, m[1])
		})

		t.Run("cross-site posts are refused", func(t *testing.T) {
			t.Parallel()
			admin := f.asCookie(t, "a_center_admin")
			for _, h := range []map[string]string{
				{"Sec-Fetch-Site": "cross-site"},
				{"Sec-Fetch-Site": "same-site"},
				{"Origin": "https://evil.example"},
			} {
				r := formRequest("/org/units", url.Values{"name": {"越境部"}})
				for k, v := range h {
					r.Header.Set(k, v)
				}
				w := f.do(r, admin)
				expectStatus(t, w, http.StatusForbidden)
				expectBody(t, w, "別のサイトからの送信は受け付けません。")
				// Also with a token, and for the login form (login CSRF).
				r = httptest.NewRequest(http.MethodPost, "/api/v1/imports/staff?dry_run=false", strings.NewReader(staffCSVA+"A9999,越境 太郎,エッキョウ タロウ,男,1990/1/1,2015/4/1,正規,,,,総務部,,,在職\n"))
				for k, v := range h {
					r.Header.Set(k, v)
				}
				expectStatus(t, f.do(r, f.asBearer(t, "a_center_admin")), http.StatusForbidden)
				r = formRequest("/login", url.Values{"login": {"a_center_admin"}, "password": {testPassword}})
				for k, v := range h {
					r.Header.Set(k, v)
				}
				w = f.do(r, anonymous)
				expectStatus(t, w, http.StatusForbidden)
				if cookieFrom(w, sessionCookie) != nil {
					t.Fatal("a cross-site login set a session")
				}
			}
			if n := f.count(t, `SELECT COUNT(*) FROM org_units WHERE name = '越境部'`) + f.count(t, `SELECT COUNT(*) FROM staff WHERE number = 'A9999'`); n != 0 {
				t.Fatal("a cross-site request changed data")
			}
			// A cross-site GET is fine, and so is a same-origin post.
			r := httptest.NewRequest(http.MethodGet, "/staff", nil)
			r.Header.Set("Sec-Fetch-Site", "cross-site")
			expectStatus(t, f.do(r, admin), http.StatusOK)
			r = formRequest("/org/units", url.Values{"name": {"越境部"}})
			r.Header.Set("Sec-Fetch-Site", "same-origin")
			expectRedirect(t, f.do(r, admin), "/org")
			if n := f.count(t, `SELECT COUNT(*) FROM org_units WHERE name = '越境部'`); n != 1 {
				t.Fatalf("same-origin post made %d units", n)
			}
		})
	})
}

// TestPages covers headers, errors, search and export on a read-only fixture.
func TestPages(t *testing.T) {
	t.Parallel()
	forEachFixture(t, func(t *testing.T, f *fixture) {
		t.Parallel()
		admin := f.asCookie(t, "a_center_admin")

		t.Run("security headers", func(t *testing.T) {
			t.Parallel()
			for name, w := range map[string]*httptest.ResponseRecorder{
				"login page":   f.get("/login", anonymous),
				"home":         f.get("/", admin),
				"forbidden":    f.get("/users", f.asCookie(t, "a_staff")),
				"api":          f.get("/api/v1/me", f.asBearer(t, "a_staff")),
				"unknown page": f.get("/no/such/page", admin),
				"static":       f.get("/static/app.js", anonymous),
			} {
				h := w.Header()
				csp := h.Get("Content-Security-Policy")
				for _, want := range []string{"default-src 'self'", "script-src 'self'", "style-src 'self'", "frame-ancestors 'none'", "object-src 'none'"} {
					if !strings.Contains(csp, want) {
						t.Errorf("%s: CSP %q lacks %q", name, csp, want)
					}
				}
				if strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "unsafe-eval") {
					t.Errorf("%s: CSP allows unsafe code: %q", name, csp)
				}
				for k, want := range map[string]string{"X-Content-Type-Options": "nosniff", "Referrer-Policy": "same-origin", "X-Frame-Options": "DENY"} {
					if got := h.Get(k); got != want {
						t.Errorf("%s: %s %q, want %q", name, k, got, want)
					}
				}
				if hsts := h.Get("Strict-Transport-Security"); hsts != "" {
					t.Errorf("%s: HSTS %q on a server not configured for TLS", name, hsts)
				}
			}
			w := f.get("/", admin)
			if cc := w.Header().Get("Cache-Control"); cc != "no-store" {
				t.Errorf("signed-in page Cache-Control %q, want no-store", cc)
			}
		})

		t.Run("secure cookie and HSTS", func(t *testing.T) {
			t.Parallel()
			srv, err := app.New(f.D, web.Config{Secure: true}, discardLogger())
			if err != nil {
				t.Fatal(err)
			}
			h := srv.Handler()
			send := func(r *http.Request) *httptest.ResponseRecorder {
				w := httptest.NewRecorder()
				h.ServeHTTP(w, r)
				return w
			}
			w := send(formRequest("/login", url.Values{"login": {"a_center_staff"}, "password": {testPassword}}))
			expectRedirect(t, w, "/")
			if hsts := w.Header().Get("Strict-Transport-Security"); hsts != "max-age=31536000; includeSubDomains" {
				t.Errorf("HSTS %q", hsts)
			}
			c := cookieFrom(w, "__Host-hagukumi")
			if c == nil || !c.Secure || !c.HttpOnly || c.Path != "/" || c.Domain != "" || c.SameSite != http.SameSiteLaxMode {
				t.Fatalf("secure session cookie %+v; all cookies %q", c, w.Header().Values("Set-Cookie"))
			}
			if cookieFrom(w, sessionCookie) != nil {
				t.Fatal("the plain cookie name is set on a TLS server")
			}
			r := httptest.NewRequest(http.MethodGet, "/", nil)
			r.AddCookie(&http.Cookie{Name: "__Host-hagukumi", Value: c.Value})
			w = send(r)
			expectStatus(t, w, http.StatusOK)
			if w.Header().Get("Strict-Transport-Security") == "" {
				t.Error("no HSTS on a page")
			}
			// The plain name is not read by a TLS server.
			r = httptest.NewRequest(http.MethodGet, "/", nil)
			r.AddCookie(&http.Cookie{Name: sessionCookie, Value: c.Value})
			expectRedirect(t, send(r), "/login?next=%2F")
			// Logging out clears the __Host- cookie with the same attributes.
			r = formRequest("/logout", nil)
			r.AddCookie(&http.Cookie{Name: "__Host-hagukumi", Value: c.Value})
			w = send(r)
			expectRedirect(t, w, "/login")
			if lc := cookieFrom(w, "__Host-hagukumi"); lc == nil || !lc.Secure || lc.MaxAge >= 0 || lc.Path != "/" {
				t.Fatalf("logout cookie %+v", lc)
			}
		})

		t.Run("unknown routes and records", func(t *testing.T) {
			t.Parallel()
			for _, c := range []cred{anonymous, admin} {
				w := f.get("/no/such/page", c)
				expectStatus(t, w, http.StatusNotFound)
				expectNotInBody(t, w, "goroutine", "runtime.", ".go:", "panic")
			}
			w := f.get("/staff/NOPE", admin)
			expectStatus(t, w, http.StatusNotFound)
			expectBody(t, w, "職員番号 NOPE の職員は見つかりません。", `lang="ja"`)
			expectNotInBody(t, w, "sql", "goroutine", ".go:")
			w = f.get("/users/abc", admin)
			expectStatus(t, w, http.StatusNotFound)
			expectBody(t, w, "利用者が見つかりません。")
			w = f.get("/api/v1/staff/NOPE", f.asBearer(t, "a_center_admin"))
			expectStatus(t, w, http.StatusNotFound)
			expectAPIError(t, w, "職員番号 NOPE の職員は見つかりません。")
			w = f.get("/import/staff/999999", admin)
			expectStatus(t, w, http.StatusNotFound)
			expectBody(t, w, "取込が見つかりません。")
			w = f.do(httptest.NewRequest(http.MethodDelete, "/staff", nil), admin)
			expectStatus(t, w, http.StatusMethodNotAllowed)
		})

		t.Run("bad form values are 400, not 500", func(t *testing.T) {
			w := f.post(fmt.Sprintf("/org/units/%d/rename", f.Units["A"]["総務部"]), url.Values{"name": {"新総務部"}, "fy": {"来年"}}, admin)
			expectStatus(t, w, http.StatusBadRequest)
			expectBody(t, w, "年度の指定が正しくありません", "年度として読めません")
		})

		t.Run("healthz", func(t *testing.T) {
			t.Parallel()
			w := f.get("/healthz", anonymous)
			expectStatus(t, w, http.StatusOK)
			if w.Body.String() != "ok\n" {
				t.Fatalf("healthz body %q", w.Body.String())
			}
		})

		t.Run("openapi", func(t *testing.T) {
			t.Parallel()
			w := f.get("/api/v1/openapi.json", anonymous)
			expectStatus(t, w, http.StatusOK)
			var doc map[string]any
			decodeJSON(t, w, &doc)
		})

		t.Run("staff search by kana and kanji", func(t *testing.T) {
			t.Parallel()
			for q, want := range map[string][]string{
				"ﾀｶﾊｼ":     {"A1001"},
				"たかはし":     {"A1001"},
				"髙橋":       {"A1001"},
				"タカハシ カズキ": {"A1001"},
				"タカハシ　カズキ": {"A1001"},
				"ｶｽﾞｷ":     {"A1001"},
				"a1001":    {"A1001"},
				"ＡＩ":       nil,
				"やまだ":      {"A1002"},
				"市民":       nil,
				"A20":      {"A2001", "A2002", "A2003"},
			} {
				l := f.apiStaff(t, "?q="+url.QueryEscape(q), f.asBearer(t, "a_center_admin"))
				if !slices.Equal(l.numbers(), want) || l.Total != len(want) {
					t.Errorf("search %q found %v (total %d), want %v", q, l.numbers(), l.Total, want)
				}
			}
			for _, q := range []string{"ﾀｶﾊｼ", "たかはし", "髙橋"} {
				w := f.get("/staff?q="+url.QueryEscape(q), admin)
				expectStatus(t, w, http.StatusOK)
				expectBody(t, w, "1人", "髙橋 一樹", "タカハシ カズキ", `value="`+q+`"`)
				expectNotInBody(t, w, "山田 花子")
			}
		})

		t.Run("CSV export", func(t *testing.T) {
			t.Parallel()
			w := f.get("/staff/export", admin)
			expectStatus(t, w, http.StatusOK)
			if ct := w.Header().Get("Content-Type"); ct != "text/csv; charset=utf-8" {
				t.Errorf("Content-Type %q", ct)
			}
			if cd := w.Header().Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment;") || !strings.Contains(cd, "filename*=UTF-8''"+url.PathEscape("職員一覧_")) {
				t.Errorf("Content-Disposition %q", cd)
			}
			body := w.Body.String()
			if !strings.HasPrefix(body, "\uFEFF") {
				t.Fatalf("export does not start with a UTF-8 BOM: %q", body[:min(len(body), 20)])
			}
			header := "職員番号,氏名,フリガナ,性別,生年月日,採用日,雇用区分,職種,職位,職位発令日,所属,出身大学,メール,在職状況,昇格候補\r\n"
			if !strings.HasPrefix(body, "\uFEFF"+header) {
				t.Fatalf("export header:\n%q\nwant\n%q", strings.SplitAfter(body, "\n")[0], header)
			}
			recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(body, "\uFEFF"))).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			if len(recs) != 1+len(numbersSomu)+len(numbersShimin) {
				t.Fatalf("%d records, want header and %d staff", len(recs), len(numbersSomu)+len(numbersShimin))
			}
			byNumber := map[string][]string{}
			for _, r := range recs[1:] {
				byNumber[r[0]] = r
			}
			if got := byNumber["A2003"][7]; got != "'=1+2" {
				t.Errorf("職種 =1+2 exported as %q, want it neutralised as '=1+2", got)
			}
			want := []string{"A1001", "髙橋 一樹", "タカハシ カズキ", "男", "1988-07-12", "2011-04-01", "正規", "一般事務", "主任主事", "2021-04-01", "総務部 人事課", "静岡大学", "k.takahashi@example.jp", "在職", ""}
			if !slices.Equal(byNumber["A1001"], want) {
				t.Errorf("A1001 exported as\n%q\nwant\n%q", byNumber["A1001"], want)
			}
			w = f.get("/staff/export?format=xlsx", admin)
			expectStatus(t, w, http.StatusOK)
			if !strings.HasPrefix(w.Body.String(), "PK") {
				t.Error("xlsx export is not a zip file")
			}
		})

		t.Run("export reads back unchanged", func(t *testing.T) {
			w := f.get("/staff/export", admin)
			r := httptest.NewRequest(http.MethodPost, "/api/v1/imports/staff?dry_run=true&as_of=2025-04-01", w.Body)
			w = f.do(r, f.asBearer(t, "a_center_admin"))
			expectStatus(t, w, http.StatusOK)
			var res importJSON
			decodeJSON(t, w, &res)
			if res.Added != 0 || res.Updated != 0 || res.Unchanged != 5 {
				t.Fatalf("re-importing the export: %+v", res)
			}
		})
	})
}

// importJSON is the answer of the import API.
type importJSON struct {
	DryRun    bool `json:"dry_run"`
	Added     int  `json:"added"`
	Updated   int  `json:"updated"`
	Unchanged int  `json:"unchanged"`
	Retired   int  `json:"retired"`
	Applied   bool `json:"applied"`
	Errors    []struct {
		Line    int    `json:"line"`
		Column  string `json:"column"`
		Message string `json:"message"`
	} `json:"errors"`
}

func (f *fixture) apiImport(t testing.TB, query, body string, want int) importJSON {
	t.Helper()
	r := httptest.NewRequest(http.MethodPost, "/api/v1/imports/staff?as_of=2025-04-01&"+query, strings.NewReader(body))
	r.Header.Set("Content-Type", "text/csv")
	w := f.do(r, f.asBearer(t, "a_center_admin"))
	expectStatus(t, w, want)
	var raw map[string]json.RawMessage
	decodeJSON(t, w, &raw)
	for _, k := range []string{"added", "updated", "unchanged", "retired", "errors"} {
		if _, ok := raw[k]; !ok {
			t.Fatalf("import answer lacks %q: %s", k, w.Body.String())
		}
	}
	if string(raw["errors"]) == "null" {
		t.Fatalf("errors is null, want a list: %s", w.Body.String())
	}
	var res importJSON
	decodeJSON(t, w, &res)
	return res
}

// zeros is an endless reader of zero bytes, for oversized uploads.
type zeros struct{}

func (zeros) Read(p []byte) (int, error) { clear(p); return len(p), nil }

// TestImports covers the staff import through the API and through the
// pages, on one fixture, in order.
func TestImports(t *testing.T) {
	t.Parallel()
	forEachFixture(t, func(t *testing.T, f *fixture) {
		t.Parallel()
		admin := f.asCookie(t, "a_center_admin")
		// A1002 changes 職種; A2004 is new.
		changed := strings.Replace(staffCSVA, "A1002,山田 花子,ヤマダ ハナコ,女,1990/1/15,2015/4/1,正規,一般事務", "A1002,山田 花子,ヤマダ ハナコ,女,1990/1/15,2015/4/1,正規,土木", 1) +
			"A2004,中村 四郎,ナカムラ シロウ,男,2000/4/4,2023/4/1,正規,一般事務,主事,2023/4/1,市民文化部 市民課,,,在職\n"
		state := func() string {
			return fmt.Sprintf("staff=%d audit=%d assignments=%d", f.count(t, `SELECT COUNT(*) FROM staff`), f.count(t, `SELECT COUNT(*) FROM audit_log`),
				f.count(t, `SELECT COUNT(*) FROM staff_assignments`))
		}

		t.Run("API dry run, apply, idempotent", func(t *testing.T) {
			before := state()
			res := f.apiImport(t, "dry_run=true", changed, http.StatusOK)
			if !res.DryRun || res.Applied || res.Added != 1 || res.Updated != 1 || res.Unchanged != 4 || res.Retired != 0 || len(res.Errors) != 0 {
				t.Fatalf("dry run: %+v", res)
			}
			if after := state(); after != before {
				t.Fatalf("dry run changed the database: %s → %s", before, after)
			}
			expectStatus(t, f.get("/api/v1/staff/A2004", f.asBearer(t, "a_center_admin")), http.StatusNotFound)

			res = f.apiImport(t, "dry_run=false", changed, http.StatusOK)
			if res.DryRun || !res.Applied || res.Added != 1 || res.Updated != 1 || res.Unchanged != 4 {
				t.Fatalf("apply: %+v", res)
			}
			w := f.get("/api/v1/staff/A1002", f.asBearer(t, "a_center_admin"))
			expectStatus(t, w, http.StatusOK)
			expectBody(t, w, `"job_type":"土木"`)
			expectStatus(t, f.get("/api/v1/staff/A2004", f.asBearer(t, "a_center_admin")), http.StatusOK)

			applied := state()
			res = f.apiImport(t, "dry_run=false", changed, http.StatusOK)
			if res.Added != 0 || res.Updated != 0 || res.Unchanged != 6 || res.Retired != 0 {
				t.Fatalf("second import: %+v", res)
			}
			if after := state(); after != applied {
				t.Fatalf("a second identical import changed the database: %s → %s", applied, after)
			}
		})

		t.Run("API bad rows are 422 with line and column", func(t *testing.T) {
			before := state()
			bad := "職員番号,氏名,フリガナ,性別,生年月日,採用日,雇用区分,職種,職位,職位発令日,所属,出身大学,メール,在職状況\n" +
				"A3001,木村 五郎,キムラ ゴロウ,男,1990/1/1,2015/4/1,正規,,,,総務部,,,在職\n" +
				"A3002,林 六子,ハヤシ ムツコ,女,1990/1/1,2020/13/45,正規,,,,総務部,,,在職\n" +
				"A3003,森 七海,モリ ナナミ,女,1990/1/1,2015/4/1,アルバイト,,,,総務部,,,在職\n"
			res := f.apiImport(t, "dry_run=false", bad, http.StatusUnprocessableEntity)
			if res.Applied || res.Added != 0 || len(res.Errors) != 2 {
				t.Fatalf("bad file: %+v", res)
			}
			for i, want := range []struct {
				line   int
				column string
			}{{3, "採用日"}, {4, "雇用区分"}} {
				if e := res.Errors[i]; e.Line != want.line || e.Column != want.column || e.Message == "" {
					t.Errorf("error %d: %+v, want line %d column %s", i, e, want.line, want.column)
				}
			}
			// A rank the registry does not know is refused the same way.
			res = f.apiImport(t, "dry_run=false", "職員番号,氏名,雇用区分,採用日,職位\nA3004,森 八郎,正規,2015/4/1,大臣\n", http.StatusUnprocessableEntity)
			if len(res.Errors) != 1 || res.Errors[0].Line != 2 || res.Errors[0].Column != "職位" {
				t.Fatalf("unknown rank: %+v", res.Errors)
			}
			if after := state(); after != before {
				t.Fatalf("a refused file changed the database: %s → %s", before, after)
			}
		})

		t.Run("API upload too large", func(t *testing.T) {
			if raceEnabled {
				t.Skip("64 MB through the race detector is slow and tests no concurrency")
			}
			r := httptest.NewRequest(http.MethodPost, "/api/v1/imports/staff?dry_run=false", io.LimitReader(zeros{}, web.MaxBody+1))
			w := f.do(r, f.asBearer(t, "a_center_admin"))
			expectStatus(t, w, http.StatusRequestEntityTooLarge)
			expectAPIError(t, w, fmt.Sprintf("ファイルが大きすぎます（上限 %d MB）。", web.MaxBody>>20))
		})

		t.Run("UI upload too large", func(t *testing.T) {
			if raceEnabled {
				t.Skip("64 MB through the race detector is slow and tests no concurrency")
			}
			imports := f.count(t, `SELECT COUNT(*) FROM imports`)
			pr, pw := io.Pipe()
			mw := multipart.NewWriter(pw)
			go func() {
				fw, _ := mw.CreateFormFile("file", "huge.csv")
				io.Copy(fw, io.LimitReader(zeros{}, web.MaxBody+1))
				mw.Close()
				pw.Close()
			}()
			r := httptest.NewRequest(http.MethodPost, "/import/staff", pr)
			r.Header.Set("Content-Type", mw.FormDataContentType())
			w := f.do(r, admin)
			pr.CloseWithError(io.ErrClosedPipe) // release the writer if the server stopped reading
			expectStatus(t, w, http.StatusRequestEntityTooLarge)
			expectBody(t, w, fmt.Sprintf("ファイルが大きすぎます（上限 %d MB）。", web.MaxBody>>20))
			if n := f.count(t, `SELECT COUNT(*) FROM imports`); n != imports {
				t.Fatal("an oversized upload was stored")
			}
		})

		t.Run("UI flow: upload, preview, apply", func(t *testing.T) {
			file := "職員番号,氏名,フリガナ,性別,生年月日,採用日,雇用区分,職種,職位,職位発令日,所属,出身大学,メール,在職状況\n" +
				"A2005,小川 五月,オガワ サツキ,女,2001/5/5,2024/4/1,正規,一般事務,主事,2024/4/1,市民文化部 市民課 市民係,,,在職\n"
			w := f.do(multipartRequest(t, "/import/staff", "新規採用.csv", []byte(file), map[string]string{"as_of": "2025-04-01"}), admin)
			expectStatus(t, w, http.StatusSeeOther)
			loc := w.Header().Get("Location")
			if !regexp.MustCompile(`^/import/staff/\d+$`).MatchString(loc) {
				t.Fatalf("upload redirects to %q", loc)
			}
			w = f.waitImport(t, loc, admin)
			expectBody(t, w, "取込の確認：新規採用.csv", "変更内容（まだ適用していません）",
				`<span class="num">1</span><span class="label">追加</span>`, `<span class="num">0</span><span class="label">更新</span>`,
				"新しく作られる所属：市民文化部 市民課 市民係", `action="`+loc+`/apply"`)
			expectStatus(t, f.get("/staff/A2005", admin), http.StatusNotFound)

			w = f.post(loc+"/apply", nil, admin)
			expectRedirect(t, w, loc)
			w = f.waitImport(t, loc, admin)
			expectBody(t, w, "取込を適用しました", `<span class="num">1</span><span class="label">追加</span>`)
			expectNotInBody(t, w, `action="`+loc+`/apply"`)
			w = f.get("/staff/A2005", admin)
			expectStatus(t, w, http.StatusOK)
			expectBody(t, w, "小川 五月")
			// Only once.
			w = f.post(loc+"/apply", nil, admin)
			expectStatus(t, w, http.StatusConflict)
			expectBody(t, w, "この取込は確認中か、既に適用されています。")
		})

		t.Run("UI flow: a bad file shows its errors and cannot be applied", func(t *testing.T) {
			before := state()
			file := "職員番号,氏名,採用日,雇用区分\nA3101,木村 五郎,2015/4/1,正規\nA3102,林 六子,不明,正規\n"
			w := f.do(multipartRequest(t, "/import/staff", "bad.csv", []byte(file), nil), admin)
			expectStatus(t, w, http.StatusSeeOther)
			loc := w.Header().Get("Location")
			w = f.waitImport(t, loc, admin)
			expectBody(t, w, "取り込めません：1件の誤りがあります", "<td>3行目</td><td>採用日</td>")
			expectNotInBody(t, w, `/apply"`)
			if after := state(); after != before {
				t.Fatalf("a bad file changed the database: %s → %s", before, after)
			}
			w = f.do(multipartRequest(t, "/import/staff", "bad.csv", nil, nil), admin)
			// An empty file is still a file: it is previewed and refused there.
			expectStatus(t, w, http.StatusSeeOther)
			f.waitImport(t, w.Header().Get("Location"), admin)
			w = f.post("/import/staff", url.Values{"as_of": {"2025-04-01"}}, admin)
			expectStatus(t, w, http.StatusBadRequest)
			expectBody(t, w, "取り込むファイルを選んでください。")
		})

		t.Run("UI flow: applying a refused preview is refused", func(t *testing.T) {
			file := "職員番号,氏名,採用日,雇用区分\nA3201,木村 五郎,不明,正規\n"
			w := f.do(multipartRequest(t, "/import/staff", "bad.csv", []byte(file), nil), admin)
			expectStatus(t, w, http.StatusSeeOther)
			loc := w.Header().Get("Location")
			f.waitImport(t, loc, admin)
			w = f.post(loc+"/apply", nil, admin)
			expectStatus(t, w, http.StatusConflict)
		})
	})
}
