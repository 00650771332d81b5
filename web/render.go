package web

import (
	"bytes"
	"database/sql/driver"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"
	"time"

	"hagukumi/apperr"
	"hagukumi/auth"
	"hagukumi/calendar"
	"hagukumi/staff"
	"hagukumi/training"
)

type pageTemplate = *template.Template

var funcs = template.FuncMap{
	"wareki": func(iso string) string {
		t, err := time.Parse(time.DateOnly, iso)
		if err != nil {
			return iso
		}
		return calendar.FormatWareki(t)
	},
	"nendo": calendar.FormatNendo,
	"datetime": func(t time.Time) string {
		return t.In(calendar.JST).Format("2006-01-02 15:04")
	},
	"add": func(a, b int) int { return a + b },
	"pct": func(a, b int) int {
		if b == 0 {
			return 0
		}
		return a * 100 / b
	},
	"join":        strings.Join,
	"modeLabel":   training.ModeLabel,
	"unitOptions": unitOptions,
	"rankOptions": rankOptions,
	"textOptions": textOptions,
	"staffRows":   staffRows,
}

// staffRows writes the staff table's rows in Go for the same reason as
// unitOptions: 50 rows of 7 escaped cells are ~400 reflective calls in a
// template. Every value is HTML-escaped; numbers are path-escaped in links.
func staffRows(items []*staff.Member) template.HTML {
	if len(items) == 0 {
		return `<tr><td colspan="7">該当する職員はいません。</td></tr>`
	}
	var b strings.Builder
	b.Grow(len(items) * 320)
	esc := func(s string) { escapeTo(&b, s) }
	pair := func(x, y string) { // 姓 名, without building the joined string
		esc(x)
		if y != "" {
			b.WriteByte(' ')
			esc(y)
		}
	}
	for _, m := range items {
		b.WriteString("<tr><td>")
		esc(m.Number)
		b.WriteString(`</td><td><a href="/staff/`)
		esc(url.PathEscape(m.Number))
		b.WriteString(`">`)
		pair(m.FamilyName, m.GivenName)
		b.WriteString("</a></td><td>")
		pair(m.FamilyKana, m.GivenKana)
		b.WriteString("</td><td>")
		for rest := m.Unit; ; { // the unit path with spaces, as UnitDisplay
			part, after, more := strings.Cut(rest, "/")
			esc(part)
			if !more {
				break
			}
			b.WriteByte(' ')
			rest = after
		}
		b.WriteString("</td><td>")
		esc(m.Title)
		b.WriteString("</td><td>")
		esc(m.EmploymentType)
		b.WriteString("</td><td>")
		esc(m.Status)
		b.WriteString("</td></tr>\n")
	}
	return template.HTML(b.String())
}

// unitOptions, rankOptions and textOptions write a <select>'s options in
// Go: a city has hundreds of units, and as template loops with eq these
// lists were most of the cost of the staff list page.
func unitOptions(units []staff.Unit, selected int64) template.HTML {
	var b strings.Builder
	b.Grow(len(units) * 64)
	for _, u := range units {
		writeOption(&b, strconv.FormatInt(u.ID, 10), u.Display(), u.ID == selected)
	}
	return template.HTML(b.String())
}

func rankOptions(ranks []staff.Rank, selected int64) template.HTML {
	var b strings.Builder
	for _, r := range ranks {
		writeOption(&b, strconv.FormatInt(r.ID, 10), r.Name, r.ID == selected)
	}
	return template.HTML(b.String())
}

func textOptions(list []string, selected string) template.HTML {
	var b strings.Builder
	for _, v := range list {
		writeOption(&b, v, v, v == selected)
	}
	return template.HTML(b.String())
}

func writeOption(b *strings.Builder, value, label string, selected bool) {
	b.WriteString(`<option value="`)
	escapeTo(b, value)
	b.WriteByte('"')
	if selected {
		b.WriteString(" selected")
	}
	b.WriteByte('>')
	escapeTo(b, label)
	b.WriteString("</option>")
}

// escapeTo writes s HTML-escaped; most names need no escaping at all.
func escapeTo(b *strings.Builder, s string) {
	if strings.ContainsAny(s, "<>&'\"\x00") {
		b.WriteString(template.HTMLEscapeString(s))
		return
	}
	b.WriteString(s)
}

