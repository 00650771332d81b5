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
		return t.In(jst).Format("2006-01-02 15:04")
	},
	"add": func(a, b int) int { return a + b },
	"pct": func(a, b int) int {
		if b == 0 {
			return 0
		}
		return a * 100 / b
	},
	"join":      strings.Join,
	"modeLabel": training.ModeLabel,
}

// jst is Japan Standard Time, fixed: Japan has no daylight saving.
var jst = time.FixedZone("JST", 9*3600)

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
	if p.User != nil {
		p.Muni, _ = s.Staff.GetMunicipality(r.Context(), p.User.Municipality)
	}
	if p.FY == 0 {
		p.FY = calendar.FiscalYear(s.Now())
	}
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
	b, err := json.MarshalIndent(v, "", "  ")
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
