// Package recordsui serves what happened at a training: attendance (the
// roster, QR and tablet check-in), training history, external trainings and
// certificates (PRODUCT T5, T6).
//
// Who may use a route is in its Roles; object-level checks follow in the
// handlers: an instructor only for the sessions they teach, a liaison only
// for the staff of their unit, anyone else only for themself. Outside that
// the answer is 404.
package recordsui

import (
	"embed"
	"html/template"

	"hagukumi/auth"
	"hagukumi/training"
	"hagukumi/web"
)

//go:embed templates
var templates embed.FS

// ui is the slice's handlers over the web kit.
type ui struct{ *web.Server }

// Register adds the slice's routes and templates to the server.
func Register(s *web.Server) {
	s.Templates(templates)
	s.Funcs(template.FuncMap{"certArgs": newCertArgs})
	u := &ui{s}
	// T5 attendance: roster, bulk marking, QR and tablet check-in.
	s.Handle(web.Route{Pattern: "GET /sessions/{id}/attendance", Roles: auth.AttendanceReaders}, u.attendance)
	s.Handle(web.Route{Pattern: "POST /sessions/{id}/attendance", Roles: auth.Teachers}, u.mark)
	s.Handle(web.Route{Pattern: "GET /sessions/{id}/qr.png", Roles: auth.Teachers}, u.qrCode)
	s.Handle(web.Route{Pattern: "GET /sessions/{id}/tablet", Roles: auth.Teachers}, u.tablet)
	s.Handle(web.Route{Pattern: "POST /sessions/{id}/tablet", Roles: auth.Teachers}, u.tabletCheckIn)
	s.Handle(web.Route{Pattern: "POST /sessions/{id}/kiosk", Roles: auth.Teachers}, u.startKiosk)
	s.Handle(web.Route{Pattern: "GET /checkin/{id}/{token}", Roles: auth.Everyone}, u.checkinPage)
	s.Handle(web.Route{Pattern: "POST /checkin/{id}/{token}", Roles: auth.Everyone}, u.checkIn)
	// T6 history, external trainings, certificates.
	s.Handle(web.Route{Pattern: "GET /staff/{number}/history", Roles: auth.Trainees}, u.staffHistory)
	s.Handle(web.Route{Pattern: "GET /my/history", Roles: auth.Everyone, Staff: true}, u.myHistory)
	s.Handle(web.Route{Pattern: "GET /staff/{number}/external", Roles: auth.Center}, u.external)
	s.Handle(web.Route{Pattern: "POST /staff/{number}/external", Roles: auth.Center}, u.saveExternal)
	s.Handle(web.Route{Pattern: "GET /certificates/{session}/{number}", Roles: auth.Everyone}, u.certificate)
	// Printables of a session: all its certificates, the roster, the
	// attendance sheet and the check-in poster.
	s.Handle(web.Route{Pattern: "GET /sessions/{id}/certificates", Roles: auth.Center}, u.sessionCertificates)
	s.Handle(web.Route{Pattern: "GET /sessions/{id}/roster", Roles: auth.Teachers}, u.sessionRoster)
	s.Handle(web.Route{Pattern: "GET /sessions/{id}/roster/export", Roles: auth.Teachers}, u.rosterExport)
	s.Handle(web.Route{Pattern: "GET /sessions/{id}/sign-sheet", Roles: auth.Teachers}, u.signSheet)
	s.Handle(web.Route{Pattern: "GET /sessions/{id}/sign-sheet/export", Roles: auth.Teachers}, u.signSheetExport)
	s.Handle(web.Route{Pattern: "GET /sessions/{id}/poster", Roles: auth.Teachers}, u.poster)
	// JSON API.
	s.Handle(web.Route{Pattern: "GET /api/v1/staff/{number}/history", Roles: auth.Trainees, Summary: "職員の受講履歴（年度ごとの時間数と研修の一覧、外部研修を含む）",
		API: &web.APIDoc{Response: historyJSON{}}}, u.apiHistory)
	s.Handle(web.Route{Pattern: "GET /api/v1/sessions/{id}/attendance", Roles: auth.AttendanceReaders, Summary: "開催回の受講者と出欠（所属研修担当は自所属のみ）",
		API: &web.APIDoc{Response: rosterJSON{}}}, u.apiAttendance)
	s.Handle(web.Route{Pattern: "POST /api/v1/sessions/{id}/attendance", Roles: auth.Teachers, Summary: "出欠の一括登録。本文は [{number, status: present|partial|absent|\"\", hours, reason: 公務|病気|休暇|その他, note}]。実施済みの回はセンターのみが訂正でき、訂正の理由を ?reason= で渡す",
		API: &web.APIDoc{Query: []web.Param{{Name: "reason", Description: "実施済みの回の出欠を訂正するときの理由（センターのみ）"}}, Body: []training.Mark{}, Response: rosterJSON{}, Status: []int{409, 413}}}, u.apiMark)
	s.Handle(web.Route{Pattern: "GET /api/v1/programs/{code}/not-attended", Roles: auth.RosterReaders, Summary: "年度（fy）の未受講者：対象者または受講者で、開催済みの回に出席していない職員",
		API: &web.APIDoc{Query: []web.Param{{Name: "fy", Description: "年度（2026、R8、令和8）。省略時は今年度"}}, Response: []training.NotAttendedEntry{}}}, u.apiNotAttended)
}
