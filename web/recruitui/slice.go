// Package recruitui serves recruitment (PRODUCT R1, R2): the center's
// universities, PR visits and alumni staff; its briefings (採用説明会)
// with their sessions, speakers, registrations, check-in desk and
// figures; the staff speaker's own session lists; and, on the public
// site, the briefings, their registration form and the registrant's
// private link (state, change of session, cancellation, the check-in QR
// code and the survey).
package recruitui

import (
	"embed"
	"net/http"
	"time"

	"hagukumi/auth"
	"hagukumi/public"
	"hagukumi/recruit"
	"hagukumi/web"
)

//go:embed templates
var templates embed.FS

// ui is the slice's handlers over the web kit.
type ui struct {
	*web.Server
	st  *recruit.Store
	pub *public.Store
}

// Register adds the slice's routes and templates to the server.
func Register(s *web.Server) {
	s.Funcs(funcs)
	s.Templates(templates)
	pub := &public.Store{DB: s.DB, Now: s.Now}
	u := &ui{Server: s, pub: pub, st: &recruit.Store{DB: s.DB, Now: s.Now, Pub: pub}}
	s.OnClock(func(now func() time.Time) { u.st.Now, u.pub.Now = now, now })
	s.OnTrack(recruit.Kind, u.track)
	// The public site's 取り下げ of a registration is its cancellation.
	s.OnWithdraw(recruit.Kind, func(w http.ResponseWriter, r *http.Request, token string, _ int64) error {
		return u.afterTrack(w, r, token, u.st.Cancel(r.Context(), token))
	})

	c := auth.Center
	s.Handle(web.Route{Pattern: "GET /recruit", Roles: c, Menu: "採用広報", Order: 166, Nav: "recruit"}, u.events)
	s.Handle(web.Route{Pattern: "POST /recruit/events", Roles: c}, u.createEvent)
	s.Handle(web.Route{Pattern: "GET /recruit/events/{id}", Roles: c}, u.event)
	s.Handle(web.Route{Pattern: "POST /recruit/events/{id}/sessions", Roles: c}, u.addSession)
	s.Handle(web.Route{Pattern: "POST /recruit/events/{id}/speakers", Roles: c}, u.addSpeaker)
	s.Handle(web.Route{Pattern: "POST /recruit/events/{id}/publish", Roles: c}, u.publish)
	s.Handle(web.Route{Pattern: "POST /recruit/events/{id}/settings", Roles: c}, u.settings)
	s.Handle(web.Route{Pattern: "GET /recruit/events/{id}/desk", Roles: c}, u.desk)
	s.Handle(web.Route{Pattern: "POST /recruit/events/{id}/checkin", Roles: c}, u.checkin)
	s.Handle(web.Route{Pattern: "POST /recruit/events/{id}/walkin", Roles: c}, u.walkin)
	s.Handle(web.Route{Pattern: "GET /recruit/events/{id}/figures", Roles: c}, u.eventFigures)
	s.Handle(web.Route{Pattern: "GET /recruit/events/{id}/figures/export", Roles: c}, u.exportEventFigures)
	s.Handle(web.Route{Pattern: "GET /recruit/universities", Roles: c}, u.universities)
	s.Handle(web.Route{Pattern: "POST /recruit/universities", Roles: c}, u.createUniversity)
	s.Handle(web.Route{Pattern: "POST /recruit/universities/{id}/contacts", Roles: c}, u.addContact)
	s.Handle(web.Route{Pattern: "POST /recruit/visits", Roles: c}, u.addVisit)
	s.Handle(web.Route{Pattern: "GET /recruit/figures", Roles: c}, u.yearFigures)
	s.Handle(web.Route{Pattern: "GET /recruit/figures/export", Roles: c}, u.exportYearFigures)

	// A staff speaker's own sessions, with the names registered.
	s.Handle(web.Route{Pattern: "GET /recruit/my-sessions", Roles: auth.Trainees, Staff: true, Menu: "説明会の担当", Order: 167, Nav: "recruit-mine"}, u.mySessions)

	s.Handle(web.Route{Pattern: "POST /api/v1/recruit-events", Roles: c, Summary: "採用説明会の登録（title, body, job_types, sessions: [{starts_at, capacity, place, online_url}], published, opens_at, closes_at, reminder_days, retain_until）。201 で id と開催回の id"}, u.apiCreateEvent)
	s.Handle(web.Route{Pattern: "GET /api/v1/recruit-events", Roles: c, Summary: "年度（fy）の採用説明会と開催回・定員・登録数・公開サイトでの受付状況"}, u.apiEvents)
	s.Handle(web.Route{Pattern: "GET /api/v1/recruit-events/{id}/registrations", Roles: c, Summary: "説明会の登録者（id, state: registered|waitlisted|cancelled|attended, session_id, 氏名など。保存期間後は空）"}, u.apiRegistrations)
	s.Handle(web.Route{Pattern: "GET /api/v1/recruit-events/{id}/figures", Roles: c, Summary: "説明会の集計：登録・キャンセル待ち・キャンセル・参加・不参加率、大学別・卒業年別・関心職種別、アンケート。個人情報の削除後も同じ数"}, u.apiEventFigures)
	s.Handle(web.Route{Pattern: "GET /api/v1/recruit-figures", Roles: c, Summary: "年度（fy）の採用広報の集計：説明会ごとと合計、大学別の訪問・学生数・参加者・出身職員"}, u.apiYearFigures)

	// The public site.
	s.Handle(web.Route{Pattern: "GET /public/recruit"}, u.publicList)
	s.Handle(web.Route{Pattern: "GET /public/recruit/{event_id}"}, u.publicEvent)
	s.Handle(web.Route{Pattern: "POST /public/recruit/{event_id}/register"}, u.register)
	s.Handle(web.Route{Pattern: "POST /public/track/{token}/cancel"}, u.cancel)
	s.Handle(web.Route{Pattern: "POST /public/track/{token}/session"}, u.changeSession)
	s.Handle(web.Route{Pattern: "POST /public/track/{token}/survey"}, u.answer)
	s.Handle(web.Route{Pattern: "GET /public/track/{token}/qr.png"}, u.qr)
}
