package web_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
	"time"

	"hagukumi/app"
	"hagukumi/audit"
	"hagukumi/auth"
	"hagukumi/db/dbtest"
	"hagukumi/demo"
	"hagukumi/web"
)

// benchStaffServer is a SQLite city of n demo staff with a logged-in
// センター管理者, for the page benchmarks (the load figures come from
// `hagukumi bench`; these show allocations and regressions in benchstat).
func benchStaffServer(b *testing.B, n int) (http.Handler, string) {
	b.Helper()
	ctx := context.Background()
	d := dbtest.OpenSQLite(b)
	srv, err := app.New(d, web.Config{}, discardLogger())
	if err != nil {
		b.Fatal(err)
	}
	m, err := srv.Staff.EnsureMunicipality(ctx)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := demo.Fill(ctx, d, m.ID, demo.Options{Staff: n, Seed: 1, Now: time.Now()}); err != nil {
		b.Fatal(err)
	}
	if _, err := srv.Auth.CreateUser(ctx, m.ID, audit.System, auth.NewUser{Login: "bench_admin", DisplayName: "ベンチ", Role: auth.CenterAdmin, Password: testPassword}); err != nil {
		b.Fatal(err)
	}
	_, tok, err := srv.Auth.Login(ctx, "bench_admin", testPassword, "192.0.2.98")
	if err != nil {
		b.Fatal(err)
	}
	return srv.Handler(), sessionCookie + "=" + tok
}

func benchPage(b *testing.B, path string) {
	h, cookie := benchStaffServer(b, 2000)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		req := httptest.NewRequest(http.MethodGet, path, nil)
		req.Header.Set("Cookie", cookie)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			b.Fatalf("%s: status %d", path, rec.Code)
		}
		b.SetBytes(int64(rec.Body.Len()))
	}
}

// BenchmarkStaffListPage renders page 2 (50 rows) of 2,000 staff through
// the whole handler: session, list query, units and ranks, template.
func BenchmarkStaffListPage(b *testing.B) { benchPage(b, "/staff?page=2") }

// BenchmarkStaffListSearch is #1's page: a search and a filter.
func BenchmarkStaffListSearch(b *testing.B) {
	benchPage(b, "/staff?"+url.Values{"q": {"鈴木"}, "type": {"正規"}}.Encode())
}

// BenchmarkStaffListAPI is the same list as JSON.
func BenchmarkStaffListAPI(b *testing.B) {
	benchPage(b, "/api/v1/staff?"+url.Values{"q": {"鈴木"}, "type": {"正規"}, "limit": {"50"}}.Encode())
}
