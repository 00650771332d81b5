package e2e

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"hagukumi/app"
	"hagukumi/audit"
	"hagukumi/auth"
	"hagukumi/db"
	"hagukumi/demo"
	"hagukumi/staff"
	"hagukumi/web"
)

// everyPagePassword is the password of the accounts the every-page walk
// creates, one per role.
const everyPagePassword = "Fujieda-every-page-7391"

// TestEveryPage signs in as every role of a demo city (a published plan
// with sessions, enrolments, attendance, surveys and instructors) and
// visits every page reachable from the home page and its menu (one level
// of local GET links that answer HTML). On each page, at 1280 and 390 px, it
// runs axe-core (the WCAG A/AA rules, colour contrast included); at 390 px
// it checks that nothing overflows horizontally and that no table cell is
// so narrow that its text breaks one character per line. At the end the
// HTML of every page goes through the Nu Html Checker in one run.
func TestEveryPage(t *testing.T) {
	requireBrowser(t)
	jar := requireVNU(t)
	base, accounts := startDemoServer(t)
	// The roles walk in parallel, each in its own tab. A page whose <main>
	// is the same as one another role saw (the catalog, the password form)
	// is checked in the browser once; its HTML still goes to the checker.
	var mu sync.Mutex
	pages := map[string]string{} // HTML by "login path", for the checker
	checked := map[string]bool{} // path + hash of <main>
	t0 := time.Now()
	t.Run("roles", func(t *testing.T) {
		for _, a := range accounts {
			t.Run(string(a.role), func(t *testing.T) {
				t.Parallel()
				e := newBrowser(t, base)
				e.login(a.login, everyPagePassword)
				if p := e.path(); p != "/" {
					t.Fatalf("after login as %s: at %s", a.role, p)
				}
				visited := map[string]bool{}
				visit := func(links []pageLink) {
					for _, l := range links {
						if visited[l.Path] {
							continue
						}
						visited[l.Path] = true
						if l.Status != 200 || !strings.HasPrefix(l.Type, "text/html") {
							if l.Status >= 400 {
								t.Errorf("link %s answers %d", l.Path, l.Status)
							}
							continue
						}
						mu.Lock()
						pages[a.login+" "+l.Path] = l.Body
						k := l.Path + " " + mainHash(l.Body)
						again := checked[k]
						checked[k] = true
						mu.Unlock()
						if !again {
							e.walkCheck(l.Path)
						}
					}
				}
				visit(e.pageLinks())
				// Lecturer dispatch: a request, its notice and the lecturer's
				// 承認書 are one step from the lists.
				for _, list := range []string{"/lectures", "/lectures/mine", "/lectures/agreements"} {
					if !visited[list] {
						continue
					}
					e.open(list)
					more := eval[[]string](e, `[...document.querySelectorAll('main a[href]')].map(a => a.getAttribute('href'))
					.filter(h => /^\/(lectures\/(\d+|figures|topics)|public\/lectures\/request)/.test(h)).filter((h, i, all) => all.indexOf(h) === i).slice(0, 4)`)
					for _, p := range more {
						e.open(p)
						visit(e.pageLinks())
					}
				}
				// Recruitment: the briefings' pages (an event, its desk and
				// figures), the universities, and the public briefings.
				if visited["/recruit"] {
					for _, p := range []string{"/recruit", "/recruit/universities", "/recruit/figures", "/public/recruit"} {
						e.open(p)
						visit(e.pageLinks())
					}
					e.open("/recruit")
					more := eval[[]string](e, `[...document.querySelectorAll('a[href]')].map(a => a.getAttribute('href'))
					.filter(h => /^\/recruit\/events\/\d+$/.test(h)).slice(0, 2)`)
					for _, p := range more {
						e.open(p)
						visit(e.pageLinks())
					}
				}
				if visited["/recruit/my-sessions"] {
					e.open("/recruit/my-sessions")
					visit(e.pageLinks())
				}
				// The pages people open at the venue are one step further:
				// a session of the plan and what it links to (出欠, 受付,
				// 編集), and the new-session form.
				if visited["/plan"] {
					e.open("/plan")
					more := eval[[]string](e, `[...document.querySelectorAll('a[href]')].map(a => a.getAttribute('href'))
					.filter(h => /^\/sessions\/(\d+|new)$/.test(h)).filter((h, i, all) => all.indexOf(h) === i)
					.filter((h, i) => h === '/sessions/new' || i < 2)`)
					for _, p := range more {
						e.open(p)
						visit(e.pageLinks())
					}
				}
			})
		}
	})
	t.Logf("visited %d pages (%d checked in the browser) in %v", len(pages), len(checked), time.Since(t0).Round(time.Millisecond))
	if jar != "" {
		checkHTML(t, jar, pages)
	}
}

