package bench

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"time"

	"hagukumi/app"
	"hagukumi/apperr"
	"hagukumi/audit"
	"hagukumi/auth"
	"hagukumi/calendar"
	"hagukumi/db"
	"hagukumi/demo"
	"hagukumi/staff"
	"hagukumi/training"
	"hagukumi/web"
)

// env is the filled database, its stores and a logged-in session.
type env struct {
	d       *db.DB
	dsn     string // what the database was opened with (the child server uses it too)
	cleanup []func()

	muni, muni10 staff.Municipality // N staff and N/10 staff
	n, n10       int
	st           *staff.Store
	tr           *training.Store
	au           *auth.Store
	fy           int
	now          time.Time

	login, password string
	token           string // session cookie value
	actor           audit.Actor

	numbers []string // active staff of muni, by number
	srv     *web.Server
	base    string // http://127.0.0.1:port of the in-process server
	stopSrv func()
}

func (e *env) close() {
	if e.stopSrv != nil {
		e.stopSrv()
	}
	if e.d != nil {
		e.d.Close()
	}
	for i := len(e.cleanup) - 1; i >= 0; i-- {
		e.cleanup[i]()
	}
}

func randHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// open gives the run its own database: a temporary SQLite file, the given
// SQLite path, or a fresh schema on the given PostgreSQL server (unless
// the URL already names a search_path, which is then reused).
func (r *run) open(ctx context.Context, e *env) error {
	dsn := r.opt.DB
	switch {
	case dsn == "":
		dir, err := os.MkdirTemp("", "hagukumi-bench-")
		if err != nil {
			return err
		}
		dsn = filepath.Join(dir, "bench.db")
		if r.opt.Keep {
			r.logf("database kept at %s", dsn)
		} else {
			e.cleanup = append(e.cleanup, func() { os.RemoveAll(dir) })
		}
	case db.IsPostgres(dsn):
		u, err := url.Parse(dsn)
		if err != nil {
			return err
		}
		if !isLoopback(u.Hostname()) {
			return fmt.Errorf("bench runs only against a PostgreSQL on this machine (127.0.0.1), not %s", u.Hostname())
		}
		q := u.Query()
		if q.Get("search_path") == "" {
			schema := "bench_" + time.Now().Format("20060102_150405") + "_" + randHex(2)
			admin, err := sql.Open("pgx", dsn)
			if err != nil {
				return err
			}
			if _, err := admin.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
				admin.Close()
				return fmt.Errorf("create schema: %w", err)
			}
			if r.opt.Keep {
				admin.Close()
				r.logf("schema %s kept", schema)
			} else {
				e.cleanup = append(e.cleanup, func() {
					admin.Exec("DROP SCHEMA " + schema + " CASCADE")
					admin.Close()
				})
			}
			q.Set("search_path", schema)
			u.RawQuery = q.Encode()
			dsn = u.String()
		}
	}
	d, err := db.Open(ctx, dsn)
	if err != nil {
		return err
	}
	e.d, e.dsn = d, dsn
	return nil
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// setup opens and fills the database, creates the bench account and starts
// the in-process server.
func setup(ctx context.Context, r *run) (*env, error) {
	e := &env{now: time.Now()}
	if err := r.open(ctx, e); err != nil {
		e.close()
		return nil, err
	}
	r.rep.Engine = string(e.d.Engine)
	e.fy = calendar.CurrentFY(e.now)
	e.st = &staff.Store{DB: e.d}
	e.tr = &training.Store{DB: e.d}
	e.au = &auth.Store{DB: e.d}
	fail := func(err error) (*env, error) { e.close(); return nil, err }

	var err error
	if e.muni, err = e.st.EnsureMunicipality(ctx); err != nil {
		return fail(err)
	}
	t0 := time.Now()
	opt := demo.Options{Staff: r.opt.Staff, Seed: 1, Now: e.now}
	var n int
	r.profile("fill", func() { n, err = demo.FillMany(ctx, e.d, e.st, e.muni, 1, opt) })
	if err != nil {
		return fail(fmt.Errorf("fill: %w", err))
	}
	if n > 0 {
		r.logf("filled %d staff in %.1f s", n, time.Since(t0).Seconds())
	}
	// The tenth-size city for the scaling figures of #3 and #4.
	e.n10 = max(r.opt.Staff/10, 1)
	if e.muni10, err = municipality(ctx, e.st, "bench10", "ベンチ市10分の1"); err != nil {
		return fail(err)
	}
	if _, err := demo.Fill(ctx, e.d, e.muni10.ID, demo.Options{Staff: e.n10, Seed: 2, Now: e.now}); err != nil {
		// The staff are imported before the demo's training year; a city
		// too small for the latter still serves the scaling figures.
		var got int
		e.d.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM staff WHERE municipality_id = $1`, e.muni10.ID).Scan(&got)
		if got != e.n10 {
			return fail(fmt.Errorf("fill N/10: %w", err))
		}
		r.logf("note: the N/10 city has its %d staff but no training year: %v", got, err)
	}
	for _, m := range []int64{e.muni.ID, e.muni10.ID} {
		if err := e.tr.EnsureCatalog(ctx, m); err != nil {
			return fail(err)
		}
	}
	if err := e.d.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM staff WHERE municipality_id = $1`, e.muni.ID).Scan(&e.n); err != nil {
		return fail(err)
	}
	if e.n != r.opt.Staff {
		r.logf("note: the database holds %d staff, not %d (reused)", e.n, r.opt.Staff)
	}
	rows, err := e.d.R.QueryContext(ctx, `SELECT number FROM staff WHERE municipality_id = $1 AND status = $2 ORDER BY number`, e.muni.ID, staff.Active)
	if err != nil {
		return fail(err)
	}
	for rows.Next() {
		var s string
		rows.Scan(&s)
		e.numbers = append(e.numbers, s)
	}
	rows.Close()
	if len(e.numbers) < 300 {
		return fail(fmt.Errorf("only %d active staff: use --staff 2000 or more", len(e.numbers)))
	}
	if err := e.account(ctx); err != nil {
		return fail(fmt.Errorf("bench account: %w", err))
	}
	if err := e.serve(); err != nil {
		return fail(err)
	}
	return e, nil
}

