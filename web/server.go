// Package web serves the Japanese UI and the JSON API. It is the outermost
// layer: it imports the capability packages, never the reverse. Every route
// is registered with the roles allowed on it, and the check runs on the
// server before the handler; handlers narrow further by scope.
package web

import (
	"context"
	"embed"
	"errors"
	"hagukumi/audit"
	"io/fs"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"hagukumi/apperr"
	"hagukumi/auth"
	"hagukumi/db"
	"hagukumi/staff"
	"hagukumi/training"
)

//go:embed templates static
var assets embed.FS

// Config is what the server needs from the command line.
type Config struct {
	Secure     bool   // served over TLS (directly or behind a proxy): HSTS and __Host- cookies
	CenterMail string // the center's mail address, the ORGANIZER of calendar files
}

// Server holds the application's stores and its routes.
type Server struct {
	DB    *db.DB
	Auth  *auth.Store
	Staff *staff.Store
	Train *training.Store
	Now   func() time.Time
	Log   *slog.Logger
	Cfg   Config

	mux    *http.ServeMux
	routes []Route
	pages  map[string]pageTemplate
	jobs   jobs
}

// Route is one registered pattern and who may use it. A nil Allow list
// means the route is public.
type Route struct {
	Pattern string
	Allow   []auth.Role
}

// New builds a server; templates are parsed once here, so a broken template
// stops the start instead of a request.
func New(d *db.DB, cfg Config, log *slog.Logger) (*Server, error) {
	now := func() time.Time { return time.Now() }
	s := &Server{DB: d, Cfg: cfg, Log: log, Now: now,
		Auth:  &auth.Store{DB: d, Now: now},
		Staff: &staff.Store{DB: d, Now: now},
		Train: &training.Store{DB: d, Now: now, CenterMail: cfg.CenterMail},
		mux:   http.NewServeMux(),
		jobs:  jobs{m: map[int64]*jobProgress{}},
	}
	if s.Log == nil {
		s.Log = slog.Default()
	}
	if err := s.parseTemplates(); err != nil {
		return nil, err
	}
	s.registerRoutes()
	// Unknown pages get the Japanese 404 page; other methods keep the
	// mux's 405 for a known path.
	s.mux.HandleFunc("GET /", func(w http.ResponseWriter, r *http.Request) {
		s.fail(w, r, apperr.NotFoundf("お探しのページは見つかりません。"))
	})
	return s, nil
}

// SetClock replaces the clock of the server and its stores (tests).
func (s *Server) SetClock(now func() time.Time) {
	s.Now, s.Auth.Now, s.Staff.Now, s.Train.Now = now, now, now, now
}

// Routes lists every registered route, for the authorisation matrix test.
func (s *Server) Routes() []Route { return s.routes }

type ctxKey int

const userKey ctxKey = 1

func userOf(r *http.Request) *auth.User {
	u, _ := r.Context().Value(userKey).(*auth.User)
	return u
}

// handle registers a route. Public routes pass allow == nil.
func (s *Server) handle(pattern string, allow []auth.Role, h http.HandlerFunc) {
	s.routes = append(s.routes, Route{Pattern: pattern, Allow: allow})
	isAPI := strings.Contains(pattern, "/api/")
	s.mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet || r.Method == http.MethodHead {
			r = r.WithContext(audit.WithGenMemo(r.Context()))
		}
		u, err := s.authenticate(r)
		if err != nil {
			// The database did not answer: say so (503) rather than
			// pretending the user is logged out.
			s.fail(w, r, err)
			return
		}
		if u != nil {
			r = r.WithContext(context.WithValue(r.Context(), userKey, u))
		}
		if allow != nil {
			if u == nil {
				if isAPI {
					w.Header().Set("WWW-Authenticate", `Bearer realm="hagukumi"`)
					s.apiError(w, r, apperr.New(apperr.Unauthorized, "認証が必要です。"), http.StatusUnauthorized)
					return
				}
				http.Redirect(w, r, "/login?next="+urlQueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
				return
			}
			if !roleIn(u.Role, allow) {
				s.fail(w, r, apperr.Forbid())
				return
			}
			if u.MustChangePassword && r.URL.Path != "/account/password" && r.URL.Path != "/logout" {
				if isAPI {
					s.fail(w, r, apperr.New(apperr.Forbidden, "仮パスワードのままです。画面からパスワードを変更してください。"))
					return
				}
				http.Redirect(w, r, "/account/password", http.StatusSeeOther)
				return
			}
		}
		h(w, r)
	})
}

func roleIn(r auth.Role, list []auth.Role) bool {
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
	} else if c, cerr := r.Cookie(s.cookieName()); cerr == nil {
		u, err = s.Auth.SessionUser(r.Context(), c.Value)
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

func (s *Server) cookieName() string {
	if s.Cfg.Secure {
		return "__Host-hagukumi"
	}
	return "hagukumi_session"
}

// Handler is the whole application with its middleware.
func (s *Server) Handler() http.Handler {
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.fail(w, r, apperr.New(apperr.Forbidden, "別のサイトからの送信は受け付けません。ページを開き直してからもう一度お試しください。"))
	}))
	return s.recoverer(s.headers(cop.Handler(s.limitBody(s.mux))))
}

// MaxBody is the largest request body accepted (uploads of staff files).
const MaxBody = 64 << 20

func (s *Server) limitBody(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.Body = http.MaxBytesReader(w, r.Body, MaxBody)
		h.ServeHTTP(w, r)
	})
}

// headers sets the security headers of every response.
func (s *Server) headers(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hd := w.Header()
		hd.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
		hd.Set("X-Content-Type-Options", "nosniff")
		hd.Set("X-Frame-Options", "DENY")
		hd.Set("Referrer-Policy", "same-origin")
		hd.Set("Cross-Origin-Opener-Policy", "same-origin")
		if s.Cfg.Secure {
			hd.Set("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
		}
		h.ServeHTTP(w, r)
	})
}

// recoverer turns a panic into a generic error page; the stack goes to the log only.
func (s *Server) recoverer(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if p := recover(); p != nil {
				if p == http.ErrAbortHandler {
					panic(p)
				}
				s.Log.Error("panic", "path", r.URL.Path, "panic", p)
				s.fail(w, r, errors.New("panic"))
			}
		}()
		h.ServeHTTP(w, r)
	})
}

func (s *Server) static() http.Handler {
	sub, _ := fs.Sub(assets, "static")
	fsrv := http.FileServerFS(sub)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=3600")
		http.StripPrefix("/static/", fsrv).ServeHTTP(w, r)
	})
}

// jobs tracks the progress of imports running on this instance.
type jobs struct {
	mu sync.Mutex
	m  map[int64]*jobProgress
}

type jobProgress struct{ done, total int }

func (j *jobs) set(id int64, done, total int) {
	j.mu.Lock()
	j.m[id] = &jobProgress{done, total}
	j.mu.Unlock()
}

func (j *jobs) get(id int64) (int, int, bool) {
	j.mu.Lock()
	defer j.mu.Unlock()
	p, ok := j.m[id]
	if !ok {
		return 0, 0, false
	}
	return p.done, p.total, true
}

func (j *jobs) drop(id int64) {
	j.mu.Lock()
	delete(j.m, id)
	j.mu.Unlock()
}
