package adminui

import (
	"hagukumi/auth"
	"hagukumi/web"
)

func (s *ui) routes() {
	s.Handle(web.Route{Pattern: "GET /users", Roles: auth.Admins, Menu: "管理", Order: 120, Nav: "admin"}, s.users)
	s.Handle(web.Route{Pattern: "GET /users/new", Roles: auth.Admins}, s.newUser)
	s.Handle(web.Route{Pattern: "POST /users", Roles: auth.Admins}, s.createUser)
	s.Handle(web.Route{Pattern: "GET /users/{id}", Roles: auth.Admins}, s.editUser)
	s.Handle(web.Route{Pattern: "POST /users/{id}", Roles: auth.Admins}, s.updateUser)
	s.Handle(web.Route{Pattern: "POST /users/{id}/password", Roles: auth.Admins}, s.resetPassword)
	s.Handle(web.Route{Pattern: "GET /audit", Roles: auth.Admins}, s.auditLog)
	s.Handle(web.Route{Pattern: "GET /audit/export", Roles: auth.Admins}, s.exportAudit)
	s.Handle(web.Route{Pattern: "GET /audit/verify", Roles: auth.Admins}, s.auditVerify)
	s.Handle(web.Route{Pattern: "GET /tokens", Roles: auth.Admins}, s.tokens)
	s.Handle(web.Route{Pattern: "POST /tokens/{id}/revoke", Roles: auth.Admins}, s.revokeToken)
	s.Handle(web.Route{Pattern: "GET /mail", Roles: auth.Admins}, s.mail)
	s.Handle(web.Route{Pattern: "POST /mail/{id}/retry", Roles: auth.Admins}, s.retryMail)
	s.Handle(web.Route{Pattern: "POST /mail/{id}/cancel", Roles: auth.Admins}, s.cancelMail)
	s.Handle(web.Route{Pattern: "GET /api/v1/mail", Roles: auth.Admins, Summary: "メールの送信状況（送信待ち・失敗中・最近の送信）",
		API: &web.APIDoc{Response: outboxJSON{}}}, s.apiMail)
	s.Handle(web.Route{Pattern: "GET /settings", Roles: auth.Admins}, s.settings)
	s.Handle(web.Route{Pattern: "POST /settings", Roles: auth.Admins}, s.saveSettings)
	s.Handle(web.Route{Pattern: "POST /settings/certificates", Roles: []auth.Role{auth.CenterAdmin}}, s.saveCertificateSettings)
}
