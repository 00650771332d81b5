package secondmentui_test

import (
	"net/http"
	"net/url"
	"testing"
	"time"

	"hagukumi/auth"
	"hagukumi/calendar"
	"hagukumi/web/webtest"
)

// TestSecondmentForm: the center registers a placement on the board; a
// wrong number is refused on the page; the person sees their own placement.
func TestSecondmentForm(t *testing.T) {
	webtest.ForEach(t, func(t *testing.T, f *webtest.Fixture) {
		f.Srv.SetClock(func() time.Time { return time.Date(2026, 7, 15, 10, 0, 0, 0, calendar.JST) })
		webtest.Run(t, f, []webtest.Scenario{
			{Name: "create", As: auth.CenterStaff, Method: "POST", URL: "/secondments", Form: url.Values{"number": {"A2001"}, "host": {"静岡県 企画部"}, "kind": {"県"}, "from": {"2026-04-01"}, "to": {"2027-03-31"}}, Want: http.StatusSeeOther},
			{Name: "unknown number", As: auth.CenterStaff, Method: "POST", URL: "/secondments", Form: url.Values{"number": {"Z9"}, "host": {"静岡県"}, "kind": {"県"}, "from": {"2026-04-01"}, "to": {"2027-03-31"}}, Want: http.StatusBadRequest, Body: []string{"職員番号 Z9 の職員が見つかりません。"}},
			{Name: "board", As: auth.Staff, URL: "/secondments", Want: http.StatusOK, Body: []string{"静岡県 企画部", "地方自治法252条の17", "最終報告"}, NotBody: []string{"派遣を登録する"}},
			{Name: "eligible", As: auth.CenterStaff, URL: "/api/v1/secondments/eligibility", Form: url.Values{"number": {"A2001"}, "min_years": {"5"}, "max_age": {"40"}}, Want: http.StatusOK, Body: []string{`"eligible":true`}},
			{Name: "too few years", As: auth.CenterStaff, URL: "/api/v1/secondments/eligibility", Form: url.Values{"number": {"A2003"}, "min_years": {"5"}}, Want: http.StatusOK, Body: []string{`"eligible":false`, "勤続年数が足りません"}},
			{Name: "liaison, other department", As: auth.Liaison, URL: "/api/v1/secondments/eligibility", Form: url.Values{"number": {"A1001"}}, Want: http.StatusNotFound},
			{Name: "not another's", As: auth.Instructor, URL: "/secondments", Want: http.StatusOK, NotBody: []string{"静岡県 企画部"}},
		})
	})
}
