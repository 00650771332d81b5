// Package staffui serves the organisation, rank ladder, staff registry, its HR import and export (F1–F3).
package staffui

import (
	"context"
	"embed"
	"html/template"

	"hagukumi/calendar"
	"hagukumi/web"
)

//go:embed templates
var templates embed.FS

// ui is the slice's handlers over the web kit.
type ui struct {
	*web.Server
	jobs *jobs // imports running on this instance
}

// Register adds the slice's routes and templates to the server.
func Register(s *web.Server) {
	s.Templates(templates)
	s.Funcs(template.FuncMap{"staffRows": staffRows})
	u := &ui{Server: s, jobs: &jobs{m: map[int64]*jobProgress{}}}
	u.routes()
	// Imports left running by a process that died are taken back at start
	// (their leases have run out; live ones of other instances have not).
	// A server built without a database (to list its routes) has none.
	if s.DB == nil {
		return
	}
	if err := u.recoverImports(context.Background(), 0); err != nil {
		s.Log.Error("recover imports", "err", err)
	}
}

// fy is the current 年度, for pages that show "now".
func (s *ui) fy() int { return calendar.CurrentFY(s.Now()) }
