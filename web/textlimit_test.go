package web_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"hagukumi/auth"
	"hagukumi/calendar"
	"hagukumi/web/webtest"
)

// TestLongTextIsRefusedOnBothEngines sends a session form whose venue or
// notes are longer than a person would type, up to 40 MB (what an attacker
// once stored, making /plan a 51 MB page): each is refused with a 400 that
// names the field and the limit where the form could be read, and nothing
// is stored.
func TestLongTextIsRefusedOnBothEngines(t *testing.T) {
	t.Parallel()
	webtest.ForEach(t, func(t *testing.T, f *webtest.Fixture) {
		if err := f.Srv.Train.EnsureCatalog(t.Context(), f.A.ID); err != nil {
			t.Fatal(err)
		}
		p, err := f.Srv.Train.ProgramByCode(t.Context(), f.A.ID, "NEW_HIRE")
		if err != nil {
			t.Fatal(err)
		}
		fy := calendar.CurrentFY(time.Now())
		form := func(field, value string) url.Values {
			v := url.Values{"program": {fmt.Sprint(p.ID)}, "fy": {fmt.Sprint(fy)}, "title": {"長文検査"}, "venue": {"本庁舎"},
				"capacity": {"30"}, "day0_date": {calendar.FiscalYearStart(fy).AddDate(0, 6, 0).Format(time.DateOnly)},
				"day0_start": {"09:00"}, "day0_end": {"17:00"}}
			v.Set(field, value)
			return v
		}
		before := f.Count(t, `SELECT COUNT(*) FROM sessions_training`)
		cases := []webtest.Scenario{
			{Name: "venue of 201 characters", As: auth.CenterAdmin, Method: "POST", URL: "/sessions", Form: form("venue", strings.Repeat("会", 201)),
				Want: 400, Body: []string{"「会場」は200文字以内で入力してください"}},
			{Name: "notes of 4001 characters", As: auth.CenterAdmin, Method: "POST", URL: "/sessions", Form: form("notes", strings.Repeat("あ", 4001)),
				Want: 400, Body: []string{"「備考」は4000文字以内で入力してください"}},
			{Name: "title of 201 characters", As: auth.CenterAdmin, Method: "POST", URL: "/sessions", Form: form("title", strings.Repeat("x", 201)),
				Want: 400, Body: []string{"「回の名称」は200文字以内"}},
			{Name: "venue of 40 MB", As: auth.CenterAdmin, Method: "POST", URL: "/sessions", Form: form("venue", strings.Repeat("x", 40<<20)),
				Want: 400},
			{Name: "display name of 101 characters", As: auth.CenterAdmin, Method: "POST", URL: "/users",
				Form: url.Values{"login": {"long_name"}, "display_name": {strings.Repeat("名", 101)}, "role": {string(auth.CenterStaff)}, "password": {"Long-Enough-Pass-42"}},
				Want: 400, Body: []string{"「表示名」は100文字以内"}},
			{Name: "unit name of 101 characters", As: auth.CenterAdmin, Method: "POST", URL: "/org/units", Form: url.Values{"name": {strings.Repeat("部", 101)}},
				Want: 400, Body: []string{"「所属名」は100文字以内"}},
		}
		// The same form at the limit is stored, so the refusals above are
		// the limits' doing and not a broken form's.
		cases = append(cases, webtest.Scenario{Name: "venue of 200 characters", As: auth.CenterAdmin, Method: "POST", URL: "/sessions",
			Form: form("venue", strings.Repeat("会", 200)), Want: 303})
		webtest.Run(t, f, cases)
		if n := f.Count(t, `SELECT COUNT(*) FROM sessions_training`); n != before+1 {
			t.Errorf("%d sessions stored, want the one at the limit", n-before)
		}
		if n := f.Count(t, `SELECT COUNT(*) FROM users WHERE login = 'long_name'`); n != 0 {
			t.Error("the account was stored")
		}
		if n := f.Count(t, `SELECT COUNT(*) FROM org_units WHERE name LIKE '部部部%'`); n != 0 {
			t.Error("the unit was stored")
		}
	})
}
