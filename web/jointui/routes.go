package jointui

import (
	"hagukumi/auth"
	"hagukumi/web"
)

func (s *ui) routes() {
	s.Handle(web.Route{Pattern: "GET /joint-programmes", Roles: auth.Trainees, Menu: "共同研修", Order: 140, Nav: "joint"}, s.programmes)
	s.Handle(web.Route{Pattern: "POST /joint-programmes", Roles: auth.Center}, s.createForm)
	s.Handle(web.Route{Pattern: "GET /joint-programmes/{id}", Roles: auth.ReportReaders}, s.programme)
	s.Handle(web.Route{Pattern: "POST /joint-programmes/{id}/applications", Roles: auth.RosterReaders}, s.applyForm)
	s.Handle(web.Route{Pattern: "POST /joint-applications/{id}/status", Roles: auth.Center}, s.statusForm)
	s.Handle(web.Route{Pattern: "GET /joint-programmes/{id}/export", Roles: auth.Center}, s.export)
	s.Handle(web.Route{Pattern: "GET /api/v1/joint-programmes", Roles: auth.Trainees, Summary: "年度（fy）の共同研修（市長会・町村会・県・JAMP・JIAM など）と本市の割当人数"}, s.apiProgrammes)
	s.Handle(web.Route{Pattern: "POST /api/v1/joint-programmes", Roles: auth.Center, Summary: "共同研修の登録（name, host, quota, policy: first_come|lottery|all, starts_on, ends_on, hours, apply_by）"}, s.apiCreate)
	s.Handle(web.Route{Pattern: "GET /api/v1/joint-programmes/{id}/applications", Roles: auth.ReportReaders, Summary: "共同研修への本市の申込（所属研修担当・所属長は自所属のみ）"}, s.apiApplications)
	s.Handle(web.Route{Pattern: "POST /api/v1/joint-programmes/{id}/applications", Roles: auth.RosterReaders, Summary: "共同研修への申込・推薦（{\"number\": \"…\", \"late_reason\": \"新規採用|新任係長|新任課長\"}）。割当人数を超えると 409"}, s.apiApply)
	s.Handle(web.Route{Pattern: "POST /api/v1/joint-programmes/{id}/decide", Roles: auth.Center, Summary: "主催者からの受講決定通知（{\"places\": N, \"seed\": S}）。申込・推薦の中から選考方法（先着・抽選・全員）で受講決定、残りは落選"}, s.apiDecide)
	s.Handle(web.Route{Pattern: "POST /api/v1/joint-applications/{id}/status", Roles: auth.Center, Summary: "申込の状態（{\"status\": applied|recommended|accepted|rejected|changed|cancelled|completed|absent}）。修了は受講履歴に外部研修として入る"}, s.apiStatus)
}