// mainHash identifies the content of a page without its header, which
// names the signed-in account.
func mainHash(body string) string {
	if i := strings.Index(body, "<main"); i >= 0 {
		body = body[i:]
	}
	if i := strings.Index(body, "</main>"); i >= 0 {
		body = body[:i]
	}
	sum := sha256.Sum256([]byte(body))
	return hex.EncodeToString(sum[:8])
}

// demoAccount is one signed-in role of the walk.
type demoAccount struct {
	role  auth.Role
	login string
}

// startDemoServer runs the application on a small demo city and creates an
// account per role: the staff member and the instructor are linked to
// people who take and teach sessions, the liaison and the supervisor are
// scoped to that staff member's department.
func startDemoServer(t *testing.T) (string, []demoAccount) {
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
	t0 := time.Now()
	if _, err := demo.Fill(ctx, d, muni.ID, demo.Options{Staff: 300, Seed: 1, Now: time.Now()}); err != nil {
		t.Fatalf("demo city: %v", err)
	}
	t.Logf("demo city filled in %v", time.Since(t0).Round(time.Millisecond))
	one := func(what, query string, args ...any) int64 {
		t.Helper()
		var id int64
		if err := d.R.QueryRowContext(ctx, query, args...).Scan(&id); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		return id
	}
	// A trainee of this year's new-hire sessions, an instructor with topics,
	// and the department (level 1 unit) of the trainee.
	trainee := one("trainee", `SELECT e.staff_id FROM enrolments e JOIN sessions_training x ON x.id = e.session_id
		WHERE e.municipality_id = $1 ORDER BY x.fy DESC, e.staff_id LIMIT 1`, muni.ID)
	teacher := one("instructor", `SELECT staff_id FROM instructor_topics WHERE municipality_id = $1 ORDER BY staff_id LIMIT 1`, muni.ID)
	unit := one("unit", `SELECT d.id FROM staff_assignments a JOIN org_units u ON u.id = a.unit_id
		JOIN org_units d ON d.municipality_id = u.municipality_id AND d.level = 1 AND (u.path = d.path OR u.path LIKE d.path || '/%')
		WHERE a.staff_id = $1 AND a.to_date IS NULL ORDER BY a.from_date DESC LIMIT 1`, trainee)
	as := &auth.Store{DB: d}
	var accounts []demoAccount
	for _, r := range auth.Roles {
		n := auth.NewUser{Login: "walk_" + string(r), DisplayName: "巡回 " + string(r), Role: r, Password: everyPagePassword}
		if r.NeedsUnit() {
			n.UnitID = unit
		}
		switch r {
		case auth.Staff:
			n.StaffID = trainee
		case auth.Instructor:
			n.StaffID = teacher
		}
		if _, err := as.CreateUser(ctx, muni.ID, audit.System, n); err != nil {
			t.Fatalf("account %s: %v", r, err)
		}
		accounts = append(accounts, demoAccount{role: r, login: n.Login})
	}
	logs := &syncBuffer{}
	srv, err := app.New(d, web.Config{}, slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelWarn})))
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
	return hs.URL, accounts
}

// pageLink is a local link of the current page, fetched by the page itself
// (with its cookies) to learn whether it is an HTML page.
type pageLink struct {
	Path   string `json:"path"`
	Status int    `json:"status"`
	Type   string `json:"type"`
	Body   string `json:"body"`
}

