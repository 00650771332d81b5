package reliability

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"
	_ "modernc.org/sqlite"

	"hagukumi/db/dbtest"
)

// The crash test starts the real binary, drives concurrent writers against
// it while keeping a ledger of every write the server acknowledged, kills
// it with SIGKILL at random moments and restarts it, and after every kill
// checks, with the process dead, that:
//   - the SQLite file passes PRAGMA integrity_check (opened read-only);
//   - every acknowledged import (20 new staff each) is wholly there, and no
//     import, acknowledged or cut off, is there only in part;
//   - every acknowledged update (all 20 rows of a batch moved to another
//     unit) is wholly there, and none is there in part;
//   - every acknowledged new user account exists;
//   - no 職員番号 appears twice, each staff row has its one open assignment
//     and its own audit entry;
//   - `hagukumi audit verify` exits 0.
const (
	crashKills     = 24
	crashBudget    = 150 * time.Second // the kill loop; the test ends within 3 minutes
	crashBatchRows = 20
	crashBase      = 500000
)

func TestCrashSQLite(t *testing.T) {
	if testing.Short() {
		t.Skip("crash test skipped with -short")
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "crash.db")
	crashTest(t, path, func() (*sql.DB, error) {
		// Read-only, so the check itself cannot repair or change anything.
		return sql.Open("sqlite", "file:"+path+"?mode=ro&_pragma=busy_timeout(5000)")
	}, true)
}

func TestCrashPostgres(t *testing.T) {
	if testing.Short() {
		t.Skip("crash test skipped with -short")
	}
	dsn := dbtest.NewPostgresURL(t)
	crashTest(t, dsn, func() (*sql.DB, error) { return sql.Open("pgx", dsn) }, false)
}

type batch struct {
	acked     bool
	update    int // 0 none, 1 sent, 2 acknowledged
	updatedAt int // cycle of the update's acknowledgement
}

type crashLedger struct {
	mu      sync.Mutex
	next    int
	batches map[int]*batch
	users   map[string]bool // login → acknowledged
	nextU   int
	bad     []string // answers that are neither success nor a dropped connection
	tries   atomic.Int64
	acks    atomic.Int64
}

func (l *crashLedger) problem(format string, args ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.bad) < 20 {
		l.bad = append(l.bad, fmt.Sprintf(format, args...))
	}
}

func batchCSV(b int, unit string) string {
	var sb strings.Builder
	sb.WriteString("職員番号,氏名,フリガナ,採用日,雇用区分,所属\n")
	for i := range crashBatchRows {
		fmt.Fprintf(&sb, "%d,山田 太郎,ヤマダ タロウ,2020-04-01,正規,総務部 %s\n", crashBase+b*crashBatchRows+i, unit)
	}
	return sb.String()
}

type importAnswer struct {
	Applied bool `json:"applied"`
	Added   int  `json:"added"`
	Updated int  `json:"updated"`
}

// postImport sends one import; it reports whether the server acknowledged it.
func postImport(hc *http.Client, l *crashLedger, base, token, body string, want func(importAnswer) bool) bool {
	req, _ := http.NewRequest("POST", base+"/api/v1/imports/staff?dry_run=false&filename=batch.csv", strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "text/csv")
	l.tries.Add(1)
	resp, err := hc.Do(req)
	if err != nil {
		return false // cut off by the kill: in doubt
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return false
	}
	var a importAnswer
	if resp.StatusCode == http.StatusOK && json.Unmarshal(b, &a) == nil && want(a) {
		l.acks.Add(1)
		return true
	}
	l.problem("import: status %d: %.300s", resp.StatusCode, b)
	return false
}

