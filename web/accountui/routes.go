package accountui

import (
	"hagukumi/auth"
	"hagukumi/web"
)

func (s *ui) routes() {
	s.Handle(web.Route{Pattern: "GET /login"}, s.loginPage)
	s.Handle(web.Route{Pattern: "POST /login"}, s.login)
	s.Handle(web.Route{Pattern: "POST /logout", Roles: auth.Everyone}, s.logout)
	s.Handle(web.Route{Pattern: "GET /account/password", Roles: auth.Everyone}, s.passwordPage)
	s.Handle(web.Route{Pattern: "POST /account/password", Roles: auth.Everyone}, s.changePassword)
	s.Handle(web.Route{Pattern: "GET /account/tokens", Roles: auth.Everyone}, s.tokens)
	s.Handle(web.Route{Pattern: "POST /account/tokens", Roles: auth.Everyone}, s.createToken)
	s.Handle(web.Route{Pattern: "POST /account/tokens/{id}/revoke", Roles: auth.Everyone}, s.revokeToken)
	s.Handle(web.Route{Pattern: "GET /api/v1/me", Roles: auth.Everyone, Summary: "ログイン中の利用者",
		API: &web.APIDoc{Response: meJSON{}}}, s.apiMe)
}