// pageLinksJS collects the distinct local links of the page (the menu and
// the content) without fragments, leaving out downloads and the current
// page, and fetches each one.
const pageLinksJS = `(async () => {
  const seen = new Set([location.pathname + location.search]), out = [];
  for (const a of document.querySelectorAll('a[href]')) {
    const u = new URL(a.getAttribute('href'), location.href);
    if (u.origin !== location.origin || a.hasAttribute('download')) continue;
    const p = u.pathname + u.search;
    if (seen.has(p)) continue;
    seen.add(p);
    const r = await fetch(p, {redirect: 'follow'});
    const type = r.headers.get('content-type') || '';
    out.push({path: p, status: r.status, type: type, body: type.startsWith('text/html') ? await r.text() : ''});
  }
  return out;
})()`

// pageLinks fetches the links of the current page, with the page itself
// listed first.
func (e *env) pageLinks() []pageLink {
	e.t.Helper()
	self := eval[pageLink](e, `fetch(location.href).then(async r => ({path: location.pathname + location.search, status: r.status,
		type: r.headers.get('content-type') || '', body: await r.text()}))`, chromedp.EvalAwaitPromise)
	return append([]pageLink{self}, eval[[]pageLink](e, pageLinksJS, chromedp.EvalAwaitPromise)...)
}

// walkCheck opens a page and checks it at the desktop and the phone size.
func (e *env) walkCheck(path string) {
	e.t.Helper()
	if st := e.open(path); st != 200 {
		e.t.Errorf("%s: status %d", path, st)
		return
	}
	e.waitFor("the page to load", "true", stepTimeout)
	for _, p := range e.basicsProblems() {
		e.t.Errorf("%s: %s", path, p)
	}
	seen := map[string]bool{}
	reportAxe := func(size string) {
		for _, v := range e.axe() {
			key := v.ID + " " + strings.Join(v.targets(), " ")
			if seen[key] {
				continue
			}
			seen[key] = true
			e.t.Errorf("%s (%s): axe %s [%s] %s\n    at %s", path, size, v.ID, v.Impact, v.Help, strings.Join(v.targets(), "\n    at "))
		}
	}
	reportAxe(fmt.Sprintf("%dpx", deskW))
	e.setViewport(phoneW, phoneH)
	if p := e.overflowProblem(); p != "" {
		e.t.Errorf("%s: %s", path, p)
	}
	for _, c := range e.narrowCells() {
		e.t.Errorf("%s: at %dpx a table cell breaks its text one character per line: %s", path, phoneW, c)
	}
	reportAxe(fmt.Sprintf("%dpx", phoneW))
	e.setViewport(deskW, deskH)
	e.assertClean(path)
	summary.Lock()
	summary.pages = append(summary.pages, fmt.Sprintf("%s: %s", e.t.Name(), path))
	summary.Unlock()
}

// narrowCellsJS names the visible table cells with at least two characters
// of text whose text wraps in a box narrower than two characters (1em each
// for Japanese), which is what breaks names one character per line.
const narrowCellsJS = `(() => {
  const out = [];
  for (const c of document.querySelectorAll('td, th')) {
    const text = c.textContent.replace(/\s+/g, '');
    if (text.length < 2) continue;
    const r = c.getBoundingClientRect();
    if (r.width <= 1 || r.height <= 1) continue; // hidden, or visually hidden (.sr)
    let hidden = false; // inside a visually hidden part (a clipped header row)
    for (let p = c; p && p !== document.body; p = p.parentElement) {
      if (getComputedStyle(p).clip !== 'auto') { hidden = true; break; }
    }
    if (hidden) continue;
    const cs = getComputedStyle(c), em = parseFloat(cs.fontSize) || 16;
    const inner = r.width - (parseFloat(cs.paddingLeft) || 0) - (parseFloat(cs.paddingRight) || 0);
    if (inner >= 2 * em) continue;
    const range = document.createRange();
    range.selectNodeContents(c);
    const tops = new Set([...range.getClientRects()].map(x => Math.round(x.top)));
    if (tops.size < 2) continue;
    if (out.length < 8) out.push(__describe(c) + ' "' + c.textContent.trim().slice(0, 20) + '" (' + Math.round(inner) + 'px wide)');
  }
  return out;
})()`

