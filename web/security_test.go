package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"hagukumi/auth"
)

// TestLoginRedirectStaysOnSite is issue 12 finding 4: a next parameter
// that a browser would read as another host (a TAB or backslash after the
// first slash) sends the user home instead.
func TestLoginRedirectStaysOnSite(t *testing.T) {
	forEachFixture(t, func(t *testing.T, f *fixture) {
		login := loginOf(auth.CenterStaff)
		for i, next := range []string{"/\t/evil.example/", "/%09/evil.example/", "/\\evil.example", "//evil.example", "https://evil.example/", "/\n/evil.example"} {
			w := f.postLogin(login, testPassword, next, "192.0.2."+string(rune('1'+i)))
			if w.Code != http.StatusSeeOther {
				t.Fatalf("login with next %q: status %d", next, w.Code)
			}
			loc := w.Header().Get("Location")
			if loc != "/" && loc != "/account/password" {
				t.Errorf("login with next %q redirects to %q, want /", next, loc)
			}
		}
		w := f.postLogin(login, testPassword, "/staff?q=%E5%B1%B1", "192.0.2.9")
		if loc := w.Header().Get("Location"); loc != "/staff?q=%E5%B1%B1" && loc != "/account/password" {
			t.Errorf("a local next is kept: got %q", loc)
		}
	})
}

// TestEveryAnswerIsNoStore is issue 12 finding 5: every GET route without
// path parameters answers with Cache-Control: no-store (static files
// excepted), for a signed-in center admin, so no export or page with
// personal data stays in a browser's or proxy's cache.
func TestEveryAnswerIsNoStore(t *testing.T) {
	forEachFixture(t, func(t *testing.T, f *fixture) {
		c := f.asCookie(t, loginOf(auth.CenterAdmin))
		n := 0
		for _, rt := range f.Srv.Routes() {
			method, path, _ := strings.Cut(rt.Pattern, " ")
			if method != http.MethodGet || strings.Contains(path, "{") || strings.HasPrefix(path, "/static/") {
				continue
			}
			path = strings.TrimSuffix(path, "{$}")
			for _, p := range []string{path, path + "?format=xlsx"} {
				w := f.get(p, c)
				if got := w.Header().Get("Cache-Control"); got != "no-store" {
					t.Errorf("GET %s: Cache-Control %q, want no-store (status %d)", p, got, w.Code)
				}
				n++
			}
		}
		for _, p := range []string{"/staff/export", "/audit/export", "/plan/export", "/staff/A1001"} {
			if got := f.get(p, c).Header().Get("Cache-Control"); got != "no-store" {
				t.Errorf("GET %s: Cache-Control %q, want no-store", p, got)
			}
		}
		if n < 20 {
			t.Fatalf("only %d routes checked", n)
		}
	})
}

// TestTextNoOneCanTypeIsRefused is issue 12 finding 6: NUL, other control
// characters and invalid UTF-8 in any form field (the unauthenticated login
// included), and a million fields, answer 400 with a Japanese message on
// both engines, and change nothing.
func TestTextNoOneCanTypeIsRefused(t *testing.T) {
	forEachFixture(t, func(t *testing.T, f *fixture) {
		c := f.asCookie(t, loginOf(auth.CenterAdmin))
		before := f.count(t, `SELECT COUNT(*) FROM audit_log`)
		for _, v := range []string{"a\x00b", "\xff\xfe", "x\x1by", "\x7f"} {
			w := f.postLogin(v, "pw", "/", "198.51.100.1")
			expectStatus(t, w, http.StatusBadRequest)
			expectBody(t, w, "使用できない文字")
		}
		w := f.post("/org/units", url.Values{"name": {"総務\x00部"}, "parent": {"0"}}, c)
		expectStatus(t, w, http.StatusBadRequest)
		// A tab and line breaks are what a multi-line field holds: not refused at the edge.
		if w := f.postLogin("nobody\tx", "pw", "/", "198.51.100.2"); w.Code == http.StatusBadRequest {
			t.Errorf("a tab in a field is refused at the edge: %d", w.Code)
		}
		body := strings.Repeat("a=1&", 1_000_000)
		r := formRequest("/login", nil)
		r.Body = nopCloser{strings.NewReader(body)}
		r.ContentLength = int64(len(body))
		w = f.do(r, anonymous)
		expectStatus(t, w, http.StatusBadRequest)
		expectBody(t, w, "項目が多すぎます")
		if after := f.count(t, `SELECT COUNT(*) FROM audit_log`); after != before {
			t.Errorf("refused input wrote %d audit entries", after-before)
		}
	})
}

type nopCloser struct{ *strings.Reader }

func (nopCloser) Close() error { return nil }

// TestOriginSchemeChecked is issue 12 finding 11: a form posted from this
// host under another scheme is refused like one from another site.
func TestOriginSchemeChecked(t *testing.T) {
	forEachFixture(t, func(t *testing.T, f *fixture) {
		for _, x := range []struct {
			origin string
			want   int
		}{{"https://example.com", http.StatusForbidden}, {"http://example.com", http.StatusUnauthorized}} {
			r := formRequest("/login", url.Values{"login": {"nobody"}, "password": {"wrong-password"}})
			r.Host = "example.com"
			r.Header.Set("Origin", x.origin)
			r.Header.Set("Sec-Fetch-Site", "same-origin")
			w := f.do(r, anonymous)
			if w.Code != x.want {
				t.Errorf("Origin %s: status %d, want %d", x.origin, w.Code, x.want)
			}
		}
	})
}
