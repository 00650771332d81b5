// Package web is the kit every UI slice is built on: the server and its
// middleware, the route table (pattern, roles, menu entry, API summary),
// error-returning handlers with one adapter, the one mapping from apperr
// codes to HTTP statuses and Japanese messages, rendering (the layout plus
// each slice's templates, parsed at start-up), request parameters (the one
// ?fy= parser), paging and JSON. It knows no capability: each capability's
// pages live in a package web/<capability>ui that registers its routes,
// templates and template functions here.
package web

import (
	"embed"
	"errors"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"hagukumi/apperr"
	"hagukumi/auth"
	"hagukumi/db"
	"hagukumi/seal"
	"hagukumi/staff"
	"hagukumi/training"
)

//go:embed templates static
var assets embed.FS

// Config is what the server needs from the command line.
type Config struct {
	Secure     bool   // served over TLS (directly or behind a proxy): HSTS and __Host- cookies
	CenterMail string // the center's mail address, the ORGANIZER of calendar files
	// Keys seal confidential content (return-to-work cases); nil when no
	// key is configured: the server runs and that content says so.
	Keys *seal.Ring
	// PublicURL is the public site's address as the internet sees it
	// ("https://jinzai.example.lg.jp"), for the links mailed to the public;
	// empty uses the address of the request.
	PublicURL string
	// MailRelay tells whether an SMTP relay is configured; without one,
	// mails stay queued (the outbox page says so).
	MailRelay bool
}

// Server holds the stores every slice uses, the route table and the templates.
type Server struct {
	DB    *db.DB
	Auth  *auth.Store
	Staff *staff.Store
	Train *training.Store
	Now   func() time.Time
	Log   *slog.Logger
	Cfg   Config

	mux      *http.ServeMux
	routes   []Route
	byPat    map[string]*Route
	funcs    template.FuncMap
	sliceFS  []fs.FS
	pages    map[string]*template.Template
	clockers []func(func() time.Time)
	shed     *shedder
	tracks   trackers
}

// New makes the kit. Slices then register their routes, templates and
// functions; Start parses every template once, so a broken template stops
// the start instead of a request.
func New(d *db.DB, cfg Config, log *slog.Logger) *Server {
	now := func() time.Time { return time.Now() }
	s := &Server{DB: d, Cfg: cfg, Log: log, Now: now,
		Auth:  &auth.Store{DB: d, Now: now},
		Staff: &staff.Store{DB: d, Now: now},
		Train: &training.Store{DB: d, Now: now, CenterMail: cfg.CenterMail},
		mux:   http.NewServeMux(),
		byPat: map[string]*Route{},
		funcs: template.FuncMap{},
		shed:  newShedder(MaxInFlight, QueueWait),
	}
	if s.Log == nil {
		s.Log = slog.Default()
	}
	for k, v := range baseFuncs {
		s.funcs[k] = v
	}
	s.Handle(Route{Pattern: "GET /static/"}, s.static)
	s.Handle(Route{Pattern: "GET /healthz"}, s.healthz)
	s.Handle(Route{Pattern: "GET /api/v1/openapi.json"}, s.openAPI)
	return s
}

// Start parses the layout with every slice's templates and adds the
// Japanese 404 page for unknown paths. Call it once, after every Register.
func (s *Server) Start() error {
	if err := s.parseTemplates(); err != nil {
		return err
	}
	s.mux.HandleFunc("GET /", func(w http.ResponseWriter, r *http.Request) {
		s.Fail(w, r, apperr.NotFoundf("お探しのページは見つかりません。"))
	})
	return nil
}

// OnClock registers a function that receives the clock when SetClock is
// called, for stores a slice keeps of its own.
func (s *Server) OnClock(f func(func() time.Time)) { s.clockers = append(s.clockers, f) }

// SetClock replaces the clock of the server and its stores (tests).
func (s *Server) SetClock(now func() time.Time) {
	s.Now, s.Auth.Now, s.Staff.Now, s.Train.Now = now, now, now, now
	for _, f := range s.clockers {
		f(now)
	}
}

// Routes lists every registered route, for the authorisation matrix test
// and the OpenAPI document.
func (s *Server) Routes() []Route { return s.routes }

// CookieName is the session cookie's name.
func (s *Server) CookieName() string {
	if s.Cfg.Secure {
		return "__Host-hagukumi"
	}
	return "hagukumi_session"
}

// Handler is the whole application with its middleware.
func (s *Server) Handler() http.Handler {
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.Fail(w, r, apperr.New(apperr.Forbidden, "別のサイトからの送信は受け付けません。ページを開き直してからもう一度お試しください。"))
	}))
	return s.recoverer(s.headers(s.shedLoad(s.sameScheme(cop.Handler(s.limitBody(s.mux))))))
}

