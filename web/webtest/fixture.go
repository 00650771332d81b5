// Package webtest is the test kit of the web slices: a database with two
// municipalities, their staff, one account per role (and a few in the
// second municipality), API tokens and session cookies, the whole server as
// app.New builds it, and a table runner of request scenarios.
package webtest

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"hagukumi/app"
	"hagukumi/audit"
	"hagukumi/auth"
	"hagukumi/db"
	"hagukumi/db/dbtest"
	"hagukumi/staff"
	"hagukumi/web"
)

// Password is every fixture account's password: long enough, not common,
// and free of the login names.
const Password = "Hagukumi-Test-Pass-2025"

// CookieName is the session cookie's name of a server built with web.Config{}.
const CookieName = "hagukumi_session"

// StaffCSVA is municipality A's staff file. 総務部 人事課 and 市民文化部 市民課;
// the liaison and supervisor are scoped to 市民文化部, the staff and
// instructor accounts belong to A2001 and A2002, the linked case manager
// and system administrator to A1001 and A1002. A2003's 職種 starts with "="
// to check that exports neutralise it.
const StaffCSVA = "職員番号,氏名,フリガナ,性別,生年月日,採用日,雇用区分,職種,職位,職位発令日,所属,出身大学,メール,在職状況\n" +
	"A1001,髙橋 一樹,タカハシ カズキ,男,1988/7/12,2011/4/1,正規,一般事務,主任主事,2021/4/1,総務部 人事課,静岡大学,k.takahashi@example.jp,在職\n" +
	"A1002,山田 花子,ヤマダ ハナコ,女,1990/1/15,2015/4/1,正規,一般事務,主事,2015/4/1,総務部 人事課,,,在職\n" +
	"A2001,鈴木 次郎,スズキ ジロウ,男,1995/3/3,2018/4/1,正規,一般事務,主事,2018/4/1,市民文化部 市民課,常葉大学,,在職\n" +
	"A2002,佐藤 三郎,サトウ サブロウ,男,1980/5/20,2003/4/1,正規,一般事務,係長,2020/4/1,市民文化部 市民課,,,在職\n" +
	"A2003,伊藤 美咲,イトウ ミサキ,女,1999/9/9,2022/4/1,会計年度任用,=1+2,,,市民文化部 市民課,,,在職\n"

// StaffCSVB is municipality B's staff file: the same department names and
// other numbers, so a scope that forgot the municipality would show up.
const StaffCSVB = "職員番号,氏名,フリガナ,性別,生年月日,採用日,雇用区分,職種,職位,職位発令日,所属,出身大学,メール,在職状況\n" +
	"B1001,渡辺 健,ワタナベ ケン,男,1985/2/2,2008/4/1,正規,一般事務,主査,2019/4/1,総務部 人事課,,,在職\n" +
	"B2001,小林 優,コバヤシ ユウ,女,1993/6/6,2016/4/1,正規,一般事務,主事,2016/4/1,市民文化部 市民課,,,在職\n"

// Staff numbers by department, for the scope checks.
var (
	NumbersSomu   = []string{"A1001", "A1002"}
	NumbersShimin = []string{"A2001", "A2002", "A2003"}
	NumbersB      = []string{"B1001", "B2001"}
)

// UsersB are the roles municipality B gets an account for.
var UsersB = []auth.Role{auth.CenterAdmin, auth.SysAdmin, auth.Liaison, auth.Staff}

// Accounts of municipality A linked to a staff member although their role
// has no self-service pages: their menu and links must not lead to a 403.
const (
	LinkedCaseManager = "a_case_manager_linked"
	LinkedSysAdmin    = "a_system_admin_linked"
)

// LoginOf names municipality A's account of a role ("a_liaison").
func LoginOf(r auth.Role) string { return "a_" + string(r) }

// LoginOfB names municipality B's account of a role ("b_liaison").
func LoginOfB(r auth.Role) string { return "b_" + string(r) }

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
	srv, err := app.New(d, web.Config{}, DiscardLogger())
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

// Cred says how a request authenticates: a session cookie, an API token,
// or neither.
type Cred struct {
	Session string
	Bearer  string
}

// Anonymous sends no credentials.
var Anonymous = Cred{}

// Cookie and Bearer are the credentials of a fixture account.
func (f *Fixture) Cookie(t testing.TB, login string) Cred { return Cred{Session: f.Session(t, login)} }
func (f *Fixture) Bearer(t testing.TB, login string) Cred { return Cred{Bearer: f.Token(t, login)} }

// Apply adds the credentials to a request.
func (c Cred) Apply(r *http.Request) {
	if c.Session != "" {
		r.AddCookie(&http.Cookie{Name: CookieName, Value: c.Session})
	}
	if c.Bearer != "" {
		r.Header.Set("Authorization", "Bearer "+c.Bearer)
	}
}

// Do sends a request through the whole handler, middleware included.
func (f *Fixture) Do(r *http.Request, c Cred) *httptest.ResponseRecorder {
	c.Apply(r)
	w := httptest.NewRecorder()
	f.H.ServeHTTP(w, r)
	return w
}

// Get requests a path.
func (f *Fixture) Get(path string, c Cred) *httptest.ResponseRecorder {
	return f.Do(httptest.NewRequest(http.MethodGet, path, nil), c)
}

// Post sends a URL-encoded form.
func (f *Fixture) Post(path string, form url.Values, c Cred) *httptest.ResponseRecorder {
	return f.Do(FormRequest(path, form), c)
}

// FormRequest builds a POST of a URL-encoded form.
func FormRequest(path string, form url.Values) *http.Request {
	r := httptest.NewRequest(http.MethodPost, path, strings.NewReader(form.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return r
}

// MultipartRequest builds an upload of the staff form.
func MultipartRequest(t testing.TB, path, filename string, data []byte, fields map[string]string) *http.Request {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	fw, err := mw.CreateFormFile("file", filename)
	if err != nil {
		t.Fatal(err)
	}
	fw.Write(data)
	mw.Close()
	r := httptest.NewRequest(http.MethodPost, path, &b)
	r.Header.Set("Content-Type", mw.FormDataContentType())
	return r
}
