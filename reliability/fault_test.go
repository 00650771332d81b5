package reliability

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
	"unicode/utf8"

	"hagukumi/app"
	"hagukumi/audit"
	"hagukumi/auth"
	"hagukumi/db"
	"hagukumi/db/dbtest"
	"hagukumi/staff"
	"hagukumi/web"
)

// faultApp is an in-process server on d with an admin API token.
type faultApp struct {
	db    *db.DB
	srv   *web.Server
	ts    *httptest.Server
	token string
	muni  staff.Municipality
	logs  *lockedBuffer
}

type lockedBuffer struct {
	mu sync.Mutex
	bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.Buffer.Write(p)
}

func newFaultApp(t *testing.T, d *db.DB) *faultApp {
	t.Helper()
	ctx := context.Background()
	a := &faultApp{db: d}
	st := &staff.Store{DB: d}
	var err error
	if a.muni, err = st.EnsureMunicipality(ctx); err != nil {
		t.Fatal(err)
	}
	as := &auth.Store{DB: d}
	if _, err := as.EnsureAdmin(ctx, a.muni.ID, adminPassword); err != nil {
		t.Fatal(err)
	}
	u, _, err := as.UserByLogin(ctx, "admin")
	if err != nil {
		t.Fatal(err)
	}
	if a.token, err = as.CreateToken(ctx, audit.System, u, "fault"); err != nil {
		t.Fatal(err)
	}
	a.logs = &lockedBuffer{}
	a.srv, err = app.New(d, web.Config{}, slog.New(slog.NewTextHandler(a.logs, nil)))
	if err != nil {
		t.Fatal(err)
	}
	a.ts = httptest.NewServer(a.srv.Handler())
	t.Cleanup(a.ts.Close)
	return a
}

func (a *faultApp) importCSV(t *testing.T, first, n int) (*staff.ImportResult, error) {
	var sb strings.Builder
	sb.WriteString("職員番号,氏名,フリガナ,採用日,雇用区分,所属\n")
	for i := range n {
		fmt.Fprintf(&sb, "%d,佐藤 花子,サトウ ハナコ,2019-04-01,正規,市民部 市民課\n", first+i)
	}
	return (&staff.Store{DB: a.db}).Import(context.Background(), a.muni.ID, audit.Actor{Login: "fault"}, "f.csv", []byte(sb.String()), staff.ImportOptions{})
}

// ---------------------------------------------------------------- PostgreSQL restart

