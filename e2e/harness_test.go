// Package e2e drives the real Hagukumi server in Debian's Chromium over the
// DevTools protocol (chromedp): the journeys of issue 4, run through the UI as
// a person would, with every page checked for accessibility (axe-core),
// closed-network behaviour, script errors, server errors and phone layout.
//
// Run locally: see README.md in this folder. Without Chromium or axe-core the
// tests skip with a message; with CI=true they fail instead.
package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/cdproto/input"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"hagukumi/app"
	"hagukumi/auth"
	"hagukumi/db"
	"hagukumi/seal"
	"hagukumi/staff"
	"hagukumi/training"
	"hagukumi/web"
)

// Viewports of the screenshots: a desktop and a phone.
const (
	deskW, deskH   = 1280, 800
	phoneW, phoneH = 390, 844
)

// stepTimeout bounds one browser step (a navigation, a query, an axe run).
const stepTimeout = 30 * time.Second

func inCI() bool { return os.Getenv("CI") == "true" }

// skipOrFail skips the test on a developer's machine and fails it in CI,
// where the browser tests must run.
func skipOrFail(t testing.TB, msg string) {
	t.Helper()
	if inCI() {
		t.Fatalf("CI=true, so the browser tests must run: %s", msg)
	}
	t.Skip(msg)
}

func chromiumPath() string {
	if p := os.Getenv("HAGUKUMI_CHROMIUM"); p != "" {
		return p
	}
	return "/usr/bin/chromium"
}

var axeOnce struct {
	sync.Once
	src string
	err error
}

// axeSource reads axe-core as npm installed it from package-lock.json.
func axeSource() (string, error) {
	axeOnce.Do(func() {
		b, err := os.ReadFile(filepath.Join("..", "node_modules", "axe-core", "axe.min.js"))
		axeOnce.src, axeOnce.err = string(b), err
	})
	return axeOnce.src, axeOnce.err
}

// requireBrowser checks that Chromium and axe-core are installed.
func requireBrowser(t testing.TB) {
	t.Helper()
	if testing.Short() && !inCI() {
		t.Skip("browser tests skipped in -short mode")
	}
	if _, err := os.Stat(chromiumPath()); err != nil {
		skipOrFail(t, fmt.Sprintf("Chromium not found at %s: install it with `apt-get install -y chromium fonts-noto-cjk` (see e2e/README.md)", chromiumPath()))
	}
	if _, err := axeSource(); err != nil {
		skipOrFail(t, "axe-core not found at node_modules/axe-core/axe.min.js: run `npm ci` in the repository root (see e2e/README.md)")
	}
}

// screenshotDir is where the PNGs go: HAGUKUMI_SCREENSHOTS, or
// $TMPDIR/hagukumi-screenshots.
func screenshotDir() string {
	if d := os.Getenv("HAGUKUMI_SCREENSHOTS"); d != "" {
		if abs, err := filepath.Abs(d); err == nil {
			return abs
		}
		return d
	}
	return filepath.Join(os.TempDir(), "hagukumi-screenshots")
}

// summary collects what the suite checked, printed once at the end.
var summary struct {
	sync.Mutex
	pages []string // "Test: page (path)" checked by axe
	shots int
}

func TestMain(m *testing.M) {
	code := m.Run()
	stopBrowser()
	summary.Lock()
	if len(summary.pages) > 0 {
		sort.Strings(summary.pages)
		fmt.Printf("e2e: axe-core (WCAG 2.1 A/AA) checked %d pages:\n", len(summary.pages))
		for _, p := range summary.pages {
			fmt.Printf("  %s\n", p)
		}
		fmt.Printf("e2e: %d screenshots in %s\n", summary.shots, screenshotDir())
	}
	summary.Unlock()
	os.Exit(code)
}

// ---------------------------------------------------------------- server

// syncBuffer collects the server's log for a failing test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// startServer runs the real application on a free 127.0.0.1 port with a new
// SQLite database, as `hagukumi serve` does on first start. It returns the
// base URL and the one-time admin password the command would print.
func startServer(t *testing.T) (base, adminPassword string) {
	t.Helper()
	base, adminPassword, _ = startServerDB(t)
	return base, adminPassword
}

// testKeys is the key ring of the test server, so that sealed content
// (return-to-work cases) can be written and read as with a key file.
func testKeys() *seal.Ring {
	r, err := seal.NewRing("k1", map[string][]byte{"k1": []byte("hagukumi-e2e-key-32-bytes-long!!")})
	if err != nil {
		panic(err)
	}
	return r
}

