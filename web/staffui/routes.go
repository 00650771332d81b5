package staffui

import (
	"hagukumi/auth"
	"hagukumi/web"
)

func (s *ui) routes() {
	s.Handle(web.Route{Pattern: "GET /staff", Roles: auth.StaffReaders, Menu: "職員", Order: 80, Nav: "staff"}, s.list)
	s.Handle(web.Route{Pattern: "GET /staff/export", Roles: auth.Exporters}, s.export)
	s.Handle(web.Route{Pattern: "GET /staff/{number}", Roles: auth.StaffSelf}, s.detail)
	s.Handle(web.Route{Pattern: "GET /org", Roles: auth.StaffReaders, Menu: "組織", Order: 90, Nav: "org"}, s.org)
	s.Handle(web.Route{Pattern: "POST /org/units", Roles: auth.Admins}, s.createUnit)
	s.Handle(web.Route{Pattern: "POST /org/units/{id}/rename", Roles: auth.Admins}, s.renameUnit)
	s.Handle(web.Route{Pattern: "GET /ranks", Roles: auth.Admins}, s.ranks)
	s.Handle(web.Route{Pattern: "POST /ranks", Roles: auth.Admins}, s.saveRanks)
	s.Handle(web.Route{Pattern: "GET /import/staff", Roles: auth.Admins, Menu: "取込", Order: 110, Nav: "import"}, s.importForm)
	s.Handle(web.Route{Pattern: "POST /import/staff", Roles: auth.Admins}, s.upload)
	s.Handle(web.Route{Pattern: "GET /import/staff/{id}", Roles: auth.Admins}, s.importStatus)
	s.Handle(web.Route{Pattern: "POST /import/staff/{id}/apply", Roles: auth.Admins}, s.applyImport)

	s.Handle(web.Route{Pattern: "GET /api/v1/staff", Roles: auth.StaffReaders, Summary: "職員の一覧（q, unit, rank, type, status, limit, offset）"}, s.apiList)
	s.Handle(web.Route{Pattern: "GET /api/v1/staff/{number}", Roles: auth.StaffSelf, Summary: "職員1人と所属・職位・昇格候補の履歴"}, s.apiDetail)
	s.Handle(web.Route{Pattern: "GET /api/v1/org-units", Roles: auth.StaffReaders, Summary: "所属の一覧（fy を指定するとその年度の所属）"}, s.apiUnits)
	s.Handle(web.Route{Pattern: "POST /api/v1/imports/staff", Roles: auth.Admins, Summary: "職員データの取込（本文にファイル。dry_run=true|false, as_of, retire_missing, confirm=true で警告を確認済みとして適用）"}, s.apiImport)
}