// parseTemplates parses layout.html with each page once, at start-up.
func (s *Server) parseTemplates() error {
	s.pages = map[string]pageTemplate{}
	layout, err := fs.ReadFile(assets, "templates/layout.html")
	if err != nil {
		return err
	}
	files, err := fs.Glob(assets, "templates/*.html")
	if err != nil {
		return err
	}
	for _, f := range files {
		name := strings.TrimSuffix(path.Base(f), ".html")
		if name == "layout" {
			continue
		}
		body, err := fs.ReadFile(assets, f)
		if err != nil {
			return err
		}
		t, err := template.New("layout").Funcs(funcs).Parse(string(layout))
		if err == nil {
			_, err = t.Parse(string(body))
		}
		if err != nil {
			return fmt.Errorf("template %s: %w", name, err)
		}
		s.pages[name] = t
	}
	return nil
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
	Menu    []MenuItem // the main menu for the user's role, built by render
}

// MenuItem is one entry of the main menu.
type MenuItem struct {
	Href, Label string
	Current     bool
}

// menu lists, in order, the main menu's entries with the roles that see
// them (nil: every role); staffOnly entries need a linked staff member.
var menu = []struct {
	nav, href, label string
	roles            []auth.Role
	not              bool // the roles are the ones that do NOT see it
	staffOnly        bool
}{
	{"home", "/", "ホーム", nil, false, false},
	{"my", "/my/trainings", "わたしの研修", nil, false, true},
	{"plan", "/plan", "研修計画", []auth.Role{auth.SysAdmin, auth.CaseManager}, true, false},
	{"programs", "/programs", "研修", nil, false, false},
	{"approvals", "/approvals", "承認", []auth.Role{auth.Supervisor}, false, false},
	{"recommendations", "/recommendations", "推薦", []auth.Role{auth.Liaison}, false, false},
	{"reports", "/reports", "報告書", []auth.Role{auth.CenterAdmin, auth.CenterStaff, auth.Liaison, auth.Supervisor}, false, false},
	{"staff", "/staff", "職員", []auth.Role{auth.CenterAdmin, auth.CenterStaff, auth.Liaison, auth.Supervisor, auth.SysAdmin}, false, false},
	{"org", "/org", "組織", []auth.Role{auth.CenterAdmin, auth.CenterStaff, auth.Liaison, auth.Supervisor, auth.SysAdmin}, false, false},
	{"instructors", "/instructors", "職員講師", []auth.Role{auth.CenterAdmin, auth.CenterStaff}, false, false},
	{"import", "/import/staff", "取込", []auth.Role{auth.CenterAdmin, auth.SysAdmin}, false, false},
	{"admin", "/users", "管理", []auth.Role{auth.CenterAdmin, auth.SysAdmin}, false, false},
}

// menuFor builds the menu in Go: as template conditions it was a hundred
// reflective calls on every page.
func menuFor(u *auth.User, nav string) []MenuItem {
	if u == nil {
		return nil
	}
	out := make([]MenuItem, 0, len(menu))
	for _, m := range menu {
		if m.staffOnly && u.StaffID == 0 {
			continue
		}
		if m.roles != nil && roleIn(u.Role, m.roles) == m.not {
			continue
		}
		out = append(out, MenuItem{Href: m.href, Label: m.label, Current: m.nav == nav})
	}
	return out
}

// Can tells a template whether the current user has a role among the given.
func (p *Page) Can(roles ...string) bool {
	if p.User == nil {
		return false
	}
	for _, r := range roles {
		if string(p.User.Role) == r {
			return true
		}
	}
	return false
}

