package web_test

import (
	"fmt"
	"net/http"
	"regexp"
	"testing"
)

// hrefs finds every link target of a page.
var hrefs = regexp.MustCompile(`<a [^>]*href="([^"]*)"`)

// TestTabletIsKiosk: the reception tablet shows no menu and no link out of
// the page (the skip link to its own main content is the only link), so a
// person at the venue can only check in.
func TestTabletIsKiosk(t *testing.T) {
	forEachFixture(t, func(t *testing.T, f *fixture) {
		recSetup(t, f)
		x := recSession(t, f, "YEAR2", "2026-06-10")
		w := f.get(fmt.Sprintf("/sessions/%d/tablet", x.ID), f.asCookie(t, "a_center_staff"))
		expectStatus(t, w, http.StatusOK)
		body := w.Body.String()
		expectBody(t, w, "職員番号を入力してください")
		if regexp.MustCompile(`<nav\b`).MatchString(body) {
			t.Error("the tablet page shows the menu")
		}
		for _, m := range hrefs.FindAllStringSubmatch(body, -1) {
			if m[1] != "#main" {
				t.Errorf("the tablet page links out to %q", m[1])
			}
		}
	})
}
