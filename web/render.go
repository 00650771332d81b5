package web

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"

	"hagukumi/auth"
	"hagukumi/calendar"
	"hagukumi/staff"
)

// baseFuncs are the template functions every slice may use; a slice adds
// its own with Funcs.
var baseFuncs = template.FuncMap{
	"wareki": func(iso string) string {
		t, err := time.Parse(time.DateOnly, iso)
		if err != nil {
			return iso
		}
		return calendar.FormatWareki(t)
	},
	"nendo":      calendar.FormatNendo,
	"warekiTime": WarekiTime,
	// datetime is the older name of warekiTime, kept so that no template
	// can still print an ISO timestamp.
	"datetime": WarekiTime,
	"num":      Num,
	"unitPath": UnitPath,
	"add":      func(a, b int) int { return a + b },
	"pct": func(a, b int) int {
		if b == 0 {
			return 0
		}
		return a * 100 / b
	},
	"join": strings.Join,
}

// WarekiTime formats a moment for people: the 和暦 date in JST with the
// time, as in 「令和8年4月1日 9:05」. It takes a time.Time, a *time.Time (nil
// gives "") or a stored text timestamp; text it cannot read is returned as
// it is, and the zero time gives "".
func WarekiTime(v any) string {
	var t time.Time
	switch x := v.(type) {
	case time.Time:
		t = x
	case *time.Time:
		if x == nil {
			return ""
		}
		t = *x
	case string:
		if x == "" {
			return ""
		}
		var err error
		for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.000000Z", time.DateTime, "2006-01-02 15:04", time.DateOnly} {
			if t, err = time.Parse(layout, x); err == nil {
				break
			}
		}
		if err != nil {
			return x
		}
		if len(x) == len(time.DateOnly) {
			return calendar.FormatWareki(t)
		}
	default:
		return fmt.Sprint(v)
	}
	if t.IsZero() {
		return ""
	}
	t = t.In(calendar.JST)
	return fmt.Sprintf("%s %d:%02d", calendar.FormatWareki(t), t.Hour(), t.Minute())
}