// TestPostgresRestartUnderLoad stops the PostgreSQL server under a load of
// page and API reads, keeps it down for a few seconds, and starts it again,
// all without restarting the app. Requests while it stops and during the
// outage must succeed or fail fast with 503 (never 500, never hang past the
// client timeout), and after
// the start requests must succeed again within 10 seconds: the pool
// recovers by itself.
//
// It stops the server every other test uses, so it runs only when asked
// (HAGUKUMI_TEST_PG_RESTART=1), in a CI step of its own after the rest.
func TestPostgresRestartUnderLoad(t *testing.T) {
	if os.Getenv("HAGUKUMI_TEST_PG_RESTART") != "1" {
		t.Skip("stops the shared PostgreSQL server: set HAGUKUMI_TEST_PG_RESTART=1 (CI does, in a step of its own)")
	}
	if os.Geteuid() != 0 {
		t.Skip("needs root to stop and start PostgreSQL")
	}
	ctl, err := exec.LookPath("pg_ctlcluster")
	if err != nil {
		t.Skip("pg_ctlcluster not found")
	}
	// The cluster behind HAGUKUMI_TEST_POSTGRES: VERSION/NAME, by default
	// the first version under /etc/postgresql and "main" (as .ci/run).
	cluster := os.Getenv("HAGUKUMI_TEST_PG_CLUSTER")
	if cluster == "" {
		versions, _ := os.ReadDir("/etc/postgresql")
		if len(versions) == 0 {
			t.Skip("no cluster under /etc/postgresql")
		}
		cluster = versions[0].Name() + "/main"
	}
	version, name, _ := strings.Cut(cluster, "/")
	pg := func(action string) error {
		out, err := exec.Command(ctl, "--skip-systemctl-redirect", version, name, action).CombinedOutput()
		if err != nil {
			return fmt.Errorf("pg_ctlcluster %s %s: %v: %s", cluster, action, err, out)
		}
		return nil
	}
	dsn := dbtest.NewPostgresURL(t)
	// Registered after the schema's cleanup, so it runs before it: the
	// server is up again whatever happened, for the DROP SCHEMA and for
	// whatever runs next.
	t.Cleanup(func() {
		if pgReady(dsn) {
			return
		}
		if err := pg("start"); err != nil {
			t.Errorf("PostgreSQL could not be started again: %v", err)
		}
		for i := 0; i < 30 && !pgReady(dsn); i++ {
			time.Sleep(time.Second)
		}
	})
	d, err := db.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	a := newFaultApp(t, d)
	if res, err := a.importCSV(t, 610000, 30); err != nil || !res.Applied {
		t.Fatalf("seed: %v %+v", err, res)
	}

	type result struct {
		at     time.Time
		path   string
		status int // 0: no answer
		err    string
		took   time.Duration
		body   string
	}
	var mu sync.Mutex
	var results []result
	// Redirects are not followed: a login redirect during the outage would
	// hide the failure behind the login page's 200.
	hc := &http.Client{Timeout: 5 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	type probe struct {
		method, path string
		ok           int
	}
	probes := []probe{{"GET", "/healthz", 200}, {"GET", "/api/v1/staff?limit=5", 200}, {"GET", "/healthz", 200},
		{"GET", "/api/v1/staff?q=サトウ", 200}, {"GET", "/staff", 200}, {"POST", "/login", 303}}
	okStatus := map[string]int{}
	for i, p := range probes {
		okStatus[p.path] = p.ok
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				var body io.Reader
				if p.method == "POST" {
					body = strings.NewReader(url.Values{"login": {"admin"}, "password": {adminPassword}}.Encode())
				}
				req, _ := http.NewRequest(p.method, a.ts.URL+p.path, body)
				if p.method == "POST" {
					req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				} else {
					req.Header.Set("Authorization", "Bearer "+a.token)
				}
				start := time.Now()
				resp, err := hc.Do(req)
				r := result{at: start, path: p.path, took: time.Since(start)}
				if err != nil {
					r.err = err.Error()
				} else {
					b, _ := io.ReadAll(resp.Body)
					resp.Body.Close()
					r.status, r.body = resp.StatusCode, string(b)
				}
				mu.Lock()
				results = append(results, r)
				mu.Unlock()
				time.Sleep(time.Duration(20+i*7) * time.Millisecond)
			}
		}()
	}
	phase := func(from time.Time) []result {
		mu.Lock()
		defer mu.Unlock()
		var out []result
		for _, r := range results {
			if !r.at.Before(from) {
				out = append(out, r)
			}
		}
		return out
	}
	defer func() { cancel(); wg.Wait() }()

	time.Sleep(time.Second)
	for _, r := range phase(time.Time{}) {
		if r.status != okStatus[r.path] {
			t.Fatalf("before the restart: %s answered %d %s", r.path, r.status, r.err)
		}
	}
	stopping := time.Now()
	if err := pg("stop"); err != nil {
		t.Fatal(err)
	}
	down := time.Now()
	time.Sleep(3 * time.Second)
	outage := phase(down)
	if err := pg("start"); err != nil {
		t.Fatal(err)
	}
	up := time.Now()
	// Recovered: every path answers 200 again, without restarting the app.
	var recovered time.Duration
	for {
		time.Sleep(100 * time.Millisecond)
		// Recovered when the latest answer of every probe, sent after the
		// start, is a success.
		latest := map[string]result{}
		for _, r := range phase(up) {
			if r.at.After(latest[r.path].at) {
				latest[r.path] = r
			}
		}
		ok := 0
		for _, r := range latest {
			if r.status == okStatus[r.path] {
				ok++
			}
		}
		if ok == len(okStatus) {
			recovered = time.Since(up)
			break
		}
		if time.Since(up) > 10*time.Second {
			last := map[string]string{}
			for p, r := range latest {
				last[p] = fmt.Sprintf("%d %s %.200s", r.status, r.err, r.body)
			}
			t.Fatalf("requests still fail 10 s after PostgreSQL started again: %v", last)
		}
	}
	time.Sleep(2 * time.Second)
	after := phase(up.Add(recovered))
	cancel()
	wg.Wait()

	codes := map[string]int{}
	for _, r := range outage {
		key := fmt.Sprint(r.status)
		if r.status == 0 {
			key = "no answer: " + r.err
		}
		codes[r.path+" "+key]++
		switch {
		case r.status == 0:
			t.Errorf("during the outage %s got no answer within the client timeout (%v): %s", r.path, r.took, r.err)
		case r.status != http.StatusServiceUnavailable:
			t.Errorf("during the outage %s answered %d, want 503: %.200s", r.path, r.status, r.body)
		case r.path != "/healthz" && !strings.Contains(r.body, "データベースに接続できません"):
			t.Errorf("the 503 of %s does not say why in Japanese: %.200s", r.path, r.body)
		case r.took > 3*time.Second:
			t.Errorf("during the outage %s took %v to fail", r.path, r.took)
		}
	}
	// Requests sent while the server was shutting down either still succeed
	// or fail with 503, even when the shutdown cuts their query in the middle.
	transition := map[int]int{}
	for _, r := range phase(stopping) {
		if r.at.Before(down) {
			transition[r.status]++
			if r.status != okStatus[r.path] && r.status != http.StatusServiceUnavailable {
				t.Errorf("while PostgreSQL was stopping %s answered %d %s", r.path, r.status, r.err)
			}
		}
	}
	if transition[http.StatusInternalServerError] > 0 {
		// Name the errors that were not recognised as "database down".
		a.logs.mu.Lock()
		seen := map[string]bool{}
		for _, line := range strings.Split(a.logs.String(), "\n") {
			_, msg, ok := strings.Cut(line, " err=")
			if !ok || strings.Contains(msg, "failed to connect") || strings.Contains(msg, "shutting down") || seen[msg] {
				continue
			}
			seen[msg] = true
			t.Logf("while stopping, an error not taken for an outage: %.300s", msg)
		}
		a.logs.mu.Unlock()
	}
	failedAfter := 0
	for _, r := range after {
		if r.status != okStatus[r.path] {
			failedAfter++
			t.Errorf("after recovery %s answered %d %s", r.path, r.status, r.err)
		}
	}
	var keys []string
	for k, n := range codes {
		keys = append(keys, fmt.Sprintf("%s ×%d", k, n))
	}
	sort.Strings(keys)
	t.Logf("FIGURES postgres restart: %d requests during the 3 s outage: %s; while stopping (%.1fs), status: count %v; recovered %.1fs after the start; %d requests after recovery, %d failed",
		len(outage), strings.Join(keys, ", "), down.Sub(stopping).Seconds(), transition, recovered.Seconds(), len(after), failedAfter)
}

