package universityui

import (
	"hagukumi/auth"
	"hagukumi/web"
)

func (s *ui) routes() {
	s.Handle(web.Route{Pattern: "GET /partners", Roles: auth.Center, Menu: "連携先", Order: 150, Nav: "partners"}, s.partners)
	s.Handle(web.Route{Pattern: "GET /api/v1/partners", Roles: auth.Center, Summary: "連携先（大学・県・市長会・町村会・企業など）と協定"}, s.apiPartners)
	s.Handle(web.Route{Pattern: "POST /api/v1/partners", Roles: auth.Center, Summary: "連携先の登録（name, kind, contact）"}, s.apiCreatePartner)
	s.Handle(web.Route{Pattern: "POST /api/v1/partners/{id}/agreements", Roles: auth.Center, Summary: "協定の登録（kind, signed_on, ends_on, auto_renew, scope, department）"}, s.apiAddAgreement)
	s.Handle(web.Route{Pattern: "POST /api/v1/partners/{id}/activities", Roles: auth.Center, Summary: "連携活動の記録（date, kind, title）"}, s.apiAddActivity)
	s.Handle(web.Route{Pattern: "POST /partners", Roles: auth.Center}, s.createPartner)
	s.Handle(web.Route{Pattern: "POST /university-courses", Roles: auth.Center}, s.createCourse)
	s.Handle(web.Route{Pattern: "POST /university-courses/{id}/lectures", Roles: auth.Center}, s.addLecture)
	s.Handle(web.Route{Pattern: "GET /university-courses", Roles: auth.Trainees, Menu: "大学連携講座", Order: 160, Nav: "courses"}, s.courses)
	s.Handle(web.Route{Pattern: "GET /api/v1/university-courses", Roles: auth.Trainees, Summary: "年度（fy）の大学連携講座と講義日・講師。センター以外は自分（所属長・所属研修担当は自所属）の講義のみ"}, s.apiCourses)
	s.Handle(web.Route{Pattern: "POST /api/v1/university-courses", Roles: auth.Center, Summary: "講座の登録（partner_id, fy, name, term: 前期|後期|通年, credits, coordinator）"}, s.apiCreateCourse)
	s.Handle(web.Route{Pattern: "POST /api/v1/university-courses/{id}/lectures", Roles: auth.Center, Summary: "講義日の登録（date, topic, hours, attendance, lecturers: [{number}]）"}, s.apiAddLecture)
	s.Handle(web.Route{Pattern: "POST /api/v1/university-courses/{id}/copy", Roles: auth.Center, Summary: "講座を別の年度へ複製（{\"fy\": N}）。講義日は同じ曜日へ移し、講師とテーマを引き継ぐ"}, s.apiCopyCourse)
	s.Handle(web.Route{Pattern: "GET /api/v1/outward/figures", Roles: auth.Center, Summary: "年度（fy）の実績：大学講義・連携活動・派遣（種類別）・共同研修"}, s.apiFigures)
	s.Handle(web.Route{Pattern: "GET /outward/figures/export", Roles: auth.Center}, s.exportFigures)
}
