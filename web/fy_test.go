package web_test

import (
	"context"
	"net/http"
	"net/url"
	"testing"

	"hagukumi/auth"
	"hagukumi/web/webtest"
)

// fyRoutes are the GET routes that read ?fy=, each with a role that may
// open it and the slice that serves it. Every one of them reads it through
// web.FY, so a 年度 nobody can mean is the same 400 everywhere.
var fyRoutes = []struct {
	pattern, path string
	as            auth.Role
	slice         string
}{
	{"GET /org", "/org", auth.CenterAdmin, "staffui"},
	{"GET /api/v1/org-units", "/api/v1/org-units", auth.CenterAdmin, "staffui"},
	{"GET /programs/{code}/eligible", "/programs/NEW_HIRE/eligible", auth.CenterAdmin, "trainingui"},
	{"GET /programs/{code}/eligible/export", "/programs/NEW_HIRE/eligible/export", auth.CenterAdmin, "trainingui"},
	{"GET /api/v1/programs/{code}/eligible", "/api/v1/programs/NEW_HIRE/eligible", auth.CenterAdmin, "trainingui"},
	{"GET /plan", "/plan", auth.CenterAdmin, "planui"},
	{"GET /plan/print", "/plan/print", auth.CenterAdmin, "planui"},
	{"GET /plan/export", "/plan/export", auth.CenterAdmin, "planui"},
	{"GET /sessions/new", "/sessions/new", auth.CenterAdmin, "planui"},
	{"GET /recommendations", "/recommendations", auth.Liaison, "planui"},
	{"GET /api/v1/sessions", "/api/v1/sessions", auth.CenterAdmin, "planui"},
	{"GET /programs/{code}/survey/results", "/programs/NEW_HIRE/survey/results", auth.CenterAdmin, "recordsui"},
	{"GET /api/v1/programs/{code}/survey/results", "/api/v1/programs/NEW_HIRE/survey/results", auth.CenterAdmin, "recordsui"},
	{"GET /api/v1/programs/{code}/not-attended", "/api/v1/programs/NEW_HIRE/not-attended", auth.CenterAdmin, "recordsui"},
	{"GET /api/v1/rtw-counts", "/api/v1/rtw-counts", auth.CenterAdmin, "rtwui"},
	{"GET /api/v1/team-counts", "/api/v1/team-counts", auth.CenterAdmin, "teamsui"},
	{"GET /ojt", "/ojt", auth.CenterAdmin, "ojtui"},
	{"GET /my/ojt", "/my/ojt", auth.Staff, "ojtui"},
	{"GET /api/v1/ojt/plans", "/api/v1/ojt/plans", auth.CenterAdmin, "ojtui"},
	{"GET /api/v1/ojt/counts", "/api/v1/ojt/counts", auth.CenterAdmin, "ojtui"},
	{"GET /api/v1/ojt/report", "/api/v1/ojt/report", auth.CenterAdmin, "ojtui"},
	{"GET /ojt/export", "/ojt/export", auth.CenterAdmin, "ojtui"},
	{"GET /joint-programmes", "/joint-programmes", auth.Staff, "jointui"},
	{"GET /api/v1/joint-programmes", "/api/v1/joint-programmes", auth.Staff, "jointui"},
	{"GET /partners", "/partners", auth.CenterStaff, "universityui"},
	{"GET /api/v1/partners", "/api/v1/partners", auth.CenterStaff, "universityui"},
	{"GET /university-courses", "/university-courses", auth.Staff, "universityui"},
	{"GET /api/v1/university-courses", "/api/v1/university-courses", auth.Staff, "universityui"},
	{"GET /api/v1/outward/figures", "/api/v1/outward/figures", auth.CenterStaff, "universityui"},
	{"GET /outward/figures/export", "/outward/figures/export", auth.CenterStaff, "universityui"},
	{"GET /lectures", "/lectures", auth.CenterStaff, "dispatchui"},
	{"GET /lectures/topics", "/lectures/topics", auth.Liaison, "dispatchui"},
	{"GET /lectures/figures", "/lectures/figures", auth.CenterStaff, "dispatchui"},
	{"GET /lectures/figures/export", "/lectures/figures/export", auth.CenterStaff, "dispatchui"},
	{"GET /api/v1/lecture-requests", "/api/v1/lecture-requests", auth.CenterStaff, "dispatchui"},
	{"GET /api/v1/lecture-figures", "/api/v1/lecture-figures", auth.CenterStaff, "dispatchui"},
	{"GET /recruit", "/recruit", auth.CenterStaff, "recruitui"},
	{"GET /recruit/universities", "/recruit/universities", auth.CenterStaff, "recruitui"},
	{"GET /recruit/figures", "/recruit/figures", auth.CenterStaff, "recruitui"},
	{"GET /recruit/figures/export", "/recruit/figures/export", auth.CenterStaff, "recruitui"},
	{"GET /api/v1/recruit-events", "/api/v1/recruit-events", auth.CenterStaff, "recruitui"},
	{"GET /api/v1/recruit-figures", "/api/v1/recruit-figures", auth.CenterStaff, "recruitui"},
}

// Every ?fy= answers 400 with a Japanese message for a 年度 that cannot be
// read (abc, 令和0年度, 明治2年度) or is out of range (令和99年度), and 200 for
// an ordinary one.
func TestBadFYIs400Everywhere(t *testing.T) {
	webtest.ForEach(t, func(t *testing.T, f *webtest.Fixture) {
		if err := f.Srv.Train.EnsureCatalog(context.Background(), f.A.ID); err != nil {
			t.Fatal(err)
		}
		registered := map[string]bool{}
		for _, rt := range f.Srv.Routes() {
			registered[rt.Pattern] = true
		}
		for _, rt := range fyRoutes {
			if !registered[rt.pattern] {
				t.Errorf("%s is not a route any more: update fyRoutes", rt.pattern)
				continue
			}
			t.Run(rt.pattern, func(t *testing.T) {
				var cases []webtest.Scenario
				for _, fy := range []string{"abc", "令和0年度", "令和99年度", "明治2年度"} {
					cases = append(cases, webtest.Scenario{Name: fy, As: rt.as, URL: rt.path, Form: url.Values{"fy": {fy}},
						Want: http.StatusBadRequest, Body: []string{"年度", "指定してください"}, NotBody: []string{"strconv", "error:"}})
				}
				cases = append(cases, webtest.Scenario{Name: "令和7年度", As: rt.as, URL: rt.path, Form: url.Values{"fy": {"令和7年度"}}, Want: http.StatusOK})
				webtest.Run(t, f, cases)
			})
		}
	})
}
