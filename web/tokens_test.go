package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"hagukumi/auth"
	"hagukumi/web/webtest"
)

// TestTokenPagesOnBothEngines walks an API token's life through the pages:
// the owner makes one and sees it once, it works on the API, only its hash
// is stored, the list shows it without the secret, another user cannot
// revoke it, an admin sees every token and revokes it, and it stops working.
func TestTokenPagesOnBothEngines(t *testing.T) {
	t.Parallel()
	webtest.ForEach(t, func(t *testing.T, f *webtest.Fixture) {
		owner := f.Cookie(t, webtest.LoginOf(auth.Staff))
		admin := f.Cookie(t, webtest.LoginOf(auth.CenterAdmin))
		other := f.Cookie(t, webtest.LoginOf(auth.Liaison))

		webtest.Run(t, f, []webtest.Scenario{
			{Name: "no name", As: auth.Staff, Method: "POST", URL: "/account/tokens", Form: url.Values{"name": {" "}, "days": {"30"}},
				Want: 400, Body: []string{"トークンの名前を100文字以内で入力してください。"}},
			{Name: "name too long", As: auth.Staff, Method: "POST", URL: "/account/tokens", Form: url.Values{"name": {strings.Repeat("名", 101)}, "days": {"30"}},
				Want: 400, Body: []string{"100文字以内"}},
			{Name: "zero days", As: auth.Staff, Method: "POST", URL: "/account/tokens", Form: url.Values{"name": {"連携"}, "days": {"0"}},
				Want: 400, Body: []string{"有効期間は1日から366日までの日数で指定してください。"}},
			{Name: "too many days", As: auth.Staff, Method: "POST", URL: "/account/tokens", Form: url.Values{"name": {"連携"}, "days": {"367"}},
				Want: 400, Body: []string{"366日まで"}},
		})
		if n := f.Count(t, `SELECT COUNT(*) FROM api_tokens WHERE name = '連携'`); n != 0 {
			t.Fatalf("refused forms stored %d tokens", n)
		}

		w := f.Post("/account/tokens", url.Values{"name": {"集計スクリプト"}, "days": {"30"}}, owner)
		if w.Code != http.StatusCreated {
			t.Fatalf("create: %d\n%s", w.Code, w.Body)
		}
		tok := regexp.MustCompile(`value="(` + auth.TokenPrefix + `[A-Za-z0-9_-]+)"`).FindStringSubmatch(w.Body.String())
		if tok == nil {
			t.Fatalf("the new token is not shown:\n%s", w.Body)
		}
		secret := tok[1]
		if n := f.Count(t, `SELECT COUNT(*) FROM api_tokens WHERE token_hash = $1 OR name = $1`, secret); n != 0 {
			t.Fatal("the token is stored in plain text")
		}
		if w := f.Get("/api/v1/me", webtest.Cred{Bearer: secret}); w.Code != http.StatusOK {
			t.Fatalf("the new token does not work: %d", w.Code)
		}
		list := f.Get("/account/tokens", owner)
		if !strings.Contains(list.Body.String(), "集計スクリプト") || strings.Contains(list.Body.String(), secret) {
			t.Fatalf("the list must name the token and never show it again:\n%s", list.Body)
		}
		if row := regexp.MustCompile(`集計スクリプト</td>.*`).FindString(list.Body.String()); strings.Contains(row, "未使用") {
			t.Error("the list does not show the token's last use")
		}
		var id string
		if err := f.D.R.QueryRow(`SELECT CAST(id AS TEXT) FROM api_tokens WHERE name = '集計スクリプト'`).Scan(&id); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(f.Get("/account/tokens", other).Body.String(), "集計スクリプト") {
			t.Error("another user sees the token")
		}
		if w := f.Post("/account/tokens/"+id+"/revoke", nil, other); w.Code != http.StatusNotFound {
			t.Errorf("another user revoking: %d, want 404", w.Code)
		}
		all := f.Get("/tokens", admin)
		if !strings.Contains(all.Body.String(), "集計スクリプト") || !strings.Contains(all.Body.String(), webtest.LoginOf(auth.Staff)) {
			t.Fatalf("the admin list lacks the token:\n%s", all.Body)
		}
		if w := f.Get("/tokens", f.Cookie(t, webtest.LoginOfB(auth.CenterAdmin))); strings.Contains(w.Body.String(), "集計スクリプト") {
			t.Error("another municipality's admin sees the token")
		}
		if w := f.Post("/tokens/"+id+"/revoke", nil, f.Cookie(t, webtest.LoginOfB(auth.CenterAdmin))); w.Code != http.StatusNotFound {
			t.Errorf("another municipality's admin revoking: %d, want 404", w.Code)
		}
		if w := f.Post("/tokens/"+id+"/revoke", nil, admin); w.Code != http.StatusSeeOther {
			t.Fatalf("admin revoke: %d\n%s", w.Code, w.Body)
		}
		if w := f.Get("/api/v1/me", webtest.Cred{Bearer: secret}); w.Code != http.StatusUnauthorized {
			t.Errorf("a revoked token answers %d, want 401", w.Code)
		}

		// The owner revokes their own.
		w = f.Post("/account/tokens", url.Values{"name": {"二本目"}, "days": {"1"}}, owner)
		if w.Code != http.StatusCreated {
			t.Fatalf("create: %d", w.Code)
		}
		if err := f.D.R.QueryRow(`SELECT CAST(id AS TEXT) FROM api_tokens WHERE name = '二本目'`).Scan(&id); err != nil {
			t.Fatal(err)
		}
		if w := f.Post("/account/tokens/"+id+"/revoke", nil, owner); w.Code != http.StatusSeeOther {
			t.Fatalf("owner revoke: %d", w.Code)
		}
		if n := f.Count(t, `SELECT COUNT(*) FROM api_tokens WHERE name = '二本目'`); n != 0 {
			t.Error("the owner's revoke left the token")
		}
	})
}
