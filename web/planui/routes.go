package planui

import (
	"hagukumi/auth"
	"hagukumi/web"
)

func (s *ui) routes() {
	s.Handle(web.Route{Pattern: "GET /plan", Roles: auth.Trainees, Menu: "研修計画", Order: 30, Nav: "plan"}, s.planPage)
	s.Handle(web.Route{Pattern: "GET /plan/print", Roles: auth.Trainees}, s.planPrint)
	s.Handle(web.Route{Pattern: "GET /plan/export", Roles: auth.RosterReaders}, s.planExport)
	s.Handle(web.Route{Pattern: "POST /plan/publish", Roles: auth.Center}, s.publish)
	s.Handle(web.Route{Pattern: "POST /plan/copy", Roles: auth.Center}, s.copyPlan)
	s.Handle(web.Route{Pattern: "POST /plan/quotas", Roles: auth.Center}, s.saveQuota)

	s.Handle(web.Route{Pattern: "GET /sessions/new", Roles: auth.Center}, s.sessionNew)
	s.Handle(web.Route{Pattern: "POST /sessions", Roles: auth.Center}, s.sessionCreate)
	s.Handle(web.Route{Pattern: "GET /sessions/{id}", Roles: auth.Trainees}, s.sessionPage) // also {id}.ics
	s.Handle(web.Route{Pattern: "GET /sessions/{id}/edit", Roles: auth.Center}, s.sessionEdit)
	s.Handle(web.Route{Pattern: "POST /sessions/{id}", Roles: auth.Center}, s.sessionUpdate)

	s.Handle(web.Route{Pattern: "POST /my/feed", Roles: auth.Trainees, Staff: true}, s.feedCreate)
	s.Handle(web.Route{Pattern: "POST /my/feed/revoke", Roles: auth.Trainees, Staff: true}, s.feedRevoke)
	s.Handle(web.Route{Pattern: "GET /feed/{file}"}, s.feed) // {token}.ics, authenticated by the token

	s.Handle(web.Route{Pattern: "GET /api/v1/sessions", Roles: auth.Trainees, Summary: "年度の開催回の一覧（fy）。センターには重複・祝日などの確認事項も",
		API: &web.APIDoc{Query: []web.Param{{Name: "fy", Description: "年度（2026、R8、令和8）。省略時は今年度"}}, Response: sessionsJSON{}}}, s.apiSessions)
	s.Handle(web.Route{Pattern: "GET /api/v1/sessions/{id}", Roles: auth.Trainees, Summary: "開催回1件と、見てよい範囲の受講者（roster）・自分の登録（mine）",
		API: &web.APIDoc{Response: sessionView{}}}, s.apiSession)
}
