package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"testing"

	"hagukumi/web/webtest"
)

// TestPublicSitePublishing: a center admin publishes the page, a
// programme and an event; the public sees exactly what is published, and
// the preview shows the rest.
func TestPublicSitePublishing(t *testing.T) {
	webtest.ForEach(t, func(t *testing.T, f *webtest.Fixture) {
		if err := f.Srv.Train.EnsureCatalog(context.Background(), f.A.ID); err != nil {
			t.Fatal(err)
		}
		var progID int64
		var progName string
		if err := f.D.R.QueryRow(`SELECT id, name FROM programs WHERE municipality_id = $1 ORDER BY code LIMIT 1`, f.A.ID).Scan(&progID, &progName); err != nil {
			t.Fatal(err)
		}
		c := f.Cookie(t, "a_center_admin")
		webtest.Run(t, f, []webtest.Scenario{
			{Name: "nothing published", URL: "/public/programmes", Want: 200, NotBody: []string{progName}},
			{Name: "preview shows it", As: "center_admin", URL: "/public-site/preview", Want: 200, Body: []string{"プレビュー"}},
			{Name: "center staff may not publish", As: "center_staff", Method: "POST", URL: "/public-site/publish", Form: url.Values{"kind": {"program"}, "ref": {fmt.Sprint(progID)}, "on": {"true"}}, Want: 403},
		})
		for _, step := range []struct {
			path string
			form url.Values
		}{
			{"/public-site/page", url.Values{"body": {"# センターについて\n<script>alert(1)</script>\n- 階層別研修"}, "published": {"on"}}},
			{"/public-site/publish", url.Values{"kind": {"program"}, "ref": {fmt.Sprint(progID)}, "on": {"true"}}},
			{"/public-site/events", url.Values{"title": {"公開講座"}, "held_on": {"2026-07-01"}, "registration": {"full"}}},
		} {
			if w := f.Post(step.path, step.form, c); w.Code != http.StatusSeeOther {
				t.Fatalf("%s: %d %s", step.path, w.Code, w.Body.String())
			}
		}
		webtest.Run(t, f, []webtest.Scenario{
			{Name: "programme published", URL: "/public/programmes", Want: 200, Body: []string{progName}},
			{Name: "page rendered safely", URL: "/public/", Want: 200, Body: []string{"<h2>センターについて</h2>", "<li>階層別研修</li>", "&lt;script&gt;"}, NotBody: []string{"<script>alert", "公開講座"}},
			{Name: "bad event refused", As: "center_admin", Method: "POST", URL: "/public-site/events", Form: url.Values{"title": {""}, "held_on": {"someday"}}, Want: 400},
		})
		var evID int64
		if err := f.D.R.QueryRow(`SELECT id FROM public_events`).Scan(&evID); err != nil {
			t.Fatal(err)
		}
		if w := f.Post("/public-site/publish", url.Values{"kind": {"event"}, "ref": {fmt.Sprint(evID)}, "on": {"true"}}, c); w.Code != http.StatusSeeOther {
			t.Fatal(w.Code)
		}
		// Another city's admin cannot publish A's programme.
		if w := f.Post("/public-site/publish", url.Values{"kind": {"program"}, "ref": {fmt.Sprint(progID)}, "on": {"false"}}, f.Cookie(t, "b_center_admin")); w.Code != 404 {
			t.Errorf("B publishing A's programme: %d, want 404", w.Code)
		}
		webtest.Run(t, f, []webtest.Scenario{
			{Name: "event published", URL: "/public/", Want: 200, Body: []string{"公開講座", "満席・キャンセル待ち"}},
		})
	})
}