// render writes a page through a buffer, so a template error never leaves
// half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, p *Page) {
	t, ok := s.pages[name]
	if !ok {
		s.Log.Error("missing template", "name", name)
		http.Error(w, "内部エラー", http.StatusInternalServerError)
		return
	}
	p.Request = r
	if p.User == nil {
		p.User = userOf(r)
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
	p.Menu = menuFor(p.User, p.Nav)
	if c, err := r.Cookie("flash"); err == nil && p.Flash == "" {
		p.Flash, _ = url.QueryUnescape(c.Value)
		http.SetCookie(w, &http.Cookie{Name: "flash", Path: "/", MaxAge: -1})
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", p); err != nil {
		s.Log.Error("render", "template", name, "err", err)
		http.Error(w, "内部エラー", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// flash sets a one-time message for the next page and redirects to it.
func (s *Server) redirectFlash(w http.ResponseWriter, r *http.Request, to, msg string) {
	http.SetCookie(w, &http.Cookie{Name: "flash", Value: url.QueryEscape(msg), Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: s.Cfg.Secure})
	http.Redirect(w, r, to, http.StatusSeeOther)
}

func statusOf(err error) int {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return http.StatusRequestEntityTooLarge
	}
	switch apperr.CodeOf(err) {
	case apperr.Invalid:
		return http.StatusBadRequest
	case apperr.NotFound:
		return http.StatusNotFound
	case apperr.Conflict:
		return http.StatusConflict
	case apperr.Forbidden:
		return http.StatusForbidden
	case apperr.Unauthorized:
		return http.StatusUnauthorized
	}
	return http.StatusInternalServerError
}

func messageOf(err error) string {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return fmt.Sprintf("ファイルが大きすぎます（上限 %d MB）。", mbe.Limit>>20)
	}
	return apperr.MessageOf(err)
}

// fail answers with the error page (or JSON on the API); the internal
// cause goes to the log only.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	status := statusOf(err)
	if status == http.StatusInternalServerError {
		s.Log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
		switch {
		case isDBDown(err):
			status = http.StatusServiceUnavailable
			err = apperr.New(apperr.Internal, "データベースに接続できません。しばらくしてから再度お試しください。")
		case isDiskFull(err):
			status = http.StatusServiceUnavailable
			err = apperr.New(apperr.Internal, "ディスクの空き容量が不足しているため保存できませんでした。変更は行われていません。システム管理者に連絡してください。")
		}
	}
	if strings.HasPrefix(r.URL.Path, "/api/") {
		s.apiError(w, r, err, status)
		return
	}
	s.render(w, r, status, "error", &Page{Title: "エラー", Error: messageOf(err)})
}

func isDBDown(err error) bool {
	if errors.Is(err, driver.ErrBadConn) {
		return true
	}
	msg := err.Error()
	// SQLSTATE class 08 is a connection failure and 57P an operator
	// intervention (a server shutting down or restarting).
	return strings.Contains(msg, "(SQLSTATE 57P") || strings.Contains(msg, "(SQLSTATE 08") || strings.Contains(msg, "connection reset by peer") ||
		strings.Contains(msg, "connection refused") || strings.Contains(msg, "failed to connect") ||
		strings.Contains(msg, "database system is shutting down") || strings.Contains(msg, "conn closed") ||
		strings.Contains(msg, "the database system is starting up") || strings.Contains(msg, "unexpected EOF")
}

func isDiskFull(err error) bool {
	msg := err.Error()
	return strings.Contains(msg, "disk is full") || strings.Contains(msg, "SQLITE_FULL") || strings.Contains(msg, "No space left") ||
		strings.Contains(msg, "could not extend file")
}

type apiErr struct {
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

func (s *Server) apiError(w http.ResponseWriter, r *http.Request, err error, status int) {
	var body apiErr
	body.Error.Code = string(apperr.CodeOf(err))
	body.Error.Message = messageOf(err)
	writeJSON(w, status, body)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v) // compact: indenting was two thirds of a list answer's CPU
	if err != nil {
		http.Error(w, `{"error":{"code":"internal"}}`, http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(b)
	w.Write([]byte("\n"))
}

func urlQueryEscape(s string) string { return url.QueryEscape(s) }

// intParam reads a positive integer form or query value.
func intParam(r *http.Request, name string) int {
	n, _ := strconv.Atoi(r.FormValue(name))
	if n < 0 {
		return 0
	}
	return n
}

func int64Param(r *http.Request, name string) int64 {
	n, _ := strconv.ParseInt(r.FormValue(name), 10, 64)
	if n < 0 {
		return 0
	}
	return n
}

// safeNext keeps a post-login redirect on this site.
func safeNext(next string) string {
	if next == "" || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		return "/"
	}
	return next
}
