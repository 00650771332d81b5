package jointui_test

import (
	"fmt"
	"net/http"
	"net/url"
	"testing"
	"time"

	"hagukumi/auth"
	"hagukumi/calendar"
	"hagukumi/web/webtest"
)

// TestJointForms: the center registers a programme on the page, a liaison
// applies for their staff within the quota and is refused beyond it, and
// the center marks a completion.
func TestJointForms(t *testing.T) {
	webtest.ForEach(t, func(t *testing.T, f *webtest.Fixture) {
		f.Srv.SetClock(func() time.Time { return time.Date(2026, 5, 1, 10, 0, 0, 0, calendar.JST) })
		w := f.Post("/joint-programmes", url.Values{"name": {"接遇研修"}, "host": {"静岡県市長会・町村会"}, "quota": {"1"}, "policy": {"first_come"},
			"starts_on": {"2026-07-08"}, "ends_on": {"2026-07-08"}, "hours": {"6"}, "apply_by": {"2026-06-05"}}, f.Cookie(t, webtest.LoginOf(auth.CenterStaff)))
		if w.Code != http.StatusSeeOther {
			t.Fatalf("create: %d %s", w.Code, w.Body.String())
		}
		page := w.Header().Get("Location")
		webtest.Run(t, f, []webtest.Scenario{
			{Name: "bad quota", As: auth.CenterStaff, Method: "POST", URL: "/joint-programmes", Form: url.Values{"name": {"x"}, "host": {"y"}, "quota": {"-1"}, "starts_on": {"2026-07-08"}, "ends_on": {"2026-07-08"}, "apply_by": {"2026-06-05"}}, Want: http.StatusSeeOther},
			{Name: "liaison applies", As: auth.Liaison, Method: "POST", URL: page + "/applications", Form: url.Values{"number": {"A2001"}}, Want: http.StatusSeeOther},
			{Name: "beyond the quota", As: auth.Liaison, Method: "POST", URL: page + "/applications", Form: url.Values{"number": {"A2002"}}, Want: http.StatusConflict, Body: []string{"割当人数（1人）に達しています"}},
			{Name: "page as liaison", As: auth.Liaison, URL: page, Want: http.StatusOK, Body: []string{"鈴木 次郎", "申込"}, NotBody: []string{"状態の変更"}},
			{Name: "staff may not open the list", As: auth.Staff, URL: page, Want: http.StatusForbidden},
		})
		var appID int64
		if err := f.D.R.QueryRow(`SELECT id FROM joint_applications`).Scan(&appID); err != nil {
			t.Fatal(err)
		}
		webtest.Run(t, f, []webtest.Scenario{
			{Name: "complete", As: auth.CenterStaff, Method: "POST", URL: fmt.Sprintf("/joint-applications/%d/status", appID), Form: url.Values{"status": {"completed"}, "back": {page}}, Want: http.StatusSeeOther},
			{Name: "page as center", As: auth.CenterStaff, URL: page, Want: http.StatusOK, Body: []string{"修了", "状態の変更"}},
			{Name: "history", As: auth.Staff, URL: "/api/v1/staff/A2001/history", Want: http.StatusOK, Body: []string{"接遇研修"}},
		})
	})
}
