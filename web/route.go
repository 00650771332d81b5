package web

import (
	"context"
	"net/http"
	"sort"
	"strings"

	"hagukumi/apperr"
	"hagukumi/audit"
	"hagukumi/auth"
)

// Route is one entry of the route table: who may use a pattern, and how it
// appears in the main menu and the API document. The menu and the links in
// templates are derived from this table, so a link cannot point at a route
// its viewer would be refused.
type Route struct {
	Pattern string      // "GET /staff/{number}"
	Roles   []auth.Role // nil: public (no login)
	// Staff marks a self-service page: links to it are offered only to
	// users linked to a staff member (the handler answers the others).
	Staff bool
	// Menu is the label of the route's main-menu entry ("" for none); Order
	// places it (smaller first) and Nav names the entry pages highlight.
	Menu  string
	Order int
	Nav   string
	// Summary describes an /api/v1 route in the OpenAPI document.
	Summary string
	// API describes an /api/v1 route's parameters and bodies (see openapi.go).
	API *APIDoc
}

// HandlerFunc is a handler that returns its failure instead of writing it:
// the one adapter in Handle turns the error into the right status and the
// Japanese page or JSON body.
type HandlerFunc func(w http.ResponseWriter, r *http.Request) error

type ctxKey int

const userKey ctxKey = 1

// UserOf returns the signed-in user of a request, nil on a public route.
func UserOf(r *http.Request) *auth.User {
	u, _ := r.Context().Value(userKey).(*auth.User)
	return u
}

// Allows tells whether a user's role may use the route.
func (rt *Route) Allows(u *auth.User) bool {
	if rt.Roles == nil {
		return true
	}
	return u != nil && RoleIn(u.Role, rt.Roles)
}

// Shown tells whether a link to the route is offered to a user: the role
// may use it, and a self-service route (Staff) only to a user linked to a
// staff member, for whom it has something to show.
func (rt *Route) Shown(u *auth.User) bool {
	return rt.Allows(u) && (!rt.Staff || (u != nil && u.StaffID != 0))
}

// Allowed tells whether a link to the route registered under pattern
// ("GET /staff/export") is offered to a user; an unknown pattern never is.
func (s *Server) Allowed(u *auth.User, pattern string) bool {
	rt, ok := s.byPat[pattern]
	return ok && rt.Shown(u)
}

// Handle registers a route with its handler.
func (s *Server) Handle(rt Route, h HandlerFunc) {
	if _, dup := s.byPat[rt.Pattern]; dup {
		panic("web: route registered twice: " + rt.Pattern)
	}
	s.routes = append(s.routes, rt)
	s.byPat[rt.Pattern] = &s.routes[len(s.routes)-1]
	// byPat points into routes, which append may move: rebuild it.
	for i := range s.routes {
		s.byPat[s.routes[i].Pattern] = &s.routes[i]
	}
	isAPI := strings.Contains(rt.Pattern, "/api/")
	allow := rt
	s.mux.HandleFunc(rt.Pattern, func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet || r.Method == http.MethodHead {
			r = r.WithContext(audit.WithGenMemo(r.Context()))
		}
		if err := checkForm(r); err != nil {
			s.Fail(w, r, err)
			return
		}
		u, err := s.authenticate(r)
		if err != nil {
			// The database did not answer: say so (503) rather than
			// pretending the user is logged out.
			s.Fail(w, r, err)
			return
		}
		if u != nil && u.Kiosk != 0 && !kioskAllows(u, &allow, r) {
			s.refuseKiosk(w, r, u)
			return
		}
		if u != nil {
			r = r.WithContext(context.WithValue(r.Context(), userKey, u))
		}
		if allow.Roles != nil {
			if u == nil {
				if isAPI {
					w.Header().Set("WWW-Authenticate", `Bearer realm="hagukumi"`)
					s.Fail(w, r, apperr.New(apperr.Unauthorized, "認証が必要です。"))
					return
				}
				http.Redirect(w, r, "/login?next="+urlQueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
				return
			}
			if !allow.Allows(u) {
				s.Fail(w, r, apperr.Forbid())
				return
			}
			if u.MustChangePassword && r.URL.Path != "/account/password" && r.URL.Path != "/logout" {
				if isAPI {
					s.Fail(w, r, apperr.New(apperr.Forbidden, "仮パスワードのままです。画面からパスワードを変更してください。"))
					return
				}
				http.Redirect(w, r, "/account/password", http.StatusSeeOther)
				return
			}
		}
		if err := h(w, r); err != nil {
			s.Fail(w, r, err)
		}
	})
}