// startServerDB is startServer that also gives the database, for a
// journey that must prepare what only an API client would create.
func startServerDB(t *testing.T) (base, adminPassword string, d *db.DB) {
	t.Helper()
	ctx := context.Background()
	d, err := db.Open(ctx, filepath.Join(t.TempDir(), "hagukumi.db"))
	if err != nil {
		t.Fatalf("open database: %v", err)
	}
	st := &staff.Store{DB: d}
	muni, err := st.EnsureMunicipality(ctx)
	if err != nil {
		t.Fatalf("municipality: %v", err)
	}
	if err := (&training.Store{DB: d}).EnsureCatalog(ctx, muni.ID); err != nil {
		t.Fatalf("training catalog: %v", err)
	}
	pw, err := (&auth.Store{DB: d}).EnsureAdmin(ctx, muni.ID, "")
	if err != nil || pw == "" {
		t.Fatalf("first admin: %q, %v", pw, err)
	}
	logs := &syncBuffer{}
	srv, err := app.New(d, web.Config{Keys: testKeys()}, slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelInfo})))
	if err != nil {
		t.Fatalf("web.New: %v", err)
	}
	hs := httptest.NewServer(srv.Handler())
	t.Cleanup(func() {
		hs.Close()
		d.Close()
		if t.Failed() {
			if l := logs.String(); l != "" {
				t.Logf("server log:\n%s", l)
			}
		}
	})
	return hs.URL, pw, d
}

// ---------------------------------------------------------------- recorder

// recorder watches everything the page does: every request (any host but
// the test server's is a problem), every response ≥ 500, every console
// error, uncaught exception and browser-log error.
type recorder struct {
	host string // host:port of the test server

	mu       sync.Mutex
	problems []string
	requests []string
	docs     map[network.RequestID]bool
	outside  []string
}

func newRecorder(host string) *recorder {
	return &recorder{host: host, docs: map[network.RequestID]bool{}}
}

// allowed tells whether the browser may fetch u: the test server, or no
// network at all (data:, blob:, about:).
func (r *recorder) allowed(u string) bool {
	p, err := url.Parse(u)
	if err != nil {
		return false
	}
	switch p.Scheme {
	case "data", "blob", "about":
		return true
	case "http", "https", "ws", "wss":
		return p.Host == r.host
	}
	return false
}

func (r *recorder) problem(format string, args ...any) {
	r.problems = append(r.problems, fmt.Sprintf(format, args...))
}

func (r *recorder) noteOutside(u string) {
	for _, x := range r.outside {
		if x == u {
			return
		}
	}
	r.outside = append(r.outside, u)
	r.problem("request to a host other than the test server (closed network): %s", u)
}

// on handles one DevTools event. It runs on chromedp's read loop: it only
// records, never calls the browser.
func (r *recorder) on(ev any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	switch ev := ev.(type) {
	case *network.EventRequestWillBeSent:
		u := ev.Request.URL
		r.requests = append(r.requests, ev.Request.Method+" "+u)
		if ev.Type == network.ResourceTypeDocument {
			r.docs[ev.RequestID] = true
		}
		if !r.allowed(u) {
			r.noteOutside(u)
		}
	case *fetch.EventRequestPaused:
		if !r.allowed(ev.Request.URL) {
			r.noteOutside(ev.Request.URL)
		}
	case *network.EventResponseReceived:
		if ev.Response.Status >= 500 {
			r.problem("server error %d for %s", ev.Response.Status, ev.Response.URL)
		}
	case *runtime.EventConsoleAPICalled:
		if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeAssert {
			var parts []string
			for _, a := range ev.Args {
				var v any
				if len(a.Value) > 0 && json.Unmarshal(a.Value, &v) == nil {
					parts = append(parts, fmt.Sprint(v))
				} else if len(a.Value) > 0 {
					parts = append(parts, string(a.Value))
				} else {
					parts = append(parts, a.Description)
				}
			}
			r.problem("console.%s: %s", ev.Type, strings.Join(parts, " "))
		}
	case *runtime.EventExceptionThrown:
		d := ev.ExceptionDetails
		msg := d.Text
		if d.Exception != nil && d.Exception.Description != "" {
			msg += " " + d.Exception.Description
		}
		r.problem("uncaught exception at %s:%d: %s", d.URL, d.LineNumber+1, msg)
	case *cdplog.EventEntryAdded:
		e := ev.Entry
		if e.Level != cdplog.EntryLevelError {
			return
		}
		// A refused page (403, 404) is the document the test asked for and
		// checks itself; Chromium logs its status as an error.
		if e.Source == cdplog.EntrySourceNetwork && r.docs[e.NetworkRequestID] {
			return
		}
		r.problem("browser log error (%s): %s %s", e.Source, e.Text, e.URL)
	}
}

// take returns the problems seen so far and forgets them.
func (r *recorder) take() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	p := r.problems
	r.problems = nil
	return p
}

func (r *recorder) outsideRequests() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.outside...)
}

func (r *recorder) allRequests() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.requests...)
}

// ---------------------------------------------------------------- browser

