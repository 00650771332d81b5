package universityui_test

import (
	"net/http"
	"net/url"
	"testing"

	"hagukumi/auth"
	"hagukumi/web/webtest"
)

// TestCourseForms: the center registers a partner, a course and a lecture
// date on the pages; the lecturer then finds the date on their page.
func TestCourseForms(t *testing.T) {
	webtest.ForEach(t, func(t *testing.T, f *webtest.Fixture) {
		webtest.Run(t, f, []webtest.Scenario{
			{Name: "partner", As: auth.CenterStaff, Method: "POST", URL: "/partners", Form: url.Values{"name": {"静岡産業大学"}, "kind": {"大学"}}, Want: http.StatusSeeOther},
			{Name: "partners page", As: auth.CenterStaff, URL: "/partners", Want: http.StatusOK, Body: []string{"静岡産業大学"}},
		})
		var partner string
		if err := f.D.R.QueryRow(`SELECT CAST(id AS TEXT) FROM partners`).Scan(&partner); err != nil {
			t.Fatal(err)
		}
		webtest.Run(t, f, []webtest.Scenario{
			{Name: "course", As: auth.CenterStaff, Method: "POST", URL: "/university-courses", Form: url.Values{"partner_id": {partner}, "fy": {"2026"}, "name": {"地域産業論"}, "term": {"前期"}, "credits": {"2"}}, Want: http.StatusSeeOther},
			{Name: "course without name", As: auth.CenterStaff, Method: "POST", URL: "/university-courses", Form: url.Values{"partner_id": {partner}, "fy": {"2026"}, "term": {"前期"}}, Want: http.StatusBadRequest, Body: []string{"科目名を100文字以内で入力してください。"}},
		})
		var course string
		if err := f.D.R.QueryRow(`SELECT CAST(id AS TEXT) FROM university_courses`).Scan(&course); err != nil {
			t.Fatal(err)
		}
		webtest.Run(t, f, []webtest.Scenario{
			{Name: "lecture", As: auth.CenterStaff, Method: "POST", URL: "/university-courses/" + course + "/lectures", Form: url.Values{"fy": {"2026"}, "date": {"令和8年5月15日"}, "topic": {"地域の産業"}, "hours": {"1.5"}, "lecturers": {"A2001 A1001"}}, Want: http.StatusSeeOther},
			{Name: "unknown lecturer", As: auth.CenterStaff, Method: "POST", URL: "/university-courses/" + course + "/lectures", Form: url.Values{"fy": {"2026"}, "date": {"2026-05-22"}, "lecturers": {"Z9"}}, Want: http.StatusBadRequest, Body: []string{"職員番号 Z9 の職員が見つかりません。"}},
			{Name: "the lecturer's page", As: auth.Staff, URL: "/university-courses?fy=2026", Want: http.StatusOK, Body: []string{"地域産業論", "令和8年5月15日", "鈴木 次郎（市民課）"}, NotBody: []string{"講義日を追加"}},
			{Name: "instructor has no date", As: auth.Instructor, URL: "/university-courses?fy=2026", Want: http.StatusOK, NotBody: []string{"地域産業論"}},
		})
	})
}
