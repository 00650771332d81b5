// Package teamsui serves the policy teams (PRODUCT W1): teams and their
// cohorts, meetings, the 提言書 and the yearly answers of the departments
// with the center's yearly request and its reminders, the edits of members,
// proposals and items, seminars planned as training sessions, publishing on
// the public site, the follow-up views, report and exports, and their JSON
// API.
package teamsui

import (
	"embed"
	"html/template"
	"time"

	"hagukumi/public"
	"hagukumi/teams"
	"hagukumi/web"
)

//go:embed templates
var templates embed.FS

// ui is the slice's handlers over the web kit and the teams store.
type ui struct {
	*web.Server
	teams *teams.Store
	pub   *public.Store // publishes a cohort's proposal on the public site
}

// Register adds the slice's routes and templates to the server.
func Register(s *web.Server) {
	s.Templates(templates)
	st := &teams.Store{DB: s.DB, Now: s.Now}
	pub := &public.Store{DB: s.DB, Now: s.Now}
	s.OnClock(func(now func() time.Time) { st.Now, pub.Now = now, now })
	s.Funcs(template.FuncMap{"statusLabel": teams.StatusLabel, "teamPercent": percent})
	routes(&ui{Server: s, teams: st, pub: pub})
}

// percent shows a rate between 0 and 1 as a whole percentage.
func percent(f float64) string {
	return web.Num(int(f*100+0.5)) + "%"
}