// env is one test's server and browser tab.
type env struct {
	t    *testing.T
	base string // http://127.0.0.1:port
	ctx  context.Context
	rec  *recorder

	adminPassword string // the one-time password of "admin"
	shotsLogged   bool
}

// newEnv starts the application for one test, and a tab for it in a new
// browser context (its own cookies and cache) of the shared Chromium.
func newEnv(t *testing.T) *env {
	t.Helper()
	requireBrowser(t)
	base, pw := startServer(t)
	e := newBrowser(t, base)
	e.adminPassword = pw
	return e
}

// browser is the one Chromium process of the test binary, started by the
// first test that needs it (with a fresh profile) and stopped by TestMain.
// Each test gets its own browser context in it: its own cookies, storage and
// cache, as a new private window has.
var browser struct {
	once    sync.Once
	ctx     context.Context
	stop    func()
	err     error
	started time.Duration
}

func startBrowser() {
	profile, err := os.MkdirTemp("", "hagukumi-chromium-")
	if err != nil {
		browser.err = err
		return
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromiumPath()),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-domain-reliability", true),
		chromedp.Flag("no-pings", true),
		// Belt and braces for the closed network: no name resolves, so even
		// a request the gate of each tab missed could not leave the machine.
		chromedp.Flag("host-resolver-rules", "MAP * ~NOTFOUND , EXCLUDE 127.0.0.1"),
		chromedp.Flag("lang", "ja-JP"),
		chromedp.Flag("accept-lang", "ja-JP,ja"),
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(deskW, deskH),
	)
	start := time.Now()
	actx, acancel := chromedp.NewExecAllocator(context.Background(), opts...)
	bctx, bcancel := chromedp.NewContext(actx)
	browser.stop = func() {
		bcancel()
		acancel()
		os.RemoveAll(profile)
	}
	browser.ctx = bctx
	browser.err = chromedp.Do(bctx)
	browser.started = time.Since(start)
}

func stopBrowser() {
	if browser.stop != nil {
		browser.stop()
	}
}

// newBrowser opens a tab in a new browser context of the shared Chromium;
// the page may only reach the host of base.
func newBrowser(t *testing.T, base string) *env {
	t.Helper()
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	browser.once.Do(startBrowser)
	if browser.err != nil {
		if inCI() {
			t.Fatalf("start Chromium %s: %v", chromiumPath(), browser.err)
		}
		t.Skipf("cannot start Chromium %s: %v", chromiumPath(), browser.err)
	}
	rec := newRecorder(u.Host)
	start := time.Now()
	ctx, cancel := chromedp.NewContext(browser.ctx, chromedp.WithNewBrowserContext(), chromedp.WithListener(rec.on))
	t.Cleanup(cancel)
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("open a tab: %v", err)
	}
	e := &env{t: t, base: base, ctx: ctx, rec: rec}

	// The gate: every request of the page pauses here; those for the test
	// server go on, any other fails in the browser and is never sent.
	paused := chromedp.Events(ctx, fetch.RequestPaused)
	go func() {
		for ev, err := range paused {
			if err != nil {
				return
			}
			go func() {
				if rec.allowed(ev.Request.URL) {
					chromedp.Call(ctx, fetch.ContinueRequest, fetch.ContinueRequestParams{RequestID: ev.RequestID})
					return
				}
				chromedp.Call(ctx, fetch.FailRequest, fetch.FailRequestParams{RequestID: ev.RequestID, ErrorReason: network.ErrorReasonBlockedByClient})
			}()
		}
	}()
	if _, err := chromedp.Call(ctx, fetch.Enable, fetch.EnableParams{Patterns: []*fetch.RequestPattern{{URLPattern: "*"}}}); err != nil {
		t.Fatalf("Fetch.enable: %v", err)
	}
	// A headless tab is never the focused window; emulate focus so that
	// autofocus and :focus-visible behave as on a desktop.
	if _, err := chromedp.Call(ctx, emulation.SetFocusEmulationEnabled, emulation.SetFocusEmulationEnabledParams{Enabled: true}); err != nil {
		t.Fatalf("focus emulation: %v", err)
	}
	e.do(chromedp.EmulateViewport(deskW, deskH))
	t.Logf("Chromium (started once in %v): new tab ready in %v", browser.started.Round(time.Millisecond), time.Since(start).Round(time.Millisecond))
	t.Cleanup(func() {
		// Problems seen after the last check (for example a late script
		// error) still fail the test.
		for _, p := range rec.take() {
			t.Errorf("browser: %s", p)
		}
	})
	return e
}

// step is a context for one browser step, bounded by stepTimeout.
func (e *env) step() (context.Context, context.CancelFunc) {
	return context.WithTimeout(e.ctx, stepTimeout)
}

