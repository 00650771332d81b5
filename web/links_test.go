package web_test

import (
	"context"
	"html"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"

	"hagukumi/web/webtest"
)

var (
	hrefRe = regexp.MustCompile(`<a\s[^>]*href="([^"]*)"`)
	formRe = regexp.MustCompile(`<form\s[^>]*>`)
	attrRe = regexp.MustCompile(`\s(action|method)="([^"]*)"`)
)

// linksOf lists the local paths a page links to: <a href> and the action
// of every GET form. Static files and fragments are left out.
func linksOf(body string) []string {
	var out []string
	add := func(p string) {
		p = html.UnescapeString(p)
		p, _, _ = strings.Cut(p, "#")
		if strings.HasPrefix(p, "/") && !strings.HasPrefix(p, "//") && !strings.HasPrefix(p, "/static/") {
			out = append(out, p)
		}
	}
	for _, m := range hrefRe.FindAllStringSubmatch(body, -1) {
		add(m[1])
	}
	for _, form := range formRe.FindAllString(body, -1) {
		action, method := "", "get"
		for _, a := range attrRe.FindAllStringSubmatch(form, -1) {
			if a[1] == "action" {
				action = a[2]
			} else {
				method = strings.ToLower(a[2])
			}
		}
		if method == "get" && action != "" {
			add(action)
		}
	}
	return out
}

// Every account, of every role and both municipalities (and a case manager
// and a system administrator linked to a staff member), opens the home
// page and every main-menu entry, then every link and GET form on those
// pages: none may answer 403, 404 or 500. A link the route table would
// refuse its viewer is a broken promise of the menu or of a template.
func TestEveryLinkOpens(t *testing.T) {
	webtest.ForEach(t, func(t *testing.T, f *webtest.Fixture) {
		// The default catalog gives the program pages something to link to.
		if err := f.Srv.Train.EnsureCatalog(context.Background(), f.A.ID); err != nil {
			t.Fatal(err)
		}
		for _, login := range f.Logins() {
			t.Run(login, func(t *testing.T) {
				c := f.Cookie(t, login)
				u := f.User(t, login)
				seen := map[string]bool{}
				check := func(path, from string) string {
					if seen[path] {
						return ""
					}
					seen[path] = true
					w := f.Get(path, c)
					switch w.Code {
					case http.StatusForbidden, http.StatusNotFound, http.StatusInternalServerError:
						t.Errorf("%s (linked from %s) answers %d", path, from, w.Code)
					}
					return w.Body.String()
				}
				pages := []string{"/"}
				for _, m := range f.Srv.Menu(u, "") {
					if !slices.Contains(pages, m.Href) {
						pages = append(pages, m.Href)
					}
				}
				bodies := map[string]string{}
				for _, p := range pages {
					bodies[p] = check(p, "the menu")
				}
				for _, p := range pages {
					for _, l := range linksOf(bodies[p]) {
						check(l, p)
					}
				}
				if len(seen) < 3 {
					t.Errorf("only %d pages opened: the walk found no links", len(seen))
				}
			})
		}
	})
}
