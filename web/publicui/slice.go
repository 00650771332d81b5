// Package publicui serves the public site (PRODUCT I3) — the center's page,
// its published programmes, lecture topics, events and yearly figures, the
// contact form and the sender's private link — in a layout of its own with
// no menu and no cookie, and the center's side of it: the inbox of what
// the public sent and the page where a center admin publishes items.
package publicui

import (
	"embed"
	"time"

	"hagukumi/auth"
	"hagukumi/public"
	"hagukumi/web"
)

//go:embed templates
var templates embed.FS

// ui is the slice's handlers over the web kit.
type ui struct {
	*web.Server
	pub *public.Store
}

// Register adds the slice's routes and templates to the server.
func Register(s *web.Server) {
	s.Templates(templates)
	u := &ui{Server: s, pub: &public.Store{DB: s.DB, Now: s.Now}}
	s.OnClock(func(now func() time.Time) { u.pub.Now = now })
	s.Funcs(funcs)

	// The public site: no login, served on both listeners.
	s.Handle(web.Route{Pattern: "GET /public/{$}"}, u.home)
	s.Handle(web.Route{Pattern: "GET /public/programmes"}, u.programmes)
	s.Handle(web.Route{Pattern: "GET /public/topics"}, u.topics)
	s.Handle(web.Route{Pattern: "GET /public/results"}, u.results)
	s.Handle(web.Route{Pattern: "GET /public/proposals"}, u.proposals)
	s.Handle(web.Route{Pattern: "GET /public/privacy"}, u.privacy)
	s.Handle(web.Route{Pattern: "GET /public/contact"}, u.contactForm)
	s.Handle(web.Route{Pattern: "POST /public/contact"}, u.contactSend)
	s.Handle(web.Route{Pattern: "GET /public/track/{token}"}, u.track)
	s.Handle(web.Route{Pattern: "POST /public/track/{token}/withdraw"}, u.withdraw)

	// The center's side.
	s.Handle(web.Route{Pattern: "GET /public-inbox", Roles: auth.Center, Menu: "公開窓口", Order: 130, Nav: "public-inbox"}, u.inbox)
	s.Handle(web.Route{Pattern: "GET /public-inbox/{id}", Roles: auth.Center}, u.submission)
	s.Handle(web.Route{Pattern: "POST /public-inbox/{id}/assign", Roles: auth.Center}, u.assign)
	s.Handle(web.Route{Pattern: "POST /public-inbox/{id}/state", Roles: auth.Center}, u.setState)
	s.Handle(web.Route{Pattern: "POST /public-inbox/{id}/release", Roles: auth.Center}, u.release)
	s.Handle(web.Route{Pattern: "POST /public-inbox/{id}/notes", Roles: auth.Center}, u.addNote)
	s.Handle(web.Route{Pattern: "POST /public-inbox/{id}/reply", Roles: auth.Center}, u.reply)
	s.Handle(web.Route{Pattern: "GET /api/v1/public-submissions", Roles: auth.Center, Summary: "公開フォームからの受付の一覧（queue=true でモデレーション待ち）"}, u.apiSubmissions)
	s.Handle(web.Route{Pattern: "GET /public-site", Roles: siteAdmins}, u.site)
	s.Handle(web.Route{Pattern: "GET /public-site/preview", Roles: siteAdmins}, u.preview)
	s.Handle(web.Route{Pattern: "POST /public-site/page", Roles: siteAdmins}, u.savePage)
	s.Handle(web.Route{Pattern: "POST /public-site/publish", Roles: siteAdmins}, u.publish)
	s.Handle(web.Route{Pattern: "POST /public-site/events", Roles: siteAdmins}, u.addEvent)
}

// siteAdmins decide what the public site shows.
var siteAdmins = []auth.Role{auth.CenterAdmin}