// IsPublicPath tells whether a path belongs to the public site.
func IsPublicPath(p string) bool { return p == "/public" || strings.HasPrefix(p, "/public/") }

// PublicHandler is the handler of the public listener (serve
// --public-addr): the same middleware, but only the routes whose path
// starts with /public/ and the static files. Every other path answers 404,
// so no login page, API or staff page is reachable from the internet
// side; "/" leads to the public site. It reads no session cookie and
// sends none: a request's cookies are dropped before the routes see them.
func (s *Server) PublicHandler() http.Handler {
	mux := http.NewServeMux()
	for _, rt := range s.routes {
		_, p, _ := strings.Cut(rt.Pattern, " ")
		if IsPublicPath(p) || strings.HasPrefix(p, "/static/") {
			mux.Handle(rt.Pattern, s.mux)
		}
	}
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/public/", http.StatusSeeOther)
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		s.Fail(w, r, apperr.NotFoundf("お探しのページは見つかりません。"))
	})
	noCookies := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.Header.Del("Cookie")
		r.Header.Del("Authorization")
		mux.ServeHTTP(w, r)
	})
	cop := http.NewCrossOriginProtection()
	return s.recoverer(s.headers(s.shedLoad(s.sameScheme(cop.Handler(s.limitBody(noCookies))))))
}

// MaxBody is the largest request body accepted (uploads of staff files).
const MaxBody = 64 << 20

// MaxPublicBody is the largest request body of the public site, whose
// forms hold a few short fields.
const MaxPublicBody = 64 << 10

func (s *Server) limitBody(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		limit := int64(MaxBody)
		if IsPublicPath(r.URL.Path) {
			limit = MaxPublicBody
		}
		r.Body = http.MaxBytesReader(w, r.Body, limit)
		h.ServeHTTP(w, r)
	})
}

// sameScheme refuses an unsafe request whose Origin names this host with
// another scheme (http://host posting to https://host): the cross-origin
// check compares hosts only.
func (s *Server) sameScheme(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.Method {
		case http.MethodGet, http.MethodHead, http.MethodOptions:
		default:
			if o := r.Header.Get("Origin"); o != "" && o != "null" {
				want := "http://"
				if r.TLS != nil || s.Cfg.Secure {
					want = "https://"
				}
				if !strings.HasPrefix(o, want) {
					s.Fail(w, r, apperr.New(apperr.Forbidden, "別のサイトからの送信は受け付けません。ページを開き直してからもう一度お試しください。"))
					return
				}
			}
		}
		h.ServeHTTP(w, r)
	})
}

// headers sets the security headers of every response. Every answer but
// the static files may carry personal data, so none may be stored by a
// browser or a proxy.
func (s *Server) headers(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hd := w.Header()
		hd.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
		hd.Set("X-Content-Type-Options", "nosniff")
		hd.Set("X-Frame-Options", "DENY")
		if IsPublicPath(r.URL.Path) {
			// A private link (/public/track/…) must not leak to another
			// site through the Referer header.
			hd.Set("Referrer-Policy", "no-referrer")
		} else {
			hd.Set("Referrer-Policy", "same-origin")
		}
		hd.Set("Cross-Origin-Opener-Policy", "same-origin")
		if !strings.HasPrefix(r.URL.Path, "/static/") {
			hd.Set("Cache-Control", "no-store")
		}
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
				s.Fail(w, r, errors.New("panic"))
			}
		}()
		h.ServeHTTP(w, r)
	})
}

func (s *Server) static(w http.ResponseWriter, r *http.Request) error {
	sub, _ := fs.Sub(assets, "static")
	w.Header().Set("Cache-Control", "public, max-age=3600")
	http.StripPrefix("/static/", http.FileServerFS(sub)).ServeHTTP(w, r)
	return nil
}

// healthz answers 200 while the server can serve reads: "ok", or
// "degraded: …" with the reason when writes would fail (a full disk). It
// answers 503 when the database does not answer at all.
func (s *Server) healthz(w http.ResponseWriter, r *http.Request) error {
	if err := s.DB.Ping(r.Context()); err != nil {
		s.Log.Error("healthz", "err", err)
		http.Error(w, "database unavailable", http.StatusServiceUnavailable)
		return nil
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	if err := s.DB.CanWrite(r.Context()); err != nil {
		s.Log.Warn("healthz: writes fail", "err", err)
		w.Write([]byte("degraded: writes fail (" + writeFailure(err) + ")\n"))
		return nil
	}
	w.Write([]byte("ok\n"))
	return nil
}

func writeFailure(err error) string {
	if isDiskFull(err) {
		return "disk full"
	}
	return "database refuses writes"
}