func (e *env) narrowCells() []string {
	e.t.Helper()
	return eval[[]string](e, narrowCellsJS, withHelpers)
}

// vnuJar is where npm installs the Nu Html Checker (package.json).
var vnuJar = filepath.Join("..", "node_modules", "vnu-jar", "build", "dist", "vnu.jar")

// requireVNU returns the checker's jar, or "" when Java or vnu-jar is
// missing (the HTML check is then skipped with a message; in CI it fails).
func requireVNU(t *testing.T) string {
	t.Helper()
	msg := ""
	if _, err := exec.LookPath("java"); err != nil {
		msg = "java not found: install it with `apt-get install -y default-jre-headless` (see e2e/README.md)"
	} else if _, err := os.Stat(vnuJar); err != nil {
		msg = "the Nu Html Checker is not at node_modules/vnu-jar/build/dist/vnu.jar: run `npm ci` in the repository root"
	}
	if msg == "" {
		return vnuJar
	}
	if inCI() {
		t.Fatalf("CI=true, so the HTML check must run: %s", msg)
	}
	t.Logf("SKIP the Nu Html Checker: %s", msg)
	return ""
}

type vnuMessage struct {
	URL      string   `json:"url"`
	Type     string   `json:"type"`
	Message  string   `json:"message"`
	Extract  string   `json:"extract"`
	LastLine int      `json:"lastLine"`
	Pages    []string `json:"-"`
}

// checkHTML runs the checker over the pages; every error fails the test,
// listed once per message and path with the number of pages that have it.
func checkHTML(t *testing.T, jar string, pages map[string]string) {
	t.Helper()
	type key struct{ msg, path string }
	seen := map[key]bool{}
	for _, m := range runVNU(t, jar, pages) {
		first := m.Pages[0]
		k := key{m.Message, first[strings.Index(first, " ")+1:]}
		if seen[k] {
			continue
		}
		seen[k] = true
		t.Errorf("HTML (%s, line %d, %d pages): %s\n    %s", first, m.LastLine, len(m.Pages), m.Message, strings.TrimSpace(m.Extract))
	}
}

// runVNU writes the distinct pages into files and runs the checker once
// over all of them (one JVM start); it returns the errors, each with the
// sorted keys of the pages that have that HTML.
func runVNU(t *testing.T, jar string, pages map[string]string) []vnuMessage {
	t.Helper()
	dir := t.TempDir()
	where := map[string][]string{} // file name → the pages with that HTML
	for key, body := range pages {
		sum := sha256.Sum256([]byte(body))
		name := hex.EncodeToString(sum[:8]) + ".html"
		if where[name] == nil {
			if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		where[name] = append(where[name], key)
	}
	files := make([]string, 0, len(where))
	for name := range where {
		files = append(files, filepath.Join(dir, name))
		sort.Strings(where[name])
	}
	sort.Strings(files)
	t0 := time.Now()
	out, err := exec.Command("java", append([]string{"-jar", jar, "--errors-only", "--format", "json", "--stdout"}, files...)...).Output()
	if err != nil && len(out) == 0 {
		t.Fatalf("Nu Html Checker: %v", err)
	}
	var res struct {
		Messages []vnuMessage `json:"messages"`
	}
	if err := json.Unmarshal(out, &res); err != nil {
		t.Fatalf("Nu Html Checker output: %v\n%s", err, truncate(string(out), 2000))
	}
	t.Logf("Nu Html Checker: %d distinct pages checked in %v", len(files), time.Since(t0).Round(time.Millisecond))
	var errs []vnuMessage
	for _, m := range res.Messages {
		if m.Type != "error" {
			continue
		}
		m.Pages = where[filepath.Base(m.URL)]
		if len(m.Pages) == 0 {
			m.Pages = []string{"? " + m.URL}
		}
		errs = append(errs, m)
	}
	return errs
}
