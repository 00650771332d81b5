// Package rtwui serves 復職支援 (return-to-work cases, issue 17). Case
// routes are open to every role at the door and answer 404 unless the
// viewer is a case manager assigned to the case (rtw.Store decides), so
// that a case's existence does not leak; the case list is the case
// managers' own.
package rtwui

import (
	"embed"
	"html/template"
	"time"

	"hagukumi/rtw"
	"hagukumi/web"
)

//go:embed templates
var templates embed.FS

// ui is the slice's handlers over the web kit and the rtw store.
type ui struct {
	*web.Server
	rtw *rtw.Store
}

// Register adds the slice's routes and templates to the server.
func Register(s *web.Server) {
	s.Templates(templates)
	s.Funcs(template.FuncMap{"steps": func() []int { return []int{1, 2, 3, 4, 5} }, "stepLabel": func(n int) string { return rtw.StepLabels[n] }})
	u := &ui{Server: s, rtw: &rtw.Store{DB: s.DB, Now: s.Now, Keys: s.Cfg.Keys}}
	s.OnClock(func(now func() time.Time) { u.rtw.Now = now })
	routes(u)
}