// do runs actions and fails the test on an error.
func (e *env) do(actions ...chromedp.Action[chromedp.Void]) {
	e.t.Helper()
	ctx, cancel := e.step()
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		e.t.Fatalf("browser: %v (at %s)", err, e.location())
	}
}

// eval evaluates JavaScript in the page and decodes its result.
func eval[T any](e *env, js string, opts ...chromedp.EvaluateOption) T {
	e.t.Helper()
	ctx, cancel := e.step()
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js, opts...))
	if err != nil {
		e.t.Fatalf("evaluate %.80q: %v (at %s)", js, err, e.location())
	}
	return v
}

// location is the page's path and query, for messages.
func (e *env) location() string {
	ctx, cancel := context.WithTimeout(e.ctx, 5*time.Second)
	defer cancel()
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		return "?"
	}
	return strings.TrimPrefix(loc, e.base)
}

// path is the page's path (no query).
func (e *env) path() string {
	return eval[string](e, `location.pathname`)
}

// open navigates to a path of the server and returns the HTTP status of the
// document finally shown (after redirects).
func (e *env) open(path string) int64 {
	e.t.Helper()
	ctx, cancel := e.step()
	defer cancel()
	resp, err := chromedp.Run(ctx, chromedp.NavigateResponse(e.base+path))
	if err != nil {
		e.t.Fatalf("open %s: %v", path, err)
	}
	if resp == nil {
		return 0
	}
	return resp.Status
}

// submit runs an action that navigates (a click, an Enter) and waits for the
// new page; it returns its HTTP status.
func (e *env) submit(action chromedp.Action[chromedp.Void]) int64 {
	e.t.Helper()
	ctx, cancel := e.step()
	defer cancel()
	resp, err := chromedp.RunResponse(ctx, action)
	if err != nil {
		e.t.Fatalf("submit: %v (at %s)", err, e.location())
	}
	if resp == nil {
		return 0
	}
	return resp.Status
}

// click clicks the first element matching the CSS selector and waits for
// the page it leads to.
func (e *env) click(css string) int64 {
	e.t.Helper()
	return e.submit(chromedp.Click(chromedp.CSS(css)))
}

// typeInto focuses a field and enters text the way an input method or a
// paste does (one Input.insertText: the page sees beforeinput and input
// events). Journey 1 types key by key with press where the keyboard itself
// is under test; this is faster for the rest.
func (e *env) typeInto(css, text string) {
	e.t.Helper()
	e.do(chromedp.Focus(chromedp.CSS(css), chromedp.NodeVisible), chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, input.InsertText, input.InsertTextParams{Text: text})
		return err
	}))
}

// setValue replaces the value of a form field (typeInto adds to it).
func (e *env) setValue(css, text string) {
	e.t.Helper()
	sel, _ := json.Marshal(css)
	val, _ := json.Marshal(text)
	if !eval[bool](e, `(() => { const el = document.querySelector(`+string(sel)+`); if (!el) return false; el.value = `+string(val)+`; return true })()`) {
		e.t.Fatalf("no field %s", css)
	}
}

// press sends keys to whatever has the focus.
func (e *env) press(keys string) {
	e.t.Helper()
	e.do(chromedp.KeyEvent(keys))
}

// text is the trimmed text of the first element matching css, "" if none.
func (e *env) text(css string) string {
	e.t.Helper()
	js := fmt.Sprintf(`(() => { const el = document.querySelector(%s); return el ? el.textContent.trim().replace(/\s+/g, ' ') : ''; })()`, jsString(css))
	return eval[string](e, js)
}

// texts are the trimmed texts of every element matching css.
func (e *env) texts(css string) []string {
	e.t.Helper()
	js := fmt.Sprintf(`Array.from(document.querySelectorAll(%s), el => el.textContent.trim().replace(/\s+/g, ' '))`, jsString(css))
	return eval[[]string](e, js)
}

// activeElement describes the focused element, e.g. `button[type=submit] "ログイン"`.
func (e *env) activeElement() string {
	return eval[string](e, `(() => { const a = document.activeElement; if (!a || a === document.body) return 'body'; return __describe(a); })()`, withHelpers)
}

func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// withHelpers is an evaluate option that defines the small JS helpers the
// checks use, before the expression.
func withHelpers(p *runtime.EvaluateParams) {
	p.Expression = jsHelpers + "\n" + p.Expression
}

const jsHelpers = `var __describe = function (el) {
  var s = el.tagName.toLowerCase();
  if (el.id) s += '#' + el.id;
  if (el.getAttribute('type')) s += '[type=' + el.getAttribute('type') + ']';
  if (el.getAttribute('name')) s += '[name=' + el.getAttribute('name') + ']';
  if (el.classList && el.classList.length) s += '.' + Array.from(el.classList).join('.');
  var t = (el.textContent || '').trim().replace(/\s+/g, ' ');
  if (t) s += ' "' + t.slice(0, 30) + '"';
  return s;
};`