func crashTest(t *testing.T, dsn string, openCheck func() (*sql.DB, error), sqlite bool) {
	start := time.Now()
	bin := binary(t)
	t.Logf("binary built in %.1fs", time.Since(start).Seconds())
	logPath := filepath.Join(t.TempDir(), "server.log")
	// The token command also makes the municipality and the admin account.
	code, out, errOut := runCLI(t, bin, "token", "create", "--db", dsn, "--login", "admin", "--name", "crash")
	token := strings.TrimSpace(out)
	if code != 0 || token == "" {
		t.Fatalf("token create: %d %s %s", code, out, errOut)
	}
	first := startServer(t, bin, dsn, logPath)
	cookie := login(t, first.base)
	first.kill()

	l := &crashLedger{batches: map[int]*batch{}, users: map[string]bool{}}
	var cur atomic.Pointer[string]
	var cycle atomic.Int64
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	hc := &http.Client{Timeout: 30 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	wait := func() string {
		for ctx.Err() == nil {
			if p := cur.Load(); p != nil {
				return *p
			}
			time.Sleep(5 * time.Millisecond)
		}
		return ""
	}
	var wg sync.WaitGroup
	writer := func(fn func(base string)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				if base := wait(); base != "" {
					fn(base)
				}
			}
		}()
	}
	// (a) Imports of new staff, three at a time.
	for range 3 {
		writer(func(base string) {
			l.mu.Lock()
			b := l.next
			l.next++
			l.batches[b] = &batch{}
			l.mu.Unlock()
			if postImport(hc, l, base, token, batchCSV(b, "人事課"), func(a importAnswer) bool { return a.Applied && a.Added == crashBatchRows }) {
				l.mu.Lock()
				l.batches[b].acked = true
				l.mu.Unlock()
			}
		})
	}
	// (b) Edits: an acknowledged batch moves, all 20 rows at once, to another unit.
	writer(func(base string) {
		l.mu.Lock()
		b := -1
		for i := 0; i < l.next; i++ {
			if x := l.batches[i]; x != nil && x.acked && x.update == 0 {
				b = i
				x.update = 1
				break
			}
		}
		l.mu.Unlock()
		if b < 0 {
			time.Sleep(10 * time.Millisecond)
			return
		}
		if postImport(hc, l, base, token, batchCSV(b, "秘書課"), func(a importAnswer) bool { return a.Applied && a.Updated == crashBatchRows }) {
			l.mu.Lock()
			l.batches[b].update = 2
			l.batches[b].updatedAt = int(cycle.Load())
			l.mu.Unlock()
		}
	})
	// (c) New user accounts through the form, with the session cookie.
	writer(func(base string) {
		l.mu.Lock()
		login := fmt.Sprintf("crash_u%04d", l.nextU)
		l.nextU++
		l.users[login] = false
		l.mu.Unlock()
		form := url.Values{"login": {login}, "display_name": {"クラッシュ試験"}, "role": {"center_staff"}, "password": {"Kx7-mQ2v-Lp9z"}}
		req, _ := http.NewRequest("POST", base+"/users", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.AddCookie(cookie)
		l.tries.Add(1)
		resp, err := hc.Do(req)
		if err != nil {
			return
		}
		b, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			return
		}
		if resp.StatusCode == http.StatusSeeOther && resp.Header.Get("Location") == "/users" {
			l.acks.Add(1)
			l.mu.Lock()
			l.users[login] = true
			l.mu.Unlock()
			return
		}
		l.problem("user %s: status %d: %.300s", login, resp.StatusCode, b)
	})

	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 6))
	kills := 0
	var last crashFigures
	loopStart := time.Now()
	for kills < crashKills && time.Since(loopStart) < crashBudget {
		c := startServer(t, bin, dsn, logPath)
		cycle.Add(1)
		cur.Store(&c.base)
		// A random moment: early ones hit start-up and first writes, later
		// ones hit imports and password hashing in full flight.
		time.Sleep(time.Duration(50+rng.IntN(650)) * time.Millisecond)
		cur.Store(nil) // no new request; those in flight are cut by the kill
		c.kill()
		kills++
		last = crashCheck(t, bin, dsn, openCheck, sqlite, l)
		if t.Failed() {
			t.Logf("server log ends:\n%s", tail(logPath, 3000))
			cancel()
			wg.Wait()
			return
		}
	}
	cancel()
	wg.Wait()
	if kills < 20 {
		t.Fatalf("only %d kills within %v", kills, crashBudget)
	}
	// The writers stopped with the server down; one last check covers acks
	// recorded after the last check, then the server serves what survived.
	last = crashCheck(t, bin, dsn, openCheck, sqlite, l)
	c := startServer(t, bin, dsn, logPath)
	req, _ := http.NewRequest("GET", c.base+"/api/v1/staff?limit=1", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := hc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var list struct{ Total int }
	json.NewDecoder(resp.Body).Decode(&list)
	resp.Body.Close()
	c.stop()
	if list.Total != last.staffRows {
		t.Errorf("after the last restart the API lists %d staff, the database holds %d", list.Total, last.staffRows)
	}
	l.mu.Lock()
	bad := append([]string{}, l.bad...)
	l.mu.Unlock()
	for _, b := range bad {
		t.Errorf("unexpected answer: %s", b)
	}
	integrity := "PRAGMA integrity_check ok after every kill"
	if !sqlite {
		integrity = "integrity: PostgreSQL's own WAL (the app was killed, not the server)"
	}
	t.Logf("FIGURES %s: kills survived %d in %.1fs; writes sent %d, acknowledged %d; acknowledged writes checked after every kill, %d at the end "+
		"(imports %d, updates %d, users %d); imports cut off by a kill: %d wholly in, %d wholly out, 0 partial; updates cut off: %d in, %d out; "+
		"staff rows %d, audit entries verified %d; %s",
		map[bool]string{true: "sqlite", false: "postgres"}[sqlite], kills, time.Since(loopStart).Seconds(), l.tries.Load(), l.acks.Load(),
		last.ackBatches+last.ackUpdates+last.ackUsers, last.ackBatches, last.ackUpdates, last.ackUsers,
		last.doubtIn, last.doubtOut, last.updDoubtIn, last.updDoubtOut, last.staffRows, last.auditEntries, integrity)
}

