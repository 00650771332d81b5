package webtest

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"hagukumi/auth"
)

// Scenario is one request and what its answer must be: the status, text
// the body must contain and text it must not.
type Scenario struct {
	Name string
	// As is the role of municipality A's fixture account that sends the
	// request; "" sends it anonymously. API paths authenticate with the
	// account's token, pages with its session cookie.
	As      auth.Role
	Method  string // GET when empty
	URL     string
	Form    url.Values // the body of a POST, the query of a GET
	Want    int
	Body    []string
	NotBody []string
}

// Run sends each scenario through the whole handler and checks its answer.
func Run(t *testing.T, f *Fixture, cases []Scenario) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			t.Helper()
			w := f.Do(c.request(), f.credOf(t, c))
			if w.Code != c.Want {
				t.Fatalf("%s %s: status %d, want %d; Location %q; body:\n%s", c.method(), c.URL, w.Code, c.Want, w.Header().Get("Location"), clip(w.Body.String(), 600))
			}
			body := w.Body.String()
			for _, s := range c.Body {
				if !strings.Contains(body, s) {
					t.Errorf("body lacks %q:\n%s", s, clip(body, 1500))
				}
			}
			for _, s := range c.NotBody {
				if strings.Contains(body, s) {
					t.Errorf("body contains %q, which it must not", s)
				}
			}
		})
	}
}

func (c Scenario) method() string {
	if c.Method == "" {
		return http.MethodGet
	}
	return c.Method
}

func (c Scenario) request() *http.Request {
	if c.method() == http.MethodGet || c.method() == http.MethodHead {
		u := c.URL
		if len(c.Form) > 0 {
			sep := "?"
			if strings.Contains(u, "?") {
				sep = "&"
			}
			u += sep + c.Form.Encode()
		}
		return httptest.NewRequest(c.method(), u, nil)
	}
	r := httptest.NewRequest(c.method(), c.URL, strings.NewReader(c.Form.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return r
}

func (f *Fixture) credOf(t testing.TB, c Scenario) Cred {
	switch {
	case c.As == "":
		return Anonymous
	case strings.HasPrefix(c.URL, "/api/"):
		return f.Bearer(t, LoginOf(c.As))
	default:
		return f.Cookie(t, LoginOf(c.As))
	}
}

func clip(s string, n int) string {
	if len(s) > n {
		return s[:n] + "…"
	}
	return s
}
