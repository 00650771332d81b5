package web_test

import (
	"context"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"hagukumi/auth"
	"hagukumi/training"
	"hagukumi/web"
	"hagukumi/web/webtest"
)

func TestWarekiTimeAndNum(t *testing.T) {
	at := time.Date(2026, 4, 1, 0, 5, 0, 0, time.UTC) // 9:05 in JST
	for _, c := range []struct {
		in   any
		want string
	}{
		{at, "令和8年4月1日 9:05"},
		{&at, "令和8年4月1日 9:05"},
		{(*time.Time)(nil), ""},
		{time.Time{}, ""},
		{"2026-04-01T00:05:00Z", "令和8年4月1日 9:05"},
		{"2026-04-01", "令和8年4月1日"},
		{"", ""},
		{"いつか", "いつか"},
	} {
		if got := web.WarekiTime(c.in); got != c.want {
			t.Errorf("WarekiTime(%v) = %q, want %q", c.in, got, c.want)
		}
	}
	for _, c := range []struct {
		in   any
		want string
	}{{0, "0"}, {999, "999"}, {1000, "1,000"}, {1234567, "1,234,567"}, {int64(-1400), "-1,400"}, {2.5, "2.5"}, {3000.0, "3,000"}} {
		if got := web.Num(c.in); got != c.want {
			t.Errorf("Num(%v) = %q, want %q", c.in, got, c.want)
		}
	}
	if got := web.UnitPath("総務部/人事課"); got != "総務部 人事課" {
		t.Errorf("UnitPath = %q", got)
	}
}

var (
	isoRe     = regexp.MustCompile(`\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}`)
	hiddenRe  = regexp.MustCompile(`(?s)<script.*?</script>|<style.*?</style>|<details class="audit-raw">.*?</details>`)
	tagRe     = regexp.MustCompile(`(?s)<[^>]*>`)
	spaceRe   = regexp.MustCompile(`\s+`)
	visibleOf = func(body string) string {
		s := hiddenRe.ReplaceAllString(body, " ")
		return spaceRe.ReplaceAllString(tagRe.ReplaceAllString(s, " "), " ")
	}
)

// No page shows a bare ISO timestamp: dates and times are written in 和暦
// with the time (warekiTime). Nor does a page show staff a program's
// internal code (YEAR2, NEW_HIRE): only the center's catalog pages may. Every role opens its home, its menu and the
// links on them, as in TestEveryLinkOpens; the raw audit detail behind its
// toggle is not visible text and is left out.
func TestNoISOTimestampOnPages(t *testing.T) {
	webtest.ForEach(t, func(t *testing.T, f *webtest.Fixture) {
		if err := f.Srv.Train.EnsureCatalog(context.Background(), f.A.ID); err != nil {
			t.Fatal(err)
		}
		var codes []string
		for _, p := range training.DefaultCatalog() {
			if !strings.Contains(p.Name, p.Code) { // 「OJT推進研修」 names OJT
				codes = append(codes, p.Code)
			}
		}
		for _, login := range f.Logins() {
			c := f.Cookie(t, login)
			u := f.User(t, login)
			center := u.Role == auth.CenterAdmin || u.Role == auth.CenterStaff
			pages := []string{"/", "/audit", "/audit/verify?run=1"}
			for _, m := range f.Srv.Menu(u, "") {
				if !slices.Contains(pages, m.Href) {
					pages = append(pages, m.Href)
				}
			}
			seen := map[string]bool{}
			var next []string
			for round := 0; round < 2; round++ {
				for _, p := range pages {
					if seen[p] {
						continue
					}
					seen[p] = true
					w := f.Get(p, c)
					if w.Code != http.StatusOK || !strings.HasPrefix(w.Header().Get("Content-Type"), "text/html") {
						continue
					}
					body := w.Body.String()
					text := visibleOf(body)
					if m := isoRe.FindString(text); m != "" {
						t.Errorf("%s: %s shows the ISO timestamp %q", login, p, m)
					}
					for _, code := range codes {
						if !center && regexp.MustCompile(`\b`+code+`\b`).MatchString(text) {
							t.Errorf("%s: %s shows the internal code %s", login, p, code)
						}
					}
					next = append(next, linksOf(body)...)
				}
				pages, next = next, nil
			}
		}
	})
}

// The audit log reads as sentences, is searched in Japanese, and its chain
// is verified from a page that says the result in Japanese.
func TestAuditSentencesAndVerify(t *testing.T) {
	webtest.ForEach(t, func(t *testing.T, f *webtest.Fixture) {
		c := f.Cookie(t, "a_center_admin")
		w := f.Get("/audit", c)
		if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), "を作成しました") || !strings.Contains(w.Body.String(), `<details class="audit-raw">`) {
			t.Fatalf("/audit answers %d without sentences and raw detail:\n%s", w.Code, w.Body.String())
		}
		if w := f.Get("/audit?q=作成", c); !strings.Contains(w.Body.String(), "を作成しました") {
			t.Error("a search for 作成 does not find the accounts created")
		}
		if w := f.Get("/audit?q=取り消し", c); !strings.Contains(w.Body.String(), "記録がありません。") {
			t.Error("a search for 取り消し finds entries where nothing was cancelled")
		}
		w = f.Get("/audit/verify?run=1", c)
		if !strings.Contains(w.Body.String(), "書き換えや欠落は見つかりませんでした") {
			t.Fatalf("verify of an intact chain:\n%s", w.Body.String())
		}
		if _, err := f.D.W.Exec(`UPDATE audit_log SET detail = 'x' WHERE municipality_id = $1 AND seq = 1`, f.A.ID); err != nil {
			t.Fatal(err)
		}
		w = f.Get("/audit/verify?run=1", c)
		if !strings.Contains(w.Body.String(), "改ざんの疑いがあります。記録 1 番") {
			t.Errorf("verify of a altered chain:\n%s", w.Body.String())
		}
		// The other municipality's chain is its own and still intact.
		w = f.Get("/audit/verify?run=1", f.Cookie(t, "b_center_admin"))
		if !strings.Contains(w.Body.String(), "書き換えや欠落は見つかりませんでした") {
			t.Errorf("B's verify reports A's alteration:\n%s", w.Body.String())
		}
	})
}
