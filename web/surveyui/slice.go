// Package surveyui serves the after-training survey (editing, answering,
// results) and the trainee's report with its review by the supervisor
// (PRODUCT T7).
package surveyui

import (
	"embed"

	"hagukumi/auth"
	"hagukumi/web"
)

//go:embed templates
var templates embed.FS

// ui is the slice's handlers over the web kit.
type ui struct{ *web.Server }

// Register adds the slice's routes and templates to the server.
func Register(s *web.Server) {
	s.Templates(templates)
	u := &ui{s}
	s.Handle(web.Route{Pattern: "GET /programs/{code}/survey", Roles: auth.Center}, u.editSurvey)
	s.Handle(web.Route{Pattern: "POST /programs/{code}/survey", Roles: auth.Center}, u.saveSurvey)
	s.Handle(web.Route{Pattern: "GET /programs/{code}/survey/results", Roles: auth.Center}, u.results)
	s.Handle(web.Route{Pattern: "GET /sessions/{id}/survey", Roles: auth.Everyone}, u.survey)
	s.Handle(web.Route{Pattern: "POST /sessions/{id}/survey", Roles: auth.Everyone}, u.answer)
	s.Handle(web.Route{Pattern: "GET /sessions/{id}/report", Roles: auth.Everyone}, u.report)
	s.Handle(web.Route{Pattern: "POST /sessions/{id}/report", Roles: auth.Everyone}, u.saveReport)
	s.Handle(web.Route{Pattern: "GET /reports", Roles: auth.ReportReaders, Menu: "報告書", Order: 70, Nav: "reports"}, u.reports)
	s.Handle(web.Route{Pattern: "POST /reports/{id}/review", Roles: auth.Supervisors}, u.review)
	s.Handle(web.Route{Pattern: "GET /api/v1/programs/{code}/survey/results", Roles: auth.Center, Summary: "アンケート結果（fy, session）。5段階評価の平均と分布、選択肢の件数、自由記述",
		API: &web.APIDoc{Query: []web.Param{{Name: "fy", Description: "年度（2026、R8、令和8）。省略時は今年度"}, {Name: "session", Description: "開催回の番号（省略時は全回）", Type: "integer"}}, Response: resultsJSON{}}}, u.apiResults)
}
