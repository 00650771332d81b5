package web_test

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"hagukumi/auth"
	"hagukumi/public"
	"hagukumi/web/webtest"
)

// publicClock fixes the server's clock and returns a function that moves it.
func publicClock(f *webtest.Fixture) func(d time.Duration) {
	now := time.Date(2026, 6, 1, 1, 0, 0, 0, time.UTC)
	f.Srv.SetClock(func() time.Time { return now })
	return func(d time.Duration) { now = now.Add(d) }
}

var stampRE = regexp.MustCompile(`name="stamp" value="([^"]+)"`)

// contactForm reads the contact form's hidden fields as a browser does,
// then waits as long as a person takes to fill it.
func contactForm(t *testing.T, f *webtest.Fixture, h http.Handler, wait func(time.Duration), fields url.Values) url.Values {
	t.Helper()
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/public/contact", nil))
	if w.Code != 200 {
		t.Fatalf("GET /public/contact: %d", w.Code)
	}
	m := stampRE.FindStringSubmatch(w.Body.String())
	if m == nil {
		t.Fatal("the contact form has no time stamp")
	}
	out := url.Values{"stamp": {m[1]}, "pow": {""}, "website": {""}}
	for k, v := range fields {
		out[k] = v
	}
	wait(5 * time.Second)
	return out
}

// postFrom posts a form from a client address.
func postFrom(h http.Handler, addr, path string, form url.Values) *httptest.ResponseRecorder {
	r := webtest.FormRequest(path, form)
	r.RemoteAddr = addr + ":40000"
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

func TestPublicHomeOnBothListeners(t *testing.T) {
	webtest.ForEach(t, func(t *testing.T, f *webtest.Fixture) {
		for name, h := range map[string]http.Handler{"main": f.H, "public": f.Srv.PublicHandler()} {
			w := httptest.NewRecorder()
			h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/public/", nil))
			if w.Code != 200 || !strings.Contains(w.Body.String(), `<html lang="ja">`) {
				t.Fatalf("%s: GET /public/ = %d, want 200 with lang=ja:\n%.400s", name, w.Code, w.Body.String())
			}
			if c := w.Header().Values("Set-Cookie"); len(c) > 0 {
				t.Errorf("%s: /public/ sets cookies: %v", name, c)
			}
			if rp := w.Header().Get("Referrer-Policy"); rp != "no-referrer" {
				t.Errorf("%s: Referrer-Policy %q, want no-referrer", name, rp)
			}
			if csp := w.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") {
				t.Errorf("%s: CSP %q", name, csp)
			}
		}
	})
}

func TestPublicListenerServesOnlyThePublicSite(t *testing.T) {
	webtest.ForEach(t, func(t *testing.T, f *webtest.Fixture) {
		h := f.Srv.PublicHandler()
		cookie := &http.Cookie{Name: webtest.CookieName, Value: f.Session(t, "a_center_admin")}
		for _, p := range []string{"/login", "/staff", "/api/v1/staff", "/api/v1/openapi.json", "/audit", "/public-inbox", "/api/v1/public-submissions", "/healthz"} {
			r := httptest.NewRequest(http.MethodGet, p, nil)
			r.AddCookie(cookie)
			w := httptest.NewRecorder()
			h.ServeHTTP(w, r)
			if w.Code != 404 {
				t.Errorf("public listener: GET %s = %d, want 404", p, w.Code)
			}
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/", nil))
		if w.Code != http.StatusSeeOther || w.Header().Get("Location") != "/public/" {
			t.Errorf("public listener: GET / = %d → %q, want 303 → /public/", w.Code, w.Header().Get("Location"))
		}
		for _, p := range []string{"/static/style.css", "/static/pow.js", "/public/privacy", "/public/contact"} {
			w := httptest.NewRecorder()
			h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, p, nil))
			if w.Code != 200 {
				t.Errorf("public listener: GET %s = %d, want 200", p, w.Code)
			}
		}
	})
}

var trackRE = regexp.MustCompile(`^/public/track/([A-Za-z0-9_-]{22,})$`)

