package staffui

import (
	"hagukumi/auth"
	"hagukumi/staff"
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

	s.Handle(web.Route{Pattern: "GET /api/v1/staff", Roles: auth.StaffReaders, Summary: "職員の一覧（q, unit, rank, type, status, limit, offset）",
		API: &web.APIDoc{Query: []web.Param{
			{Name: "q", Description: "氏名・かな・職員番号の検索語"}, {Name: "unit", Description: "所属（その下の所属を含む）"},
			{Name: "rank", Description: "職位"}, {Name: "type", Description: "任用形態（正規など）"}, {Name: "status", Description: "在職状態"},
			{Name: "limit", Description: "件数（既定 100、最大 1000）", Type: "integer"}, {Name: "offset", Description: "先頭から飛ばす件数", Type: "integer"}},
			Response: listJSON{}}}, s.apiList)
	s.Handle(web.Route{Pattern: "GET /api/v1/staff/{number}", Roles: auth.StaffSelf, Summary: "職員1人と所属・職位・昇格候補の履歴",
		API: &web.APIDoc{Response: detailJSON{}}}, s.apiDetail)
	s.Handle(web.Route{Pattern: "GET /api/v1/org-units", Roles: auth.StaffReaders, Summary: "所属の一覧（fy を指定するとその年度の所属）",
		API: &web.APIDoc{Query: []web.Param{{Name: "fy", Description: "年度（2026、R8、令和8）。省略時はすべての所属"}}, Response: []staff.Unit{}}}, s.apiUnits)
	s.Handle(web.Route{Pattern: "POST /api/v1/imports/staff", Roles: auth.Admins, Summary: "職員データの取込（本文にファイル。dry_run=true|false, as_of, retire_missing, confirm=true で警告を確認済みとして適用）",
		API: &web.APIDoc{Query: []web.Param{
			{Name: "dry_run", Description: "false で適用（既定は確認のみ）", Type: "boolean"}, {Name: "as_of", Description: "基準日（YYYY-MM-DD）"},
			{Name: "retire_missing", Description: "true でファイルにいない在職者を退職に", Type: "boolean"},
			{Name: "confirm", Description: "true で警告を確認済みとして適用", Type: "boolean"}, {Name: "filename", Description: "元のファイル名（履歴の表示用）"}},
			Upload: "application/octet-stream", Response: staff.ImportResult{}, Status: []int{413}, Answers: []int{409, 422}}}, s.apiImport)
}
