package adminui

import (
	"hagukumi/auth"
	"hagukumi/web"
)

func (s *ui) routes() {
	s.Handle(web.Route{Pattern: "GET /users", Roles: auth.Admins, Menu: "管理", Order: 120, Nav: "admin"}, s.usersPage)
	s.Handle(web.Route{Pattern: "GET /users/new", Roles: auth.Admins}, s.userNewPage)
	s.Handle(web.Route{Pattern: "POST /users", Roles: auth.Admins}, s.userCreate)
	s.Handle(web.Route{Pattern: "GET /users/{id}", Roles: auth.Admins}, s.userEditPage)
	s.Handle(web.Route{Pattern: "POST /users/{id}", Roles: auth.Admins}, s.userUpdate)
	s.Handle(web.Route{Pattern: "POST /users/{id}/password", Roles: auth.Admins}, s.userResetPassword)
	s.Handle(web.Route{Pattern: "GET /audit", Roles: auth.Admins}, s.auditPage)
	s.Handle(web.Route{Pattern: "GET /audit/export", Roles: auth.Admins}, s.auditExport)
	s.Handle(web.Route{Pattern: "GET /settings", Roles: auth.Admins}, s.settingsPage)
	s.Handle(web.Route{Pattern: "POST /settings", Roles: auth.Admins}, s.settingsSave)
}