func TestPublicContactForm(t *testing.T) {
	webtest.ForEach(t, func(t *testing.T, f *webtest.Fixture) {
		wait := publicClock(f)
		for name, h := range map[string]http.Handler{"main": f.H, "public": f.Srv.PublicHandler()} {
			before := f.Count(t, `SELECT COUNT(*) FROM public_submissions`)
			form := contactForm(t, f, h, wait, url.Values{"name": {"静岡 花子"}, "email": {"hanako@example.jp"}, "message": {"新規採用職員研修の内容を教えてください。"}})
			w := postFrom(h, "198.51.100.7", "/public/contact", form)
			m := trackRE.FindStringSubmatch(w.Header().Get("Location"))
			if w.Code != http.StatusSeeOther || m == nil {
				t.Fatalf("%s: POST /public/contact = %d → %q, want 303 to /public/track/{token}:\n%.500s", name, w.Code, w.Header().Get("Location"), w.Body.String())
			}
			if n := f.Count(t, `SELECT COUNT(*) FROM public_submissions`); n != before+1 {
				t.Fatalf("%s: %d submissions stored, want %d", name, n, before+1)
			}
			// The token is stored hashed: the link's token is nowhere in the table.
			if n := f.Count(t, `SELECT COUNT(*) FROM public_submissions WHERE token_hash = $1`, m[1]); n != 0 {
				t.Errorf("%s: the token is stored as it is", name)
			}
			tw := httptest.NewRecorder()
			h.ServeHTTP(tw, httptest.NewRequest(http.MethodGet, w.Header().Get("Location"), nil))
			if tw.Code != 200 || !strings.Contains(tw.Body.String(), "受付") {
				t.Fatalf("%s: GET track = %d, want 200 with 受付:\n%.500s", name, tw.Code, tw.Body.String())
			}
			// The sender got the same link by mail.
			if n := f.Count(t, `SELECT COUNT(*) FROM mail_queue WHERE to_addr = 'hanako@example.jp' AND body LIKE $1`, "%/public/track/"+m[1]+"%"); n != 1 {
				t.Errorf("%s: %d mails with the private link, want 1", name, n)
			}
		}
	})
}

func TestPublicContactRefusesBadInput(t *testing.T) {
	webtest.ForEach(t, func(t *testing.T, f *webtest.Fixture) {
		wait := publicClock(f)
		for _, c := range []struct {
			name   string
			fields url.Values
			want   string
		}{
			{"empty message", url.Values{"name": {"a"}, "message": {"  "}}, "お問い合わせの内容を入力してください。"},
			{"message too long", url.Values{"message": {strings.Repeat("あ", 4001)}}, "4,000文字以内"},
			{"malformed email", url.Values{"email": {"hanako@@example"}, "message": {"質問です"}}, "メールアドレスの形式が正しくありません"},
		} {
			form := contactForm(t, f, f.H, wait, c.fields)
			w := postFrom(f.H, "198.51.100.8", "/public/contact", form)
			if w.Code != http.StatusUnprocessableEntity || !strings.Contains(w.Body.String(), c.want) {
				t.Errorf("%s: status %d, want 422 with %q:\n%.300s", c.name, w.Code, c.want, w.Body.String())
			}
			if v := c.fields.Get("email"); v != "" && !strings.Contains(w.Body.String(), `value="`+v+`"`) {
				t.Errorf("%s: the values are not kept", c.name)
			}
		}
		// A robot: the hidden field filled, or the form sent at once.
		form := contactForm(t, f, f.H, wait, url.Values{"message": {"spam"}, "website": {"http://spam.example"}})
		if w := postFrom(f.H, "198.51.100.8", "/public/contact", form); w.Code != 200 {
			t.Errorf("honeypot: status %d, want 200", w.Code)
		}
		form = contactForm(t, f, f.H, func(time.Duration) {}, url.Values{"message": {"fast"}})
		if w := postFrom(f.H, "198.51.100.8", "/public/contact", form); w.Code != http.StatusUnprocessableEntity {
			t.Errorf("sent at once: status %d, want 422", w.Code)
		}
		form["stamp"] = []string{"1.2.forged"}
		if w := postFrom(f.H, "198.51.100.8", "/public/contact", form); w.Code != http.StatusUnprocessableEntity {
			t.Errorf("forged stamp: status %d, want 422", w.Code)
		}
		if n := f.Count(t, `SELECT COUNT(*) FROM public_submissions`); n != 0 {
			t.Errorf("%d submissions stored, want none", n)
		}
	})
}