// pgReady tells whether the server of dsn accepts connections.
func pgReady(dsn string) bool {
	u, err := url.Parse(dsn)
	if err != nil {
		return false
	}
	port := u.Port()
	if port == "" {
		port = "5432"
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	return exec.CommandContext(ctx, "pg_isready", "-h", u.Hostname(), "-p", port, "-q").Run() == nil
}

// ---------------------------------------------------------------- SQLite full disk

// TestSQLiteDiskFull puts the database on a small tmpfs, fills the file
// system, and checks that writes fail with an error (503 and a Japanese
// message that names the full disk, no internal detail), that reads keep
// working, and
// that after space is freed the file passes integrity_check, the earlier
// data is intact and writes work again.
func TestSQLiteDiskFull(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("full-disk test skipped: mounting a small tmpfs needs root")
	}
	mnt := filepath.Join(t.TempDir(), "small")
	if err := os.Mkdir(mnt, 0o700); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=8m,mode=0700", "tmpfs", mnt).CombinedOutput(); err != nil {
		t.Skipf("full-disk test skipped: cannot mount a tmpfs here (%v: %s)", err, bytes.TrimSpace(out))
	}
	t.Cleanup(func() {
		if out, err := exec.Command("umount", mnt).CombinedOutput(); err != nil {
			t.Errorf("umount %s: %v: %s", mnt, err, out)
			exec.Command("umount", "-l", mnt).Run()
		}
	})
	ctx := context.Background()
	path := filepath.Join(mnt, "full.db")
	d, err := db.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	closed := false
	t.Cleanup(func() {
		if !closed {
			d.Close()
		}
	})
	a := newFaultApp(t, d)
	if res, err := a.importCSV(t, 620000, 200); err != nil || !res.Applied {
		t.Fatalf("seed: %v %+v", err, res)
	}
	st := &staff.Store{DB: d}
	_, before, err := st.List(ctx, a.muni.ID, staff.Scope{}, staff.Filter{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	sumBefore := staffChecksum(t, d)
	// An empty WAL, so that the next write must grow a file.
	if _, err := d.W.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		t.Fatal(err)
	}
	filler := filepath.Join(mnt, "filler")
	fillDisk(t, filler)

	// The store: the write fails, nothing of it stays.
	res, err := a.importCSV(t, 630000, 500)
	if err == nil {
		t.Fatalf("import on a full disk succeeded: %+v", res)
	}
	t.Logf("store error on a full disk: %v", err)
	// The web: an API import and a form post fail with a clear message.
	body := "職員番号,氏名,フリガナ,採用日,雇用区分,所属\n"
	for i := range 500 {
		body += fmt.Sprintf("%d,佐藤 花子,サトウ ハナコ,2019-04-01,正規,市民部 市民課\n", 640000+i)
	}
	req, _ := http.NewRequest("POST", a.ts.URL+"/api/v1/imports/staff?dry_run=false", strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+a.token)
	apiStatus, apiBody := faultDo(t, req)
	form := url.Values{"login": {"full_disk_user"}, "role": {"center_staff"}, "password": {"Kx7-mQ2v-Lp9z"}}
	req, _ = http.NewRequest("POST", a.ts.URL+"/users", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Authorization", "Bearer "+a.token)
	formStatus, formBody := faultDo(t, req)
	t.Logf("web on a full disk: API import %d %s; form %d", apiStatus, strings.TrimSpace(apiBody), formStatus)
	for _, x := range []struct {
		what   string
		status int
		body   string
	}{{"API import", apiStatus, apiBody}, {"user form", formStatus, formBody}} {
		if x.status != http.StatusServiceUnavailable {
			t.Errorf("%s on a full disk answered %d, want 503", x.what, x.status)
		}
		if !strings.Contains(x.body, "ディスクの空き容量が不足") {
			t.Errorf("%s on a full disk does not say the disk is full: %.300s", x.what, x.body)
		}
		for _, leak := range []string{"SQLITE", "sqlite", "disk is full", "goroutine", ".go:", "panic"} {
			if strings.Contains(x.body, leak) {
				t.Errorf("%s shows internal detail %q: %.300s", x.what, leak, x.body)
			}
		}
		if !utf8.ValidString(x.body) || !strings.ContainsAny(x.body, "。エラー") {
			t.Errorf("%s has no Japanese message: %.300s", x.what, x.body)
		}
	}

	// Reads keep working, through the store and the API.
	_, during, err := st.List(ctx, a.muni.ID, staff.Scope{}, staff.Filter{Limit: 1000})
	if err != nil || during != before {
		t.Fatalf("read on a full disk: %d staff (before %d), %v", during, before, err)
	}
	req, _ = http.NewRequest("GET", a.ts.URL+"/api/v1/staff?limit=1", nil)
	req.Header.Set("Authorization", "Bearer "+a.token)
	if status, b := faultDo(t, req); status != http.StatusOK || !strings.Contains(b, fmt.Sprintf(`"total":%d`, before)) {
		t.Fatalf("API read on a full disk: %d %.200s", status, b)
	}

	// Space again: nothing is corrupted, the data is as before, writes work.
	os.Remove(filler)
	if err := d.IntegrityCheck(ctx); err != nil {
		t.Fatal(err)
	}
	if got := staffChecksum(t, d); got != sumBefore {
		t.Fatalf("staff rows changed by the failed writes")
	}
	if res, err := a.importCSV(t, 650000, 20); err != nil || !res.Applied {
		t.Fatalf("write after space was freed: %v %+v", err, res)
	}
	if n, err := audit.Verify(ctx, d.R); err != nil {
		t.Fatalf("audit chain after the full disk: %v (%d entries)", err, n)
	}
	// And from a fresh start, as after a restart of the server.
	a.ts.Close()
	d.Close()
	closed = true
	d2, err := db.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer d2.Close()
	if err := d2.IntegrityCheck(ctx); err != nil {
		t.Fatal(err)
	}
	var n int
	d2.R.QueryRow(`SELECT COUNT(*) FROM staff`).Scan(&n)
	if n != before+20 {
		t.Fatalf("after reopening: %d staff, want %d", n, before+20)
	}
	t.Logf("FIGURES sqlite full disk: %d staff kept, write refused (API %d, form %d), reads served, integrity_check ok after freeing space", before, apiStatus, formStatus)
}

func faultDo(t *testing.T, req *http.Request) (int, string) {
	t.Helper()
	hc := &http.Client{Timeout: 30 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := hc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// fillDisk writes a file until the file system is full.
func fillDisk(t *testing.T, path string) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	chunk := make([]byte, 64<<10)
	for {
		if _, err := f.Write(chunk); err != nil {
			if errors.Is(err, syscall.ENOSPC) {
				break
			}
			t.Fatal(err)
		}
	}
	// Fill the last partial block too.
	for {
		if _, err := f.Write(chunk[:512]); err != nil {
			break
		}
	}
}

func staffChecksum(t *testing.T, d *db.DB) string {
	t.Helper()
	rows, err := d.R.Query(`SELECT id, number, family_name, given_name, unit_id, status FROM staff ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var all []any
	for rows.Next() {
		var id, unit int64
		var num, fam, given, status string
		if err := rows.Scan(&id, &num, &fam, &given, &unit, &status); err != nil {
			t.Fatal(err)
		}
		all = append(all, id, num, fam, given, unit, status)
	}
	b, _ := json.Marshal(all)
	return string(b)
}
