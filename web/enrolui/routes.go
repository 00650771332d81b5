package enrolui

import (
	"hagukumi/auth"
	"hagukumi/training"
	"hagukumi/web"
)

func (s *ui) routes() {
	s.Handle(web.Route{Pattern: "POST /sessions/{id}/nominate", Roles: auth.Center}, s.nominate)
	s.Handle(web.Route{Pattern: "POST /sessions/{id}/nominate-roster", Roles: auth.Center}, s.nominateRoster)
	s.Handle(web.Route{Pattern: "POST /sessions/{id}/apply", Roles: auth.Trainees}, s.apply)
	s.Handle(web.Route{Pattern: "POST /sessions/{id}/recommend", Roles: auth.Liaisons}, s.recommend)
	s.Handle(web.Route{Pattern: "POST /enrolments/{id}/cancel", Roles: auth.Trainees}, s.cancel)
	s.Handle(web.Route{Pattern: "POST /enrolments/{id}/move", Roles: auth.Center}, s.move)
	s.Handle(web.Route{Pattern: "POST /enrolments/{id}/select", Roles: auth.Center}, s.selectRecommended)
	s.Handle(web.Route{Pattern: "POST /enrolments/{id}/reject", Roles: auth.Center}, s.rejectRecommended)
	s.Handle(web.Route{Pattern: "POST /enrolments/{id}/approve", Roles: auth.Approvers}, s.approve)
	s.Handle(web.Route{Pattern: "POST /enrolments/{id}/decline", Roles: auth.Approvers}, s.decline)
	s.Handle(web.Route{Pattern: "GET /approvals", Roles: auth.Approvers, Menu: "承認", Order: 50, Nav: "approvals"}, s.approvals)
	s.Handle(web.Route{Pattern: "GET /recommendations", Roles: recommendationViewers, Menu: "推薦", Order: 60, Nav: "recommendations"}, s.recommendations)

	s.Handle(web.Route{Pattern: "GET /my/trainings", Roles: auth.Trainees, Staff: true, Menu: "わたしの研修", Order: 20, Nav: "my"}, s.myTrainings)
	s.Handle(web.Route{Pattern: "GET /notifications", Roles: auth.Trainees, Staff: true}, s.notifications)
	s.Handle(web.Route{Pattern: "POST /notifications/read", Roles: auth.Trainees, Staff: true}, s.notificationsRead)

	s.Handle(web.Route{Pattern: "POST /api/v1/sessions/{id}/enrolments", Roles: auth.Center, Summary: "指名（{\"numbers\":[…]} または {\"roster\":true}）",
		API: &web.APIDoc{Body: nominateBody{}, Response: training.EnrolResult{}, Status: []int{409, 413}}}, s.apiNominate)
	s.Handle(web.Route{Pattern: "POST /api/v1/enrolments/{id}/cancel", Roles: auth.Trainees, Summary: "受講の取消（{\"reason\":\"…\"}）。空いた席はキャンセル待ちの先頭へ",
		API: &web.APIDoc{Body: cancelBody{}, Response: training.Enrolment{}, Status: []int{409, 413}}}, s.apiCancel)
	s.Handle(web.Route{Pattern: "GET /api/v1/me/enrolments", Roles: auth.Trainees, Staff: true, Summary: "自分の申込・受講の一覧",
		API: &web.APIDoc{Response: []*training.Enrolment{}}}, s.apiMyEnrolments)
}

// recommendationViewers see GET /recommendations: a liaison their
// department's page to recommend from, the center every department's
// recommendations, to select among them.
var recommendationViewers = []auth.Role{auth.Liaison, auth.CenterAdmin, auth.CenterStaff}