// waitFor polls a JavaScript condition until it is true, surviving page
// loads (the import status page reloads itself while it runs).
func (e *env) waitFor(what, cond string, limit time.Duration) {
	e.t.Helper()
	deadline := time.Now().Add(limit)
	for {
		ctx, cancel := context.WithTimeout(e.ctx, 5*time.Second)
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.readyState === 'complete' && !!(`+cond+`)`))
		cancel()
		if err == nil && ok {
			return
		}
		if time.Now().After(deadline) {
			e.t.Fatalf("waited %v for %s (at %s, last error %v)", limit, what, e.location(), err)
		}
		time.Sleep(150 * time.Millisecond)
	}
}

// ---------------------------------------------------------------- checks

// assertClean fails the test with every problem the recorder saw.
func (e *env) assertClean(where string) {
	e.t.Helper()
	for _, p := range e.rec.take() {
		e.t.Errorf("%s: %s", where, p)
	}
}

// checkPage runs every per-page check of issue 4 on the page shown: the
// document basics (lang="ja", a title, a <main> landmark), axe-core for
// WCAG 2.1 A/AA at desktop and phone sizes, screenshots at both sizes with
// no horizontal overflow on the phone, a visible keyboard focus, and no
// request outside, script error or server error so far.
func (e *env) checkPage(name string) {
	e.t.Helper()
	e.waitFor("the page to load", "true", stepTimeout)
	loc := e.location()
	t0 := time.Now()
	defer func() { e.t.Logf("checked %s (%s) in %v", name, loc, time.Since(t0).Round(time.Millisecond)) }()
	for _, p := range e.basicsProblems() {
		e.t.Errorf("%s (%s): %s", name, loc, p)
	}
	// axe at the desktop size, then again on the phone, where wrapped and
	// scrolling parts (a table in a scroll box) can break other rules.
	seen := map[string]bool{}
	reportAxe := func(size string) {
		for _, v := range e.axe() {
			key := v.ID + " " + strings.Join(v.targets(), " ")
			if seen[key] {
				continue
			}
			seen[key] = true
			e.t.Errorf("%s (%s, %s): axe %s [%s] %s\n    %s\n    at %s", name, loc, size, v.ID, v.Impact, v.Help, v.HelpURL, strings.Join(v.targets(), "\n    at "))
		}
	}
	reportAxe(fmt.Sprintf("%dpx", deskW))
	e.shoot(name, deskW, deskH)
	e.setViewport(phoneW, phoneH)
	if p := e.overflowProblem(); p != "" {
		e.t.Errorf("%s (%s): %s", name, loc, p)
	}
	reportAxe(fmt.Sprintf("%dpx", phoneW))
	e.shoot(name, phoneW, phoneH)
	e.setViewport(deskW, deskH)
	if p := e.focusProblem(); p != "" {
		e.t.Errorf("%s (%s): %s", name, loc, p)
	}
	e.assertClean(name + " (" + loc + ")")
	summary.Lock()
	summary.pages = append(summary.pages, fmt.Sprintf("%s: %s (%s)", e.t.Name(), name, loc))
	summary.Unlock()
	if !e.shotsLogged {
		e.shotsLogged = true
		e.t.Logf("screenshots of this test: %s", filepath.Join(screenshotDir(), unsafeName.ReplaceAllString(e.t.Name(), "_")+"_*.png"))
	}
}

type pageBasics struct {
	Lang  string `json:"lang"`
	Title string `json:"title"`
	Mains int    `json:"mains"`
	H1    int    `json:"h1"`
}

// basicsProblems checks lang="ja", a title, one <main> landmark and an <h1>.
func (e *env) basicsProblems() []string {
	e.t.Helper()
	b := eval[pageBasics](e, `({lang: document.documentElement.getAttribute('lang') || '', title: document.title.trim(),
		mains: document.querySelectorAll('main, [role=main]').length, h1: document.querySelectorAll('h1').length})`)
	var out []string
	if b.Lang != "ja" {
		out = append(out, fmt.Sprintf("<html lang> is %q, want \"ja\"", b.Lang))
	}
	if b.Title == "" {
		out = append(out, "the page has no <title>")
	}
	if b.Mains != 1 {
		out = append(out, fmt.Sprintf("%d <main> landmarks, want 1", b.Mains))
	}
	if b.H1 < 1 {
		out = append(out, "the page has no <h1>")
	}
	return out
}

// axeViolation is one failed axe rule with the elements that fail it.
type axeViolation struct {
	ID      string `json:"id"`
	Impact  string `json:"impact"`
	Help    string `json:"help"`
	HelpURL string `json:"helpUrl"`
	Nodes   []struct {
		Target  []string `json:"target"`
		HTML    string   `json:"html"`
		Summary string   `json:"summary"`
	} `json:"nodes"`
}

func (v axeViolation) targets() []string {
	var out []string
	for _, n := range v.Nodes {
		s := strings.Join(n.Target, " ")
		if n.HTML != "" {
			s += "  " + truncate(n.HTML, 160)
		}
		if n.Summary != "" {
			s += "\n      " + strings.ReplaceAll(truncate(n.Summary, 300), "\n", " / ")
		}
		out = append(out, s)
	}
	return out
}

func truncate(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}

// axeRun is the axe-core call: WCAG 2.0 and 2.1, levels A and AA, which
// include the color-contrast rule. axe files text whose colour equals its
// background (white on white) under "incomplete", not under violations,
// because such text might be hidden on purpose; a visible button is not,
// so those nodes count as a serious color-contrast violation too.
const axeRun = `axe.run(document, {
  runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']},
  resultTypes: ['violations', 'incomplete']
}).then(r => {
  const node = n => ({target: n.target.map(x => Array.isArray(x) ? x.join(' >>> ') : String(x)), html: n.html, summary: n.failureSummary || ''});
  const out = r.violations.map(v => ({id: v.id, impact: v.impact || '', help: v.help, helpUrl: v.helpUrl, nodes: v.nodes.map(node)}));
  for (const v of r.incomplete) {
    if (v.id !== 'color-contrast') continue;
    const same = v.nodes.filter(n => n.any.some(c => c.data && c.data.messageKey === 'equalRatio'));
    if (same.length) out.push({id: v.id, impact: 'serious', help: 'Text colour equals its background (' + v.help + ')', helpUrl: v.helpUrl,
      nodes: same.map(n => Object.assign(node(n), {summary: 'foreground and background are both ' + (n.any[0].data.fgColor || '?')}))});
  }
  return out;
})`

// axe injects axe-core into the page, runs it and returns the violations
// of impact serious or critical; lesser ones are logged.
func (e *env) axe() []axeViolation {
	e.t.Helper()
	src, err := axeSource()
	if err != nil {
		e.t.Fatalf("axe-core: %v", err)
	}
	if !eval[bool](e, `typeof window.axe === 'object'`) {
		eval[chromedp.Void](e, src)
	}
	all := eval[[]axeViolation](e, axeRun, chromedp.EvalAwaitPromise)
	var bad []axeViolation
	for _, v := range all {
		if v.Impact == "serious" || v.Impact == "critical" {
			bad = append(bad, v)
		} else {
			e.t.Logf("axe (%s, not failing): %s %s at %s", v.Impact, v.ID, v.Help, strings.Join(v.targets(), "; "))
		}
	}
	return bad
}

var unsafeName = regexp.MustCompile(`[^A-Za-z0-9_.-]+`)

type overflow struct {
	ScrollWidth int      `json:"scrollWidth"`
	InnerWidth  int      `json:"innerWidth"`
	Offenders   []string `json:"offenders"`
}

// overflowJS measures the page at phone width and names the outermost
// elements that stick out to the right (elements inside a scrolling or
// clipping box, such as a wide table in .scroll, are fine).
const overflowJS = `(() => {
  const vw = %d, de = document.documentElement;
  const res = {scrollWidth: de.scrollWidth, innerWidth: window.innerWidth, offenders: []};
  if (de.scrollWidth <= vw && de.scrollWidth <= window.innerWidth) return res;
  if (!document.querySelector('meta[name=viewport]')) res.offenders.push('the page has no <meta name="viewport" content="width=device-width">');
  // Name where the overflow starts: an element that sticks out of a parent
  // that does not (a scrolling or clipping box contains its children).
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.right <= vw + 0.5) continue;
    let inside = false;
    for (let p = el.parentElement; p && p !== document.documentElement; p = p.parentElement) {
      if (getComputedStyle(p).overflowX !== 'visible') { inside = true; break; }
    }
    if (inside) continue;
    const p = el.parentElement;
    if (p && p !== document.body && p.getBoundingClientRect().right > vw + 0.5) continue;
    if (res.offenders.length < 8) res.offenders.push(__describe(el) + ' (right edge ' + Math.round(r.right) + 'px, width ' + Math.round(r.width) + 'px)');
  }
  return res;
})()`

// shoot saves a PNG of the viewport as <Test>_<name>_<w>x<h>.png.
func (e *env) shoot(name string, w, h int) {
	e.t.Helper()
	dir := screenshotDir()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		e.t.Fatalf("screenshot folder: %v", err)
	}
	file := filepath.Join(dir, unsafeName.ReplaceAllString(fmt.Sprintf("%s_%s_%dx%d", e.t.Name(), name, w, h), "_")+".png")
	ctx, cancel := e.step()
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		e.t.Fatalf("screenshot %s: %v", name, err)
	}
	if err := os.WriteFile(file, png, 0o644); err != nil {
		e.t.Fatalf("screenshot %s: %v", name, err)
	}
	summary.Lock()
	summary.shots++
	summary.Unlock()
}

// setViewport emulates a desktop or (narrower than 600px) a phone, and
// waits for the page to lay itself out again.
func (e *env) setViewport(w, h int64) {
	e.t.Helper()
	if w < 600 {
		e.do(chromedp.EmulateViewport(w, h, chromedp.EmulateMobile))
	} else {
		e.do(chromedp.EmulateViewport(w, h))
	}
	eval[bool](e, `new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))`, chromedp.EvalAwaitPromise)
}

// overflowProblem describes a horizontal overflow at the phone width (the
// viewport must be the phone's), or returns "".
func (e *env) overflowProblem() string {
	e.t.Helper()
	o := eval[overflow](e, fmt.Sprintf(overflowJS, phoneW), withHelpers)
	if o.ScrollWidth > phoneW || o.ScrollWidth > o.InnerWidth {
		return fmt.Sprintf("the page overflows horizontally at %dpx: scrollWidth %d, innerWidth %d; sticking out: %s",
			phoneW, o.ScrollWidth, o.InnerWidth, strings.Join(o.Offenders, "; "))
	}
	return ""
}

type focusInfo struct {
	What         string  `json:"what"`
	FocusVisible bool    `json:"focusVisible"`
	OutlineStyle string  `json:"outlineStyle"`
	OutlineWidth float64 `json:"outlineWidth"`
	BoxShadow    string  `json:"boxShadow"`
	Visible      bool    `json:"visible"`
}

// focusProblem presses Tab and checks that the element that gets the focus
// shows it (an outline or a shadow) and is on screen; it returns "" if so.
func (e *env) focusProblem() string {
	e.t.Helper()
	e.press(kb.Tab)
	f := eval[focusInfo](e, `(() => {
  const a = document.activeElement;
  if (!a || a === document.body) return {what: 'body'};
  const cs = getComputedStyle(a), r = a.getBoundingClientRect();
  return {what: __describe(a), focusVisible: a.matches(':focus-visible'), outlineStyle: cs.outlineStyle,
    outlineWidth: parseFloat(cs.outlineWidth) || 0, boxShadow: cs.boxShadow,
    visible: r.width > 0 && r.height > 0 && r.right > 0 && r.bottom > 0 && r.left < innerWidth};
})()`, withHelpers)
	eval[chromedp.Void](e, `document.activeElement && document.activeElement.blur()`)
	switch {
	case f.What == "body":
		return "Tab focuses nothing"
	case !f.FocusVisible || ((f.OutlineStyle == "none" || f.OutlineWidth < 1) && (f.BoxShadow == "" || f.BoxShadow == "none")):
		return fmt.Sprintf("the keyboard focus on %s is not visible (outline %s %gpx, box-shadow %s)", f.What, f.OutlineStyle, f.OutlineWidth, f.BoxShadow)
	case !f.Visible:
		return fmt.Sprintf("the focused element %s is off screen", f.What)
	}
	return ""
}

// ---------------------------------------------------------------- flows

// strongPassword is what the journeys set as new passwords: long enough,
// not common, and containing no login name.
func strongPassword(who string) string { return "Fujieda-" + who + "-7391" }

// login fills the login form with the mouse and keyboard and submits it.
func (e *env) login(login, password string) {
	e.t.Helper()
	e.open("/login")
	e.typeInto("#login", login)
	e.typeInto("#password", password)
	e.tabThenEnter(`form[action="/login"] button[type=submit]`)
}

// changePassword fills the password page (the user must be on it).
func (e *env) changePassword(current, next string) {
	e.t.Helper()
	if p := e.path(); p != "/account/password" {
		e.t.Fatalf("expected the password page, at %s", p)
	}
	e.typeInto("#current", current)
	e.typeInto("#new", next)
	e.typeInto("#confirm", next)
	e.tabThenEnter(`form[action="/account/password"] button[type=submit]`)
	if p := e.path(); p != "/" {
		e.t.Fatalf("after changing the password: at %s, error %q", p, e.text(".error"))
	}
}

// logout uses the header's ログアウト button.
func (e *env) logout() {
	e.t.Helper()
	e.click(`form[action="/logout"] button`)
	if p := e.path(); p != "/login" {
		e.t.Fatalf("after logout: at %s", p)
	}
}

// adminReady logs in as the first admin and sets a new password, the way
// journey 1 does, without the page checks. It returns the new password.
func (e *env) adminReady() string {
	e.t.Helper()
	e.login("admin", e.adminPassword)
	pw := strongPassword("Center")
	e.changePassword(e.adminPassword, pw)
	return pw
}

// settledImport waits until the import status page stops refreshing itself.
func (e *env) settledImport() {
	e.t.Helper()
	e.waitFor("the import to finish", `!document.querySelector('[data-refresh]') && document.querySelector('main h2')`, 60*time.Second)
}

// uploadStaff uploads a staff file on /import/staff and waits for the dry run.
func (e *env) uploadStaff(file string) {
	e.t.Helper()
	abs, err := filepath.Abs(file)
	if err != nil {
		e.t.Fatal(err)
	}
	if p := e.path(); p != "/import/staff" {
		e.open("/import/staff")
	}
	e.do(chromedp.SetUploadFiles(chromedp.CSS("#file"), []string{abs}))
	e.click(`form[action="/import/staff"] button[type=submit]`)
	e.settledImport()
}

// importStaff uploads and applies a staff file through the UI.
func (e *env) importStaff(file string) {
	e.t.Helper()
	e.uploadStaff(file)
	if errs := e.texts(".error td"); len(errs) > 0 {
		e.t.Fatalf("import of %s refused: %v", file, errs)
	}
	e.click(`form[action$="/apply"] button`)
	e.settledImport()
	if h := e.text("main h2"); h != "取込を適用しました" {
		e.t.Fatalf("import of %s: %q", file, h)
	}
}

// staffTotal reads the number of staff from the list's summary ("8人…").
func (e *env) staffTotal() int {
	e.t.Helper()
	s := e.text(".summary")
	var n int
	if _, err := fmt.Sscanf(s, "%d人", &n); err != nil {
		e.t.Fatalf("staff list summary %q: %v", s, err)
	}
	return n
}

// selectByText picks the option of a <select> whose text is label, as a
// person choosing it would, and fires the change event.
func (e *env) selectByText(css, label string) {
	e.t.Helper()
	ok := eval[bool](e, fmt.Sprintf(`(() => {
  const s = document.querySelector(%s); if (!s) return false;
  const o = Array.from(s.options).find(o => o.textContent.trim() === %s); if (!o) return false;
  s.focus(); s.value = o.value; s.dispatchEvent(new Event('input', {bubbles: true})); s.dispatchEvent(new Event('change', {bubbles: true}));
  return true; })()`, jsString(css), jsString(label)))
	if !ok {
		e.t.Fatalf("no option %q in %s; options: %v", label, css, e.texts(css+" option"))
	}
}

// newUser adds an account on /users/new as the admin would.
func (e *env) newUser(login, display, roleLabel, unit, staffNumber, password string) {
	e.t.Helper()
	e.open("/users/new")
	e.typeInto("#login", login)
	if display != "" {
		e.typeInto("#display_name", display)
	}
	e.selectByText("#role", roleLabel)
	if unit != "" {
		e.selectByText("#unit", unit)
	}
	if staffNumber != "" {
		e.typeInto("#staff_number", staffNumber)
	}
	e.typeInto("#password", password)
	e.tabThenEnter(`form[action="/users"] button[type=submit]`)
	if p := e.path(); p != "/users" {
		e.t.Fatalf("creating user %s: at %s, error %q", login, p, e.text(".error"))
	}
}

// ---------------------------------------------------------------- misc

// contains tells whether any of list contains sub.
func contains(list []string, sub string) bool {
	for _, s := range list {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

// hasJapanese tells whether s has kana or kanji.
var japanese = regexp.MustCompile(`[\p{Hiragana}\p{Katakana}\p{Han}]`)

func hasJapanese(s string) bool { return japanese.MatchString(s) }

// chromeKey is a key press as an action (for submit).
func chromeKey(keys string) chromedp.Action[chromedp.Void] { return chromedp.KeyEvent(keys) }

// tabThenEnter presses Tab once, checks that the focus is on the element
// matching css (the form's button, next in the tab order), and presses
// Enter there: the keyboard path of a form.
func (e *env) tabThenEnter(css string) int64 {
	e.t.Helper()
	e.press(kb.Tab)
	if !eval[bool](e, fmt.Sprintf(`document.activeElement === document.querySelector(%s)`, jsString(css))) {
		e.t.Fatalf("Tab reaches %s, want %s", e.activeElement(), css)
	}
	return e.submit(chromeKey(kb.Enter))
}

// focusByTab presses Tab until the element matching css has the focus, as a
// keyboard user reaches a control; it fails when Tab never gets there.
func focusByTab(e *env, css string) {
	e.t.Helper()
	eval[chromedp.Void](e, `document.activeElement && document.activeElement.blur()`)
	for i := 0; i < 60; i++ {
		e.press(kb.Tab)
		if eval[bool](e, fmt.Sprintf(`document.activeElement === document.querySelector(%s)`, jsString(css))) {
			return
		}
	}
	e.t.Fatalf("Tab never reaches %s (last focus %s)", css, e.activeElement())
}