// solve finds the proof of work for a stamp, as /static/pow.js does.
func solve(stamp string) string {
	for i := 0; ; i++ {
		n := strconv.Itoa(i)
		if public.Solved(stamp, n) {
			return n
		}
	}
}

func TestPublicProofOfWorkDecidesTheQueue(t *testing.T) {
	webtest.ForEach(t, func(t *testing.T, f *webtest.Fixture) {
		wait := publicClock(f)
		form := contactForm(t, f, f.H, wait, url.Values{"message": {"JavaScript なし"}})
		if w := postFrom(f.H, "198.51.100.9", "/public/contact", form); w.Code != http.StatusSeeOther {
			t.Fatalf("without the puzzle: %d, want 303 (not refused)", w.Code)
		}
		form = contactForm(t, f, f.H, wait, url.Values{"message": {"JavaScript あり"}})
		form.Set("pow", solve(form.Get("stamp")))
		if w := postFrom(f.H, "198.51.100.9", "/public/contact", form); w.Code != http.StatusSeeOther {
			t.Fatalf("with the puzzle: %d, want 303", w.Code)
		}
		if n := f.Count(t, `SELECT COUNT(*) FROM public_submissions WHERE queued AND message = 'JavaScript なし'`); n != 1 {
			t.Error("a submission without the puzzle is not in the moderation queue")
		}
		if n := f.Count(t, `SELECT COUNT(*) FROM public_submissions WHERE NOT queued AND message = 'JavaScript あり'`); n != 1 {
			t.Error("a submission with the puzzle is not in the inbox")
		}
	})
}

// TestPublicRateLimitFlood sends 1,000 submissions from one address: at
// most the limit is stored, the rest answer 429 and store nothing.
func TestPublicRateLimitFlood(t *testing.T) {
	webtest.ForEach(t, func(t *testing.T, f *webtest.Fixture) {
		wait := publicClock(f)
		form := contactForm(t, f, f.H, wait, url.Values{"message": {"flood"}})
		total := 1000
		if testing.Short() {
			total = 60
		}
		counts := map[int]int{}
		for i := 0; i < total; i++ {
			w := postFrom(f.H, "203.0.113.5", "/public/contact", form)
			counts[w.Code]++
			if i == public.RatePerClient && (w.Code != http.StatusTooManyRequests || !strings.Contains(w.Body.String(), "時間をおいて")) {
				t.Fatalf("submission %d: %d, want 429 with a Japanese page", i+1, w.Code)
			}
		}
		if counts[http.StatusSeeOther] != public.RatePerClient || counts[http.StatusTooManyRequests] != total-public.RatePerClient {
			t.Errorf("answers %v, want %d × 303 and the rest 429", counts, public.RatePerClient)
		}
		if n := f.Count(t, `SELECT COUNT(*) FROM public_submissions`); n != public.RatePerClient {
			t.Errorf("%d stored, want %d", n, public.RatePerClient)
		}
		// Another address is not held back by this one; after the window
		// the first address may send again.
		if w := postFrom(f.H, "203.0.113.6", "/public/contact", form); w.Code != http.StatusSeeOther {
			t.Errorf("another address: %d, want 303", w.Code)
		}
		wait(public.RateWindow)
		form = contactForm(t, f, f.H, wait, url.Values{"message": {"later"}})
		if w := postFrom(f.H, "203.0.113.5", "/public/contact", form); w.Code != http.StatusSeeOther {
			t.Errorf("after the window: %d, want 303", w.Code)
		}
	})
}

