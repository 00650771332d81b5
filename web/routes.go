package web

import (
	"net/http"

	"hagukumi/auth"
)

// Role groups used by the route table.
var (
	anyUser     = auth.Roles
	center      = []auth.Role{auth.CenterAdmin, auth.CenterStaff}
	admins      = []auth.Role{auth.CenterAdmin, auth.SysAdmin}
	staffReader = []auth.Role{auth.CenterAdmin, auth.CenterStaff, auth.Liaison, auth.Supervisor, auth.SysAdmin}
	staffSelf   = []auth.Role{auth.CenterAdmin, auth.CenterStaff, auth.Liaison, auth.Supervisor, auth.SysAdmin, auth.Staff, auth.Instructor}
	exporters   = []auth.Role{auth.CenterAdmin, auth.CenterStaff, auth.Liaison, auth.SysAdmin}
)

func (s *Server) registerRoutes() {
	s.handle("GET /static/", nil, s.static().ServeHTTP)
	s.handle("GET /healthz", nil, s.healthz)
	s.handle("GET /login", nil, s.loginPage)
	s.handle("POST /login", nil, s.login)
	s.handle("POST /logout", anyUser, s.logout)
	s.handle("GET /{$}", anyUser, s.home)
	s.handle("GET /account/password", anyUser, s.passwordPage)
	s.handle("POST /account/password", anyUser, s.changePassword)

	s.handle("GET /staff", staffReader, s.staffList)
	s.handle("GET /staff/export", exporters, s.staffExport)
	s.handle("GET /staff/{number}", staffSelf, s.staffDetail)
	s.handle("GET /org", staffReader, s.orgPage)
	s.handle("POST /org/units", admins, s.orgCreate)
	s.handle("POST /org/units/{id}/rename", admins, s.orgRename)
	s.handle("GET /ranks", admins, s.ranksPage)
	s.handle("POST /ranks", admins, s.ranksSave)
	s.handle("GET /import/staff", admins, s.importPage)
	s.handle("POST /import/staff", admins, s.importUpload)
	s.handle("GET /import/staff/{id}", admins, s.importStatus)
	s.handle("POST /import/staff/{id}/apply", admins, s.importApply)
	s.handle("GET /audit", admins, s.auditPage)
	s.handle("GET /audit/export", admins, s.auditExport)
	s.handle("GET /users", admins, s.usersPage)
	s.handle("GET /users/new", admins, s.userNewPage)
	s.handle("POST /users", admins, s.userCreate)
	s.handle("GET /users/{id}", admins, s.userEditPage)
	s.handle("POST /users/{id}", admins, s.userUpdate)
	s.handle("POST /users/{id}/password", admins, s.userResetPassword)
	s.handle("GET /settings", admins, s.settingsPage)
	s.handle("POST /settings", admins, s.settingsSave)

	s.handle("GET /api/v1/me", anyUser, s.apiMe)
	s.handle("GET /api/v1/staff", staffReader, s.apiStaffList)
	s.handle("GET /api/v1/staff/{number}", staffSelf, s.apiStaff)
	s.handle("GET /api/v1/org-units", staffReader, s.apiOrgUnits)
	s.handle("POST /api/v1/imports/staff", admins, s.apiImportStaff)
	s.handle("GET /api/v1/openapi.json", nil, s.apiOpenAPI)

	s.registerCatalogRoutes()
	s.registerPlanRoutes()
	s.registerRecordRoutes()
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	if err := s.DB.Ping(r.Context()); err != nil {
		s.Log.Error("healthz", "err", err)
		http.Error(w, "database unavailable", http.StatusServiceUnavailable)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Write([]byte("ok\n"))
}
