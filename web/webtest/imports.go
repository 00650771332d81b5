package webtest

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"hagukumi/db"
)

// InsertImport stores an import row as the upload would, in a given state,
// for the routes that need an import to look at or apply.
func (f *Fixture) InsertImport(t testing.TB, muni int64, status, data string) int64 {
	t.Helper()
	now := time.Now().UTC()
	result := ""
	if status != "previewing" {
		result = `{"dry_run":true,"added":0,"updated":1,"unchanged":4,"retired":0,"errors":[],"changes":[],"new_units":[],"applied":false}`
	}
	id, err := db.Insert(context.Background(), f.D.W, `INSERT INTO imports (municipality_id, filename, data, as_of, retire_missing, status, result, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id`, muni, "fixture.csv", []byte(data), "2025-04-01", false, status, result, now)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// WaitImports waits until no import of the fixture is running, so that a
// background job never outlives its database.
func (f *Fixture) WaitImports(t testing.TB) {
	deadline := time.Now().Add(20 * time.Second)
	for {
		var n int
		err := f.D.R.QueryRow(`SELECT COUNT(*) FROM imports WHERE status IN ('previewing', 'applying')`).Scan(&n)
		if err != nil || n == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Errorf("%d imports still running after 20 s", n)
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// WaitImport polls an import's status page until it is no longer running
// and returns the last page.
func (f *Fixture) WaitImport(t testing.TB, path string, c Cred) *httptest.ResponseRecorder {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		w := f.Get(path, c)
		if w.Code != http.StatusOK {
			t.Fatalf("import %s: status %d", path, w.Code)
		}
		if !strings.Contains(w.Body.String(), `data-refresh="1"`) {
			return w
		}
		if time.Now().After(deadline) {
			t.Fatalf("import %s still running after 20 s", path)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// Count returns a single number from the database.
func (f *Fixture) Count(t testing.TB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := f.D.R.QueryRow(query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}
