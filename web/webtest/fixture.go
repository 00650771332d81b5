// Package webtest is the test kit of the web slices: a database with two
// municipalities, their staff, one account per role (and a few in the
// second municipality), API tokens and session cookies, the whole server as
// app.New builds it, and a table runner of request scenarios.
package webtest

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"slices"
	"sync"
	"testing"
	"time"

	"hagukumi/app"
	"hagukumi/audit"
	"hagukumi/auth"
	"hagukumi/db"
	"hagukumi/db/dbtest"
	"hagukumi/seal"
	"hagukumi/staff"
	"hagukumi/web"
)

// Password is every fixture account's password: long enough, not common,
// and free of the login names.
const Password = "Hagukumi-Test-Pass-2025"

// CookieName is the session cookie's name of a server built with web.Config{}.
const CookieName = "hagukumi_session"

// DiscardLogger keeps expected errors (a refused file, a bad form) out of
// the test output.
func DiscardLogger() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// Fixture is one database with two municipalities, their staff, the
// accounts, an API token per account, and the server.
type Fixture struct {
	D   *db.DB
	Srv *web.Server
	H   http.Handler

	A, B staff.Municipality
	// Units by municipality letter and path, e.g. Units["A"]["市民文化部"].
	Units map[string]map[string]int64

	mu       sync.Mutex
	users    map[string]*auth.User // by login
	tokens   map[string]string     // by login
	sessions map[string]string     // by login, made on first use
	seq      int
}

// ForEach runs fn with a fresh fixture on every database engine.
func ForEach(t *testing.T, fn func(t *testing.T, f *Fixture)) {
	t.Helper()
	dbtest.ForEachBackend(t, func(t *testing.T, d *db.DB) {
		fn(t, New(t, d))
	})
}

// New builds the fixture on an empty database.
func New(t *testing.T, d *db.DB) *Fixture {
	t.Helper()
	ctx := context.Background()
	srv, err := app.New(d, web.Config{Keys: TestKeys()}, DiscardLogger())
	if err != nil {
		t.Fatal(err)
	}
	f := &Fixture{D: d, Srv: srv, H: srv.Handler(), Units: map[string]map[string]int64{},
		users: map[string]*auth.User{}, tokens: map[string]string{}, sessions: map[string]string{}}
	// Background imports must end before the database closes (cleanups run
	// last-in first-out, and the database was opened before this one).
	t.Cleanup(func() { f.WaitImports(t) })

	if f.A, err = srv.Staff.EnsureMunicipality(ctx); err != nil {
		t.Fatal(err)
	}
	// A fresh install has no name; the fixture's city is named, as after
	// the first step of the home page.
	if err = srv.Staff.RenameMunicipality(ctx, audit.System, f.A.ID, "藤枝市", f.A.CenterName); err != nil {
		t.Fatal(err)
	}
	f.A.Name = "藤枝市"
	if f.B, err = srv.Staff.CreateMunicipality(ctx, "221007", "静岡市"); err != nil {
		t.Fatal(err)
	}
	asOf := time.Date(2025, 4, 1, 0, 0, 0, 0, time.UTC)
	for _, x := range []struct {
		letter string
		muni   int64
		csv    string
	}{{"A", f.A.ID, StaffCSVA}, {"B", f.B.ID, StaffCSVB}} {
		res, err := srv.Staff.Import(ctx, x.muni, audit.System, "fixture.csv", []byte(x.csv), staff.ImportOptions{AsOf: asOf})
		if err != nil {
			t.Fatal(err)
		}
		if !res.Applied || len(res.Errors) > 0 {
			t.Fatalf("fixture import %s: %+v", x.letter, res)
		}
		units, err := srv.Staff.Units(ctx, x.muni, 0)
		if err != nil {
			t.Fatal(err)
		}
		f.Units[x.letter] = map[string]int64{}
		for _, u := range units {
			f.Units[x.letter][u.Path] = u.ID
		}
	}

	for _, r := range auth.Roles {
		f.CreateUser(t, f.A.ID, "A", LoginOf(r), r)
	}
	for _, r := range UsersB {
		f.CreateUser(t, f.B.ID, "B", LoginOfB(r), r)
	}
	f.createLinked(t, LinkedCaseManager, auth.CaseManager, "A1001")
	f.createLinked(t, LinkedSysAdmin, auth.SysAdmin, "A1002")
	return f
}

