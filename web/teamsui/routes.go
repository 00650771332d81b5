package teamsui

import (
	"hagukumi/auth"
	"hagukumi/teams"
	"hagukumi/web"
)

func routes(s *ui) {
	anyone, center, answerers := auth.Everyone, auth.Center, []auth.Role{auth.CenterAdmin, auth.CenterStaff, auth.Liaison}
	s.Handle(web.Route{Pattern: "GET /teams", Roles: anyone, Menu: "政策提言チーム", Order: 130, Nav: "teams"}, s.teamList)
	s.Handle(web.Route{Pattern: "POST /teams", Roles: center}, s.teamCreate)
	s.Handle(web.Route{Pattern: "GET /teams/{id}", Roles: anyone}, s.teamPage)
	s.Handle(web.Route{Pattern: "GET /teams/{id}/report", Roles: anyone}, s.report)
	s.Handle(web.Route{Pattern: "GET /teams/{id}/export", Roles: center}, s.export)
	s.Handle(web.Route{Pattern: "POST /teams/{id}/cohorts", Roles: center}, s.cohortCreate)
	s.Handle(web.Route{Pattern: "GET /cohorts/{id}", Roles: anyone}, s.cohortPage)
	s.Handle(web.Route{Pattern: "GET /cohorts/{id}/minutes", Roles: anyone}, s.minutes)
	s.Handle(web.Route{Pattern: "POST /cohorts/{id}/members", Roles: center}, s.memberAdd)
	s.Handle(web.Route{Pattern: "POST /cohorts/{id}/meetings", Roles: center}, s.meetingAdd)
	s.Handle(web.Route{Pattern: "POST /cohorts/{id}/proposal", Roles: center}, s.proposalSave)
	s.Handle(web.Route{Pattern: "POST /cohorts/{id}/members/{staff}", Roles: center}, s.memberRole)
	s.Handle(web.Route{Pattern: "POST /cohorts/{id}/members/{staff}/remove", Roles: center}, s.memberRemove)
	s.Handle(web.Route{Pattern: "POST /cohorts/{id}/proposal/edit", Roles: center}, s.proposalEdit)
	s.Handle(web.Route{Pattern: "POST /cohorts/{id}/proposal/items", Roles: center}, s.itemAdd)
	s.Handle(web.Route{Pattern: "POST /cohorts/{id}/publish", Roles: center}, s.publish)
	s.Handle(web.Route{Pattern: "POST /cohorts/{id}/sessions", Roles: center}, s.sessionPlan)
	s.Handle(web.Route{Pattern: "POST /proposal-items/{id}/edit", Roles: center}, s.itemEdit)
	s.Handle(web.Route{Pattern: "POST /proposal-items/{id}/remove", Roles: center}, s.itemRemove)
	s.Handle(web.Route{Pattern: "POST /proposal-requests", Roles: center}, s.requestOpen)
	s.Handle(web.Route{Pattern: "GET /team-files/{id}", Roles: anyone}, s.file)
	s.Handle(web.Route{Pattern: "GET /proposal-items", Roles: answerers}, s.toAnswer)
	s.Handle(web.Route{Pattern: "GET /proposal-items/{id}", Roles: anyone}, s.itemPage)
	s.Handle(web.Route{Pattern: "POST /proposal-items/{id}/responses", Roles: answerers}, s.respondForm)

	s.Handle(web.Route{Pattern: "GET /api/v1/teams", Roles: anyone, Summary: "政策提言チームの一覧"}, s.apiTeams)
	s.Handle(web.Route{Pattern: "GET /api/v1/teams/{id}/cohorts", Roles: anyone, Summary: "チームの年度ごとの期（テーマ・メンバー）"}, s.apiCohorts)
	s.Handle(web.Route{Pattern: "GET /api/v1/teams/{id}/follow-up", Roles: anyone, Summary: "期ごとの提言項目の状況と反映率（?fy= の時点、省略時は今年度）"}, s.apiFollowUp)
	s.Handle(web.Route{Pattern: "GET /api/v1/team-counts", Roles: center, Summary: "年度の実績（期・メンバー・会議・提言・回答の数）",
		API: &web.APIDoc{Query: []web.Param{{Name: "fy", Description: "年度（省略時は今年度）"}}, Response: teams.YearCounts{}}}, s.apiCounts)
	s.Handle(web.Route{Pattern: "GET /api/v1/proposal-requests", Roles: answerers, Summary: "年度の回答依頼（期限）と部局ごとの回答状況（対象・回答済・期限超過）",
		API: &web.APIDoc{Query: []web.Param{{Name: "fy", Description: "年度（省略時は今年度）"}}, Response: requestStatus{}}}, s.apiRequest)
	s.Handle(web.Route{Pattern: "GET /api/v1/cohorts/{id}/proposal-items", Roles: anyone, Summary: "期の提言書の項目と最新の状況"}, s.apiItems)
	s.Handle(web.Route{Pattern: "POST /api/v1/proposal-items/{id}/responses", Roles: answerers,
		Summary: "提言項目への年度の回答を登録する（{fy, status: reflected|partly|considering|declined, progress: 0〜100, note}）。201、検証の誤りは 422、同じ年度の二度目は 409"}, s.apiRespond)
}