// municipality finds or creates a tenant by code.
func municipality(ctx context.Context, st *staff.Store, code, name string) (staff.Municipality, error) {
	var m staff.Municipality
	err := st.DB.R.QueryRowContext(ctx, `SELECT id, code, name, center_name FROM municipalities WHERE code = $1`, code).Scan(&m.ID, &m.Code, &m.Name, &m.CenterName)
	if err == nil {
		return m, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return m, err
	}
	return st.CreateMunicipality(ctx, code, name)
}

// account makes (or resets) the センター管理者 account "bench" with a fresh
// password and logs it in once, the way a browser would.
func (e *env) account(ctx context.Context) error {
	e.login, e.password = "bench", "Hg-"+auth.RandomPassword()
	u, _, err := e.au.UserByLogin(ctx, e.login)
	switch {
	case err == nil:
		if err := e.au.SetPassword(ctx, e.muni.ID, audit.System, u.ID, e.password, false, ""); err != nil {
			return err
		}
	case apperr.CodeOf(err) == apperr.NotFound:
		if _, err := e.au.CreateUser(ctx, e.muni.ID, audit.System, auth.NewUser{Login: e.login, DisplayName: "ベンチマーク", Role: auth.CenterAdmin, Password: e.password}); err != nil {
			return err
		}
	default:
		return err
	}
	u, tok, err := e.au.Login(ctx, e.login, e.password, "127.0.0.1")
	if err != nil {
		return err
	}
	e.token, e.actor = tok, u.Actor()
	return nil
}

// serve starts the real handler on a loopback listener, as `hagukumi serve` does.
func (e *env) serve() error {
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	srv, err := app.New(e.d, web.Config{}, quiet)
	if err != nil {
		return err
	}
	e.srv = srv
	base, stop, err := listen(srv.Handler())
	if err != nil {
		return err
	}
	e.base, e.stopSrv = base, stop
	return nil
}

// listen serves h on 127.0.0.1 with the timeouts of `hagukumi serve`.
func listen(h http.Handler) (string, func(), error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	hs := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 5 * time.Minute,
		WriteTimeout: 5 * time.Minute, IdleTimeout: 2 * time.Minute, MaxHeaderBytes: 64 << 10,
		ErrorLog: slog.NewLogLogger(slog.New(slog.NewTextHandler(io.Discard, nil)).Handler(), slog.LevelWarn)}
	go hs.Serve(ln)
	stop := func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		hs.Shutdown(ctx)
	}
	return "http://" + ln.Addr().String(), stop, nil
}

// cookie is the session cookie header of the bench account.
func (e *env) cookie() string { return "hagukumi_session=" + e.token }