func TestPublicSubmissionsAPI(t *testing.T) {
	webtest.ForEach(t, func(t *testing.T, f *webtest.Fixture) {
		wait := publicClock(f)
		form := contactForm(t, f, f.H, wait, url.Values{"message": {"API で見える"}})
		form.Set("pow", solve(form.Get("stamp")))
		if w := postFrom(f.H, "198.51.100.10", "/public/contact", form); w.Code != http.StatusSeeOther {
			t.Fatal(w.Code)
		}
		w := f.Get("/api/v1/public-submissions", f.Bearer(t, "a_center_staff"))
		if w.Code != 200 {
			t.Fatalf("API: %d %s", w.Code, w.Body.String())
		}
		var list []map[string]any
		if err := json.Unmarshal(w.Body.Bytes(), &list); err != nil || len(list) != 1 {
			t.Fatalf("API: %v %s", err, w.Body.String())
		}
		for _, k := range []string{"id", "kind", "state", "created_at"} {
			if _, ok := list[0][k]; !ok {
				t.Errorf("API: no %q in %v", k, list[0])
			}
		}
		if list[0]["kind"] != "contact" || list[0]["state"] != "received" {
			t.Errorf("API: %v", list[0])
		}
		if w := f.Get("/api/v1/public-submissions", f.Bearer(t, "a_staff")); w.Code != 403 {
			t.Errorf("staff: %d, want 403", w.Code)
		}
		// Municipality B's center sees none of A's.
		if w := f.Get("/api/v1/public-submissions", f.Bearer(t, "b_center_admin")); w.Code != 200 || strings.TrimSpace(w.Body.String()) != "[]" {
			t.Errorf("B: %d %s", w.Code, w.Body.String())
		}
		_ = fmt.Sprint(sha256.Size)
	})
}

// TestPrivateLinkOfAnotherKind: the private link of a kind that
// registered its own page (web.Server.OnTrack, OnWithdraw) is served by
// that page; the contact form's withdrawal and inbox do not touch it.
func TestPrivateLinkOfAnotherKind(t *testing.T) {
	webtest.ForEach(t, func(t *testing.T, f *webtest.Fixture) {
		const kind = "kit-test"
		var seen, withdrawn int64
		f.Srv.OnTrack(kind, func(w http.ResponseWriter, r *http.Request, token string, id int64) error {
			seen = id
			fmt.Fprint(w, "kind page")
			return nil
		})
		ps := &public.Store{DB: f.D}
		var got public.Received
		err := f.D.Tx(context.Background(), func(tx *sql.Tx) error {
			var err error
			got, err = ps.Insert(context.Background(), tx, f.A.ID, public.NewSubmission{Kind: kind, Name: "申込 花子", Client: "192.0.2.7"})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		w := f.Get("/public/track/"+got.Token, webtest.Cred{})
		if w.Code != 200 || w.Body.String() != "kind page" || seen != got.ID {
			t.Fatalf("private link: %d %q (id %d, want %d)", w.Code, w.Body.String(), seen, got.ID)
		}
		// Without a withdrawal of its own, the contact form's refuses it.
		if w := f.Post("/public/track/"+got.Token+"/withdraw", nil, webtest.Cred{}); w.Code != 404 {
			t.Fatalf("withdraw of another kind by the contact form's route: %d, want 404", w.Code)
		}
		f.Srv.OnWithdraw(kind, func(w http.ResponseWriter, r *http.Request, token string, id int64) error {
			withdrawn = id
			w.WriteHeader(http.StatusSeeOther)
			return nil
		})
		if w := f.Post("/public/track/"+got.Token+"/withdraw", nil, webtest.Cred{}); w.Code != 303 || withdrawn != got.ID {
			t.Fatalf("withdraw: %d (id %d)", w.Code, withdrawn)
		}
		if w := f.Get(fmt.Sprintf("/public-inbox/%d", got.ID), f.Cookie(t, webtest.LoginOf(auth.CenterAdmin))); w.Code != 404 {
			t.Fatalf("the contact inbox opens another kind's submission: %d", w.Code)
		}
	})
}
