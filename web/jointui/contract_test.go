package jointui_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"hagukumi/auth"
	"hagukumi/calendar"
	"hagukumi/web/webtest"
)

// postJSON sends a JSON body to an API path as the role's token.
func postJSON(t *testing.T, f *webtest.Fixture, role auth.Role, path, body string) *httptest.ResponseRecorder {
	t.Helper()
	r := httptest.NewRequest(http.MethodPost, path, strings.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	return f.Do(r, f.Bearer(t, webtest.LoginOf(role)))
}

func decode(t *testing.T, w *httptest.ResponseRecorder, v any) {
	t.Helper()
	if err := json.Unmarshal(w.Body.Bytes(), v); err != nil {
		t.Fatalf("%v: %s", err, w.Body.String())
	}
}

// TestJointContract: the programmes of a fiscal year carry id, name, host
// and quota; an application beyond the quota answers 409 and changes
// nothing; a completion reaches the person's history.
func TestJointContract(t *testing.T) {
	webtest.ForEach(t, func(t *testing.T, f *webtest.Fixture) {
		f.Srv.SetClock(func() time.Time { return time.Date(2026, 5, 1, 10, 0, 0, 0, calendar.JST) })
		w := postJSON(t, f, auth.CenterStaff, "/api/v1/joint-programmes", `{"name":"政策形成研修","host":"静岡県市長会・町村会","quota":2,"starts_on":"2026-07-08","ends_on":"2026-07-09","hours":12,"apply_by":"2026-06-05"}`)
		if w.Code != http.StatusCreated {
			t.Fatalf("create: %d %s", w.Code, w.Body.String())
		}
		var p struct{ ID int64 }
		decode(t, w, &p)

		w = f.Get("/api/v1/joint-programmes?fy=2026", f.Bearer(t, webtest.LoginOf(auth.Staff)))
		var list struct {
			Items []map[string]any `json:"items"`
		}
		decode(t, w, &list)
		if len(list.Items) != 1 || list.Items[0]["name"] != "政策形成研修" || list.Items[0]["host"] != "静岡県市長会・町村会" || list.Items[0]["quota"] != 2.0 || list.Items[0]["id"] != float64(p.ID) {
			t.Fatalf("programmes %s", w.Body.String())
		}
		decode(t, f.Get("/api/v1/joint-programmes?fy=2025", f.Bearer(t, webtest.LoginOf(auth.Staff))), &list)
		if len(list.Items) != 0 {
			t.Fatalf("another year lists %v", list.Items)
		}

		apps := fmt.Sprintf("/api/v1/joint-programmes/%d/applications", p.ID)
		// The liaison of 市民文化部 recommends their own staff, not 総務部's.
		if w := postJSON(t, f, auth.Liaison, apps, `{"number":"A1001"}`); w.Code != http.StatusNotFound {
			t.Fatalf("out-of-scope application: %d %s", w.Code, w.Body.String())
		}
		for _, n := range []string{"A2001", "A2002"} {
			if w := postJSON(t, f, auth.Liaison, apps, `{"number":"`+n+`"}`); w.Code != http.StatusCreated {
				t.Fatalf("apply %s: %d %s", n, w.Code, w.Body.String())
			}
		}
		before := f.Count(t, `SELECT COUNT(*) FROM joint_applications`)
		w = postJSON(t, f, auth.CenterStaff, apps, `{"number":"A1001"}`)
		if w.Code != http.StatusConflict || !strings.Contains(w.Body.String(), "割当人数（2人）") {
			t.Fatalf("beyond the quota: %d %s", w.Code, w.Body.String())
		}
		if after := f.Count(t, `SELECT COUNT(*) FROM joint_applications`); after != before {
			t.Fatalf("a refused application changed the table: %d → %d", before, after)
		}

		var got struct {
			Items []struct {
				ID     int64
				Number string
			}
		}
		decode(t, f.Get(apps, f.Bearer(t, webtest.LoginOf(auth.Supervisor))), &got)
		if len(got.Items) != 2 || got.Items[0].Number != "A2001" {
			t.Fatalf("applications %+v", got)
		}
		if w := postJSON(t, f, auth.CenterStaff, fmt.Sprintf("/api/v1/joint-applications/%d/status", got.Items[0].ID), `{"status":"completed"}`); w.Code != http.StatusOK {
			t.Fatalf("complete: %d %s", w.Code, w.Body.String())
		}
		// The host's notice: one place, by the programme's policy (first come).
		if w := postJSON(t, f, auth.CenterStaff, fmt.Sprintf("/api/v1/joint-programmes/%d/decide", p.ID), `{"places":1,"seed":3}`); w.Code != http.StatusOK || !strings.Contains(w.Body.String(), `"accepted":[`+fmt.Sprint(got.Items[1].ID)+`]`) {
			t.Fatalf("decide: %d %s", w.Code, w.Body.String())
		}
		h := f.Get("/api/v1/staff/A2001/history", f.Bearer(t, webtest.LoginOf(auth.Staff)))
		if h.Code != http.StatusOK || !strings.Contains(h.Body.String(), "政策形成研修") {
			t.Fatalf("history %d %s", h.Code, h.Body.String())
		}
		exp := f.Get(fmt.Sprintf("/joint-programmes/%d/export", p.ID), f.Cookie(t, webtest.LoginOf(auth.CenterStaff)))
		if exp.Code != http.StatusOK || !strings.Contains(exp.Body.String(), "市町村名,研修名") || !strings.Contains(exp.Body.String(), "A2002") {
			t.Fatalf("export %d %s", exp.Code, exp.Body.String())
		}
		if page := f.Get("/joint-programmes?fy=2026", f.Cookie(t, webtest.LoginOf(auth.Staff))); page.Code != http.StatusOK || !strings.Contains(page.Body.String(), "令和8年7月8日") {
			t.Fatalf("page %d %s", page.Code, page.Body.String())
		}
	})
}