type crashFigures struct {
	ackBatches, ackUpdates, ackUsers int
	doubtIn, doubtOut                int
	updDoubtIn, updDoubtOut          int
	staffRows, auditEntries          int
}

// crashCheck inspects the database of the dead server against the ledger.
func crashCheck(t *testing.T, bin, dsn string, openCheck func() (*sql.DB, error), sqlite bool, l *crashLedger) crashFigures {
	t.Helper()
	var f crashFigures
	ctx, cancel := withTimeout(60 * time.Second)
	defer cancel()
	d, err := openCheck()
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if sqlite {
		var res []string
		rows, err := d.QueryContext(ctx, `PRAGMA integrity_check`)
		if err != nil {
			t.Fatalf("integrity_check: %v", err)
		}
		for rows.Next() {
			var s string
			rows.Scan(&s)
			res = append(res, s)
		}
		rows.Close()
		if len(res) != 1 || res[0] != "ok" {
			t.Fatalf("PRAGMA integrity_check: %v", res)
		}
	}
	// Staff by number, with the unit they are in now.
	units := map[int]string{}
	rows, err := d.QueryContext(ctx, `SELECT s.number, COALESCE(o.name, '') FROM staff s LEFT JOIN org_units o ON o.id = s.unit_id`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var num, unit string
		rows.Scan(&num, &unit)
		var n int
		fmt.Sscan(num, &n)
		if _, dup := units[n]; dup {
			t.Errorf("職員番号 %s appears twice", num)
		}
		units[n] = unit
		f.staffRows++
	}
	rows.Close()
	var dups int
	d.QueryRowContext(ctx, `SELECT COUNT(*) FROM (SELECT number FROM staff GROUP BY municipality_id, number HAVING COUNT(*) > 1) x`).Scan(&dups)
	if dups > 0 {
		t.Errorf("%d 職員番号 appear more than once", dups)
	}
	// Each staff row has exactly one open assignment and one import_add entry.
	var open, adds, users, userAudits int
	d.QueryRowContext(ctx, `SELECT COUNT(*) FROM staff_assignments WHERE to_date IS NULL`).Scan(&open)
	d.QueryRowContext(ctx, `SELECT COUNT(DISTINCT entity_id) FROM audit_log WHERE action = 'import_add'`).Scan(&adds)
	d.QueryRowContext(ctx, `SELECT COUNT(*) FROM users`).Scan(&users)
	d.QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_log WHERE action = 'create' AND entity = 'user'`).Scan(&userAudits)
	d.QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_log`).Scan(&f.auditEntries)
	if open != f.staffRows || adds != f.staffRows {
		t.Errorf("%d staff rows, %d open assignments, %d import_add audit entries", f.staffRows, open, adds)
	}
	if users != userAudits {
		t.Errorf("%d users, %d user creation audit entries", users, userAudits)
	}
	present := map[string]bool{}
	rows, err = d.QueryContext(ctx, `SELECT login FROM users`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var s string
		rows.Scan(&s)
		present[s] = true
	}
	rows.Close()

	l.mu.Lock()
	defer l.mu.Unlock()
	seen := 0
	for b, x := range l.batches {
		n := 0
		unitsOf := map[string]int{}
		for i := range crashBatchRows {
			if u, ok := units[crashBase+b*crashBatchRows+i]; ok {
				n++
				unitsOf[u]++
			}
		}
		seen += n
		switch {
		case n != 0 && n != crashBatchRows:
			t.Errorf("import %d is partly there: %d of %d rows", b, n, crashBatchRows)
		case x.acked && n == 0:
			t.Errorf("acknowledged import %d is lost", b)
		case x.acked:
			f.ackBatches++
		case n > 0:
			f.doubtIn++
		default:
			f.doubtOut++
		}
		if n == crashBatchRows {
			switch {
			case len(unitsOf) != 1:
				t.Errorf("update of import %d is partly there: %v", b, unitsOf)
			case x.update == 2 && unitsOf["秘書課"] != crashBatchRows:
				t.Errorf("acknowledged update of import %d is lost: %v", b, unitsOf)
			case x.update == 2:
				f.ackUpdates++
			case x.update == 1 && unitsOf["秘書課"] == crashBatchRows:
				f.updDoubtIn++
			case x.update == 1:
				f.updDoubtOut++
			case unitsOf["秘書課"] > 0:
				t.Errorf("import %d was moved although no update was sent", b)
			}
		}
	}
	if seen != f.staffRows {
		t.Errorf("%d staff rows, but only %d belong to imports that were sent", f.staffRows, seen)
	}
	for login, acked := range l.users {
		if acked {
			if !present[login] {
				t.Errorf("acknowledged user %s is lost", login)
			}
			f.ackUsers++
		}
	}
	code, out, errOut := runCLI(t, bin, "audit", "verify", "--db", dsn)
	if code != 0 {
		t.Errorf("hagukumi audit verify: exit %d: %s %s", code, out, errOut)
	}
	return f
}