// RoleIn tells whether r is among list.
func RoleIn(r auth.Role, list []auth.Role) bool {
	for _, x := range list {
		if x == r {
			return true
		}
	}
	return false
}

// authenticate finds the user of a Bearer token or a session cookie. It
// returns (nil, nil) when there is none or it is not valid, and an error
// only when the database could not be asked.
func (s *Server) authenticate(r *http.Request) (*auth.User, error) {
	var u *auth.User
	var err error
	if h := r.Header.Get("Authorization"); strings.HasPrefix(h, "Bearer ") {
		u, err = s.Auth.TokenUser(r.Context(), strings.TrimPrefix(h, "Bearer "))
	} else if c, cerr := r.Cookie(s.CookieName()); cerr == nil {
		u, err = s.Auth.SessionUser(r.Context(), c.Value)
	} else if c, cerr := r.Cookie(s.KioskCookieName()); cerr == nil {
		u, err = s.Auth.KioskUser(r.Context(), c.Value)
	} else {
		return nil, nil
	}
	if err != nil {
		if apperr.CodeOf(err) == apperr.Internal {
			return nil, err
		}
		return nil, nil
	}
	return u, nil
}

// MenuItem is one entry of the main menu.
type MenuItem struct {
	Href, Label string
	Current     bool
	Order       int
}

// MenuGroup is a labelled part of the main menu.
type MenuGroup struct {
	Label string
	Items []MenuItem
}

// menuParts divides the main menu by the order of its entries: the
// training work every role uses, the registry and the system, and the
// center's other capabilities (the longest part for the center).
var menuParts = []struct {
	below int
	label string
}{
	{80, "研修"},
	{130, "職員・組織"},
	{1 << 30, "センターの事業"},
}

// MenuGroups divides a menu into its labelled parts, leaving out empty
// ones.
func MenuGroups(items []MenuItem) []MenuGroup {
	var out []MenuGroup
	for _, it := range items {
		label := menuParts[len(menuParts)-1].label
		for _, p := range menuParts {
			if it.Order < p.below {
				label = p.label
				break
			}
		}
		if n := len(out); n == 0 || out[n-1].Label != label {
			out = append(out, MenuGroup{Label: label})
		}
		out[len(out)-1].Items = append(out[len(out)-1].Items, it)
	}
	return out
}

// Menu builds the main menu of a user from the route table: every GET
// route with a menu label that the user may use, in order.
func (s *Server) Menu(u *auth.User, nav string) []MenuItem {
	if u == nil {
		return nil
	}
	var rts []*Route
	for i := range s.routes {
		if rt := &s.routes[i]; rt.Menu != "" && rt.Shown(u) {
			rts = append(rts, rt)
		}
	}
	sort.SliceStable(rts, func(i, j int) bool { return rts[i].Order < rts[j].Order })
	out := make([]MenuItem, 0, len(rts))
	for _, rt := range rts {
		_, path, _ := strings.Cut(rt.Pattern, " ")
		path = strings.TrimSuffix(path, "{$}")
		out = append(out, MenuItem{Href: path, Label: rt.Menu, Current: rt.Nav != "" && rt.Nav == nav, Order: rt.Order})
	}
	return out
}
