package dispatchui_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"hagukumi/auth"
	"hagukumi/calendar"
	"hagukumi/dispatch"
	"hagukumi/public"
	"hagukumi/web/webtest"
)

// june is the tests' clock: 1 June 2026, 10:00 JST.
var june = time.Date(2026, 6, 1, 10, 0, 0, 0, calendar.JST)

// addTopic adds a published topic of 市民文化部 with A2002 (the instructor
// account's staff member) as its speaker, through the topics page.
func addTopic(t *testing.T, f *webtest.Fixture, title string) int64 {
	t.Helper()
	w := f.Post("/lectures/topics", url.Values{"fy": {"2026"}, "title": {title}, "unit": {"市民文化部"}, "minutes": {"90"}, "format": {"対面"},
		"speakers": {"A2002"}, "published": {"on"}}, f.Cookie(t, webtest.LoginOf(auth.CenterStaff)))
	if w.Code != http.StatusSeeOther {
		t.Fatalf("add topic: %d %s", w.Code, w.Body.String())
	}
	var id int64
	if err := f.D.R.QueryRow(`SELECT MAX(id) FROM dispatch_topics WHERE municipality_id = $1 AND title = $2`, f.A.ID, title).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

// storeRequest stores a request as the form would, without the public
// form's guards and rate limit, with a submission of its own.
func storeRequest(t *testing.T, f *webtest.Fixture, topicID int64, org string) (*dispatch.Request, string) {
	t.Helper()
	st := &dispatch.Store{DB: f.D, Now: func() time.Time { return june }}
	token, hash := public.NewToken()
	form := dispatch.Form{Organisation: org, ContactName: "望月 陽菜", Email: "hina@example.jp", Topic: fmt.Sprint(topicID),
		Dates: [3]string{"2026-06-20"}, AudienceSize: "30", PurposeOK: true, RequesterType: "自治会"}
	r, err := st.Submit(context.Background(), f.A.ID, &form, dispatch.Submission{Insert: func(tx *sql.Tx) (int64, error) {
		var id int64
		err := tx.QueryRow(`INSERT INTO public_submissions (municipality_id, kind, state, queued, name, email, message, token_hash, client_hash, created_at, updated_at)
			VALUES ($1, $2, 'received', $3, $4, $5, $6, $7, 'test', $8, $8) RETURNING id`, f.A.ID, dispatch.Kind, false, "望月 陽菜", "hina@example.jp", "講師派遣", hash, june.UTC()).Scan(&id)
		return id, err
	}})
	if err != nil {
		t.Fatal(err)
	}
	return r, token
}

// move asks the state API for a move and returns the status.
func move(t *testing.T, f *webtest.Fixture, id int64, body string) *httptest.ResponseRecorder {
	t.Helper()
	r := httptest.NewRequest(http.MethodPost, fmt.Sprintf("/api/v1/lecture-requests/%d/state", id), strings.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	return f.Do(r, f.Bearer(t, webtest.LoginOf(auth.CenterStaff)))
}

// stateOf reads a request's state from the database.
func stateOf(t *testing.T, f *webtest.Fixture, id int64) string {
	t.Helper()
	var s string
	if err := f.D.R.QueryRow(`SELECT state FROM dispatch_requests WHERE id = $1`, id).Scan(&s); err != nil {
		t.Fatal(err)
	}
	return s
}

// listed reads the API's list of a year's requests.
func listed(t *testing.T, f *webtest.Fixture, fy string) []map[string]any {
	t.Helper()
	w := f.Get("/api/v1/lecture-requests?fy="+fy, f.Bearer(t, webtest.LoginOf(auth.CenterStaff)))
	var out []map[string]any
	if w.Code != http.StatusOK || json.Unmarshal(w.Body.Bytes(), &out) != nil {
		t.Fatalf("list: %d %s", w.Code, w.Body.String())
	}
	return out
}

func itoa(n int64) string { return fmt.Sprint(n) }
