package rtwui

import (
	"hagukumi/auth"
	"hagukumi/web"
)

// managers is who has a case list: case managers only.
var managers = []auth.Role{auth.CaseManager}

func routes(u *ui) {
	s := u.Server
	s.Handle(web.Route{Pattern: "GET /rtw", Roles: managers, Menu: "復職支援", Order: 170, Nav: "rtw"}, u.list)
	s.Handle(web.Route{Pattern: "GET /rtw/{id}", Roles: auth.Everyone}, u.casePage)
	s.Handle(web.Route{Pattern: "POST /rtw/{id}/notes", Roles: auth.Everyone}, u.addNote)
	s.Handle(web.Route{Pattern: "POST /rtw/{id}/content", Roles: auth.Everyone}, u.saveContent)
	s.Handle(web.Route{Pattern: "POST /rtw/{id}/step", Roles: auth.Everyone}, u.setStep)
	s.Handle(web.Route{Pattern: "POST /rtw/{id}/consents", Roles: auth.Everyone}, u.consent)
	s.Handle(web.Route{Pattern: "POST /rtw/{id}/disclosures", Roles: auth.Everyone}, u.disclose)
	s.Handle(web.Route{Pattern: "POST /rtw/{id}/adjustments", Roles: auth.Everyone}, u.release)
	s.Handle(web.Route{Pattern: "POST /rtw/{id}/close", Roles: auth.Everyone}, u.closeCase)
	s.Handle(web.Route{Pattern: "GET /rtw/{id}/audit", Roles: auth.Everyone}, u.review)
	s.Handle(web.Route{Pattern: "GET /work-adjustments", Roles: auth.Supervisors, Menu: "就業上の配慮", Order: 171, Nav: "adjustments"}, u.adjustments)
	s.Handle(web.Route{Pattern: "GET /api/v1/rtw-counts", Roles: auth.Admins, Summary: "復職支援の年度別件数（匿名。5未満は非表示）"}, u.apiCounts)
	s.Handle(web.Route{Pattern: "GET /api/v1/rtw-cases", Roles: managers, Summary: "担当している復職支援の一覧（閲覧は監査ログに記録）"}, u.apiList)
	s.Handle(web.Route{Pattern: "POST /api/v1/rtw-cases", Roles: []auth.Role{auth.CenterAdmin}, Summary: "復職支援の記録を作成し担当者を割り当てる（センター管理者）"}, u.apiCreate)
	s.Handle(web.Route{Pattern: "GET /api/v1/rtw-cases/{id}", Roles: auth.Everyone, Summary: "復職支援の記録（担当者のみ。ほかは404。閲覧は監査ログに記録）"}, u.apiCase)
	s.Handle(web.Route{Pattern: "POST /api/v1/rtw-cases/{id}/notes", Roles: auth.Everyone, Summary: "復職支援の記録にメモを追加（担当者のみ）"}, u.apiAddNote)
}
