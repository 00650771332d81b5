package ojtui

import (
	"hagukumi/auth"
	"hagukumi/competency"
	"hagukumi/web"
)

// planReaders: the center, and a department's liaison and 所属長 for the
// plans of their unit.
var planReaders = []auth.Role{auth.CenterAdmin, auth.CenterStaff, auth.Liaison, auth.Supervisor}

// trainerNamers: the center, or the liaison for their department.
var trainerNamers = []auth.Role{auth.CenterAdmin, auth.CenterStaff, auth.Liaison}

func (s *ui) routes() {
	s.Handle(web.Route{Pattern: "GET /ojt", Roles: planReaders, Menu: "OJT", Order: 137, Nav: "ojt"}, s.plansPage)
	s.Handle(web.Route{Pattern: "POST /ojt/plans", Roles: auth.Center}, s.createPlans)
	s.Handle(web.Route{Pattern: "GET /ojt/plans/{id}", Roles: auth.Trainees}, s.planPage)
	s.Handle(web.Route{Pattern: "POST /ojt/plans/{id}/trainer", Roles: trainerNamers}, s.nameTrainer)
	s.Handle(web.Route{Pattern: "POST /ojt/plans/{id}/month", Roles: auth.Trainees}, s.saveMonth)
	s.Handle(web.Route{Pattern: "POST /ojt/plans/{id}/review", Roles: auth.Approvers}, s.signReview)
	s.Handle(web.Route{Pattern: "GET /ojt/export", Roles: auth.Center}, s.exportPlans)
	s.Handle(web.Route{Pattern: "GET /ojt/templates", Roles: auth.Center}, s.templatesPage)
	s.Handle(web.Route{Pattern: "POST /ojt/templates", Roles: auth.Center}, s.saveTemplate)
	s.Handle(web.Route{Pattern: "GET /competencies/coverage/export", Roles: auth.Center}, s.exportCoverage)
	s.Handle(web.Route{Pattern: "GET /my/ojt", Roles: auth.Trainees, Staff: true}, s.myOJT)

	s.Handle(web.Route{Pattern: "GET /staff/{number}/development", Roles: auth.Trainees}, s.developmentPage)
	s.Handle(web.Route{Pattern: "GET /my/development", Roles: auth.Trainees, Staff: true, Menu: "キャリアデザイン", Order: 139, Nav: "development"}, s.myDevelopment)
	s.Handle(web.Route{Pattern: "GET /career", Roles: []auth.Role{auth.CenterAdmin, auth.CenterStaff, auth.Supervisor}, Menu: "自己申告", Order: 140, Nav: "career"}, s.careerNotesPage)
	s.Handle(web.Route{Pattern: "POST /my/career", Roles: auth.Trainees, Staff: true}, s.saveCareer)
	s.Handle(web.Route{Pattern: "POST /staff/{number}/career/comment", Roles: []auth.Role{auth.Supervisor}}, s.commentCareer)

	s.Handle(web.Route{Pattern: "GET /competencies", Roles: auth.Center, Menu: "能力の体系", Order: 141, Nav: "competencies"}, s.competencies)
	s.Handle(web.Route{Pattern: "GET /competencies/export", Roles: auth.Center}, s.exportCompetencies)
	s.Handle(web.Route{Pattern: "POST /competencies/import", Roles: []auth.Role{auth.CenterAdmin}}, s.importCompetencies)
	s.Handle(web.Route{Pattern: "POST /competencies/mapping", Roles: []auth.Role{auth.CenterAdmin}}, s.mapProgram)

	s.Handle(web.Route{Pattern: "GET /api/v1/ojt/plans", Roles: auth.Center, Summary: "年度（fy）のOJT計画の一覧：trainee（職員番号）、trainer（職員番号またはnull）、state、progress（0〜1）、人事異動による変更（changes）"}, s.apiPlans)
	s.Handle(web.Route{Pattern: "POST /api/v1/ojt/plans/{id}/trainer", Roles: trainerNamers, Summary: "トレーナーの指名。本文は {number, override_reason}。条件に合わない指名は理由なしでは422、warnings（code, message）を返す"}, s.apiNameTrainer)
	s.Handle(web.Route{Pattern: "GET /api/v1/ojt/report", Roles: auth.Center, Summary: "年度（fy）のOJTの進み具合を部ごとに：計画数、トレーナー未指名、遅れ、所属長の確認漏れ、修了、平均の達成率"}, s.apiReport)
	s.Handle(web.Route{Pattern: "GET /api/v1/competencies/coverage", Roles: auth.Center, Summary: "能力の充足：職位ごとに、求められる能力に対応する研修を修了した職員の割合"}, s.apiCoverage)
	s.Handle(web.Route{Pattern: "GET /api/v1/career/counts", Roles: auth.Center, Summary: "年度（fy）のキャリアの自己申告の実績：在職者数、提出数、所属長のコメント数、部ごとの在職者数と提出数",
		API: &web.APIDoc{Query: []web.Param{{Name: "fy", Description: "年度（2026、R8、令和8）。省略時は今年度"}}, Response: competency.CareerCounts{}}}, s.apiCareerCounts)
	s.Handle(web.Route{Pattern: "GET /api/v1/ojt/counts", Roles: auth.Center, Summary: "年度（fy）のOJT実績：計画数、修了数、トレーナー数"}, s.apiCounts)
	s.Handle(web.Route{Pattern: "GET /api/v1/staff/{number}/development", Roles: auth.Trainees, Summary: "職員の育成の状況：現職位と次の職位に求められる能力と、それぞれに数える活動、受講すべき研修（due, 年度つき）、おすすめの研修"}, s.apiDevelopment)
}