// Num writes a count with thousands separators, as in 「1,400」.
func Num(v any) string {
	var n int64
	switch x := v.(type) {
	case int:
		n = int64(x)
	case int64:
		n = x
	case float64:
		if x != float64(int64(x)) {
			return strconv.FormatFloat(x, 'f', -1, 64)
		}
		n = int64(x)
	default:
		return fmt.Sprint(v)
	}
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// UnitPath shows a stored unit path ("総務部/人事課") with spaces between its
// levels (「総務部 人事課」), the one way pages write a unit.
func UnitPath(path string) string { return strings.ReplaceAll(strings.Trim(path, "/"), "/", " ") }

// Funcs adds a slice's template functions; names must not clash.
func (s *Server) Funcs(m template.FuncMap) {
	for k, v := range m {
		if _, dup := s.funcs[k]; dup {
			panic("web: template function defined twice: " + k)
		}
		s.funcs[k] = v
	}
}

// Templates adds a slice's page templates: every *.html file of fsys is a
// page named by its base name, rendered inside the layout (Page.Layout);
// files named layout_*.html are layouts shared by the slice's pages.
func (s *Server) Templates(fsys fs.FS) { s.sliceFS = append(s.sliceFS, fsys) }

// parseTemplates parses the layout with each page once, at start-up.
func (s *Server) parseTemplates() error {
	s.pages = map[string]*template.Template{}
	layout, err := fs.ReadFile(assets, "templates/layout.html")
	if err != nil {
		return err
	}
	// Files whose name starts with "layout_" are layouts (Page.Layout),
	// parsed into pages rather than pages: the kit's into every page (the
	// public site's layout, which several slices use), a slice's into its
	// own pages only.
	kitLayouts, err := layouts(assets)
	if err != nil {
		return err
	}
	for i, fsys := range append([]fs.FS{assets}, s.sliceFS...) {
		files, err := fs.Glob(fsys, "templates/*.html")
		if err != nil {
			return err
		}
		shared := kitLayouts
		if i > 0 {
			own, err := layouts(fsys)
			if err != nil {
				return err
			}
			shared = slices.Concat(kitLayouts, own)
		}
		for _, f := range files {
			name := strings.TrimSuffix(path.Base(f), ".html")
			if name == "layout" || strings.HasPrefix(name, "layout_") {
				continue
			}
			if _, dup := s.pages[name]; dup {
				return fmt.Errorf("template %s defined by two slices", name)
			}
			body, err := fs.ReadFile(fsys, f)
			if err != nil {
				return err
			}
			t, err := template.New("layout").Funcs(s.funcs).Parse(string(layout))
			for _, part := range shared {
				if err == nil {
					_, err = t.Parse(part)
				}
			}
			if err == nil {
				_, err = t.Parse(string(body))
			}
			if err != nil {
				return fmt.Errorf("template %s: %w", name, err)
			}
			s.pages[name] = t
		}
	}
	return nil
}

// layouts reads the layout files of a template tree.
func layouts(fsys fs.FS) ([]string, error) {
	files, err := fs.Glob(fsys, "templates/layout_*.html")
	if err != nil {
		return nil, err
	}
	var out []string
	for _, f := range files {
		b, err := fs.ReadFile(fsys, f)
		if err != nil {
			return nil, err
		}
		out = append(out, string(b))
	}
	return out, nil
}

// Page is what every page template receives.
type Page struct {
	Title   string
	User    *auth.User
	Muni    staff.Municipality
	Flash   string
	Error   string
	Nav     string
	FY      int
	Data    any
	Request *http.Request
	Menu    []MenuItem  // the main menu for the user, from the route table
	Groups  []MenuGroup // the same menu in its labelled parts
	// Kiosk pages (the reception tablet at the venue) show no menu and no
	// link out of the page: whoever stands at the tablet may only check in.
	Kiosk bool
	// Layout names the template that frames the page: "layout" (the app's,
	// with its menu) unless a slice's page defines a layout of its own, as
	// the public site does.
	Layout string

	srv *Server
}

// Allowed tells a template whether the viewer may use a route, so a link
// is shown only where it would not answer 403: {{if .Allowed "GET /staff/export"}}.
func (p *Page) Allowed(pattern string) bool {
	return p.srv != nil && p.srv.Allowed(p.User, pattern)
}

// Render writes a page through a buffer, so a template error never leaves
// half a page. It returns nothing: a failure is logged and answered here.
func (s *Server) Render(w http.ResponseWriter, r *http.Request, status int, name string, p *Page) {
	t, ok := s.pages[name]
	if !ok {
		s.Log.Error("missing template", "name", name)
		http.Error(w, "内部エラー", http.StatusInternalServerError)
		return
	}
	p.Request, p.srv = r, s
	if p.User == nil {
		p.User = UserOf(r)
	}
	switch {
	case p.User != nil && p.User.MuniName != "": // read with the session
		p.Muni = staff.Municipality{ID: p.User.Municipality, Name: p.User.MuniName, CenterName: p.User.CenterName}
	case p.User != nil:
		p.Muni, _ = s.Staff.GetMunicipality(r.Context(), p.User.Municipality)
	}
	if p.FY == 0 {
		p.FY = calendar.CurrentFY(s.Now())
	}
	p.Menu = s.Menu(p.User, p.Nav)
	p.Groups = MenuGroups(p.Menu)
	if c, err := r.Cookie("flash"); err == nil && p.Flash == "" {
		p.Flash, _ = url.QueryUnescape(c.Value)
		http.SetCookie(w, &http.Cookie{Name: "flash", Path: "/", MaxAge: -1})
	}
	layout := p.Layout
	if layout == "" {
		layout = "layout"
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, layout, p); err != nil {
		s.Log.Error("render", "template", name, "err", err)
		http.Error(w, "内部エラー", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// RedirectFlash sets a one-time message for the next page and redirects to
// it; the target must be a path on this site.
func (s *Server) RedirectFlash(w http.ResponseWriter, r *http.Request, to, msg string) {
	http.SetCookie(w, &http.Cookie{Name: "flash", Value: url.QueryEscape(msg), Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: s.Cfg.Secure})
	http.Redirect(w, r, LocalPath(to, "/"), http.StatusSeeOther)
}

func urlQueryEscape(s string) string { return url.QueryEscape(s) }
