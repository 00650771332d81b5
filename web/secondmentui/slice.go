// Package secondmentui serves the placements of staff outside the city
// hall (PRODUCT O4): the board of placements running now, reports overdue
// and returns this year, the API by date, and the upload of reports.
package secondmentui

import (
	"embed"
	"time"

	"hagukumi/secondment"
	"hagukumi/web"
)

//go:embed templates
var templates embed.FS

// ui is the slice's handlers over the web kit and the secondment store.
type ui struct {
	*web.Server
	st *secondment.Store
}

// Register adds the slice's routes and templates to the server.
func Register(s *web.Server) {
	s.Templates(templates)
	u := &ui{Server: s, st: &secondment.Store{DB: s.DB, Now: s.Now}}
	s.OnClock(func(now func() time.Time) { u.st.Now = now })
	u.routes()
}
