// Package jointui serves joint training run by outside bodies (PRODUCT O5):
// the programmes of a fiscal year with the city's quota, the city's
// applications within it, and the list in the shape a prefectural body asks for.
package jointui

import (
	"embed"
	"time"

	"hagukumi/joint"
	"hagukumi/web"
)

//go:embed templates
var templates embed.FS

// ui is the slice's handlers over the web kit and the joint-training store.
type ui struct {
	*web.Server
	st *joint.Store
}

// Register adds the slice's routes and templates to the server.
func Register(s *web.Server) {
	s.Templates(templates)
	u := &ui{Server: s, st: &joint.Store{DB: s.DB, Now: s.Now}}
	s.OnClock(func(now func() time.Time) { u.st.Now = now })
	u.routes()
}
