package secondmentui

import (
	"hagukumi/auth"
	"hagukumi/web"
)

func (s *ui) routes() {
	s.Handle(web.Route{Pattern: "GET /secondments", Roles: auth.Trainees, Menu: "派遣", Order: 170, Nav: "secondments"}, s.board)
	s.Handle(web.Route{Pattern: "POST /secondments", Roles: auth.Center}, s.createForm)
	s.Handle(web.Route{Pattern: "POST /secondment-reports/{id}", Roles: auth.Trainees}, s.upload)
	s.Handle(web.Route{Pattern: "GET /api/v1/secondments", Roles: auth.Trainees, Summary: "active_on（YYYY-MM-DD、省略時は今日）に派遣中の職員と報告の提出状況・期限超過数。センター以外は自分（所属長・所属研修担当は自所属）のみ"}, s.apiActive)
	s.Handle(web.Route{Pattern: "GET /api/v1/secondments/eligibility", Roles: auth.RosterReaders, Summary: "派遣の応募資格の確認（number, min_years, max_age, need_commitment=true, committed=true, as_of）。満たさない理由を返す"}, s.apiEligibility)
	s.Handle(web.Route{Pattern: "POST /api/v1/secondments", Roles: auth.Center, Summary: "派遣の登録（number, host, kind: 国|県|民間|大学院|研究会|他自治体|公益法人, basis, from, to, costs）。報告の期限は種類から作られる"}, s.apiCreate)
	s.Handle(web.Route{Pattern: "POST /api/v1/secondment-reports/{id}", Roles: auth.Trainees, Summary: "報告書の提出（multipart の file）。本人・所属長・センター"}, s.apiUpload)
}
