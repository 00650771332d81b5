package trainingui

import (
	"hagukumi/auth"
	"hagukumi/training"
	"hagukumi/web"
)

func (s *ui) routes() {
	s.Handle(web.Route{Pattern: "GET /programs", Roles: auth.Everyone, Menu: "研修", Order: 40, Nav: "programs"}, s.programs)
	s.Handle(web.Route{Pattern: "GET /programs/new", Roles: auth.Center}, s.newProgram)
	s.Handle(web.Route{Pattern: "POST /programs", Roles: auth.Center}, s.createProgram)
	s.Handle(web.Route{Pattern: "GET /programs/{code}", Roles: auth.Everyone}, s.program)
	s.Handle(web.Route{Pattern: "GET /programs/{code}/edit", Roles: auth.Center}, s.editProgram)
	s.Handle(web.Route{Pattern: "POST /programs/{code}", Roles: auth.Center}, s.updateProgram)
	s.Handle(web.Route{Pattern: "GET /programs/{code}/eligible", Roles: auth.RosterReaders}, s.eligible)
	s.Handle(web.Route{Pattern: "GET /programs/{code}/eligible/export", Roles: auth.RosterReaders}, s.exportEligible)
	s.Handle(web.Route{Pattern: "POST /programs/{code}/eligible/exceptions", Roles: auth.Center}, s.setException)
	s.Handle(web.Route{Pattern: "POST /programs/{code}/eligible/snapshot", Roles: auth.Center}, s.snapshot)
	s.Handle(web.Route{Pattern: "GET /api/v1/programs", Roles: auth.Everyone, Summary: "研修の一覧と対象者の条件",
		API: &web.APIDoc{Response: []programJSON{}}}, s.apiPrograms)
	s.Handle(web.Route{Pattern: "GET /api/v1/programs/{code}", Roles: auth.Everyone, Summary: "研修1件",
		API: &web.APIDoc{Response: programJSON{}}}, s.apiProgram)
	s.Handle(web.Route{Pattern: "GET /api/v1/programs/{code}/eligible", Roles: auth.RosterReaders, Summary: "研修の対象者（fy）。hagukumi eligible --json と同じ配列",
		API: &web.APIDoc{Query: []web.Param{{Name: "fy", Description: "年度（2026、R8、令和8）。省略時は今年度"}}, Response: []training.RosterEntry{}}}, s.apiEligible)
}