// CreateUser adds an account (scoped and linked as the role needs) and its
// API token.
func (f *Fixture) CreateUser(t testing.TB, muni int64, letter, login string, r auth.Role) *auth.User {
	t.Helper()
	n := auth.NewUser{Login: login, DisplayName: "テスト " + login, Role: r, Password: Password}
	if r.NeedsUnit() {
		n.UnitID = f.Units[letter]["市民文化部"]
	}
	switch r {
	case auth.Staff:
		n.StaffID = f.StaffID(t, muni, map[string]string{"A": "A2001", "B": "B2001"}[letter])
	case auth.Instructor:
		n.StaffID = f.StaffID(t, muni, "A2002")
	}
	return f.add(t, muni, n)
}

// createLinked adds an account of municipality A linked to a staff member.
func (f *Fixture) createLinked(t testing.TB, login string, r auth.Role, number string) {
	t.Helper()
	f.add(t, f.A.ID, auth.NewUser{Login: login, DisplayName: "テスト " + login, Role: r, Password: Password,
		StaffID: f.StaffID(t, f.A.ID, number)})
}

func (f *Fixture) add(t testing.TB, muni int64, n auth.NewUser) *auth.User {
	t.Helper()
	ctx := context.Background()
	u, err := f.Srv.Auth.CreateUser(ctx, muni, audit.System, n)
	if err != nil {
		t.Fatalf("create %s: %v", n.Login, err)
	}
	tok, err := f.Srv.Auth.CreateToken(ctx, audit.System, u, "test")
	if err != nil {
		t.Fatal(err)
	}
	f.mu.Lock()
	f.users[n.Login], f.tokens[n.Login] = u, tok
	f.mu.Unlock()
	return u
}

// StaffID is the id of a staff member by number.
func (f *Fixture) StaffID(t testing.TB, muni int64, number string) int64 {
	t.Helper()
	m, err := f.Srv.Staff.ByNumber(context.Background(), muni, staff.Scope{}, number)
	if err != nil {
		t.Fatalf("staff %s: %v", number, err)
	}
	return m.ID
}

// Logins lists every account the fixture made, sorted.
func (f *Fixture) Logins() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []string
	for l := range f.users {
		out = append(out, l)
	}
	slices.Sort(out)
	return out
}

// User returns a fixture account by login.
func (f *Fixture) User(t testing.TB, login string) *auth.User {
	t.Helper()
	return lookup(t, f, f.users, login)
}

// Token returns the API token of a fixture account.
func (f *Fixture) Token(t testing.TB, login string) string {
	t.Helper()
	return lookup(t, f, f.tokens, login)
}

func lookup[V any](t testing.TB, f *Fixture, m map[string]V, login string) V {
	t.Helper()
	f.mu.Lock()
	defer f.mu.Unlock()
	v, ok := m[login]
	if !ok {
		t.Fatalf("no fixture account %q", login)
	}
	return v
}

// Session returns a session token of the account, logging in once (argon2
// is slow, so sessions are shared by the tests of one fixture).
func (f *Fixture) Session(t testing.TB, login string) string {
	t.Helper()
	f.mu.Lock()
	tok, ok := f.sessions[login]
	f.mu.Unlock()
	if ok {
		return tok
	}
	tok = f.NewSession(t, login, Password)
	f.mu.Lock()
	f.sessions[login] = tok
	f.mu.Unlock()
	return tok
}

// NewSession logs in afresh and returns the session token.
func (f *Fixture) NewSession(t testing.TB, login, password string) string {
	t.Helper()
	_, tok, err := f.Srv.Auth.Login(context.Background(), login, password, "192.0.2.99")
	if err != nil {
		t.Fatalf("login %s: %v", login, err)
	}
	return tok
}

// Next returns a number unique within the fixture, for throwaway names.
func (f *Fixture) Next() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.seq++
	return f.seq
}

// RenewTokens gives every account a new API token made at the server's
// current clock (tokens expire: a test that moves the clock years ahead
// needs tokens of that time).
func (f *Fixture) RenewTokens(t testing.TB) {
	t.Helper()
	f.mu.Lock()
	defer f.mu.Unlock()
	for login, u := range f.users {
		tok, err := f.Srv.Auth.CreateToken(context.Background(), audit.System, u, "test")
		if err != nil {
			t.Fatal(err)
		}
		f.tokens[login] = tok
	}
}

// TestKeys is the fixture's key ring for sealed content: a fixed test key,
// so that a second server on the fixture's database opens what the first
// sealed.
func TestKeys() *seal.Ring {
	r, err := seal.NewRing("k1", map[string][]byte{"k1": []byte("hagukumi-test-key-32-bytes-long!")})
	if err != nil {
		panic(err)
	}
	return r
}
