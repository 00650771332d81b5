// Package ojtui serves OJT for new hires, the competency framework and each
// person's development page (PRODUCT T8, T9).
//
// One slice, not two: the development page joins OJT with the competency
// framework and the training record, and UI slices never import each
// other, so splitting would put the one loader the page and its API share
// in neither.
//
// Who may use a route is in its Roles; object-level checks follow in the
// handlers through ojt.MayView and friends: outside them the answer is 404.
package ojtui

import (
	"embed"
	"time"

	"hagukumi/competency"
	"hagukumi/ojt"
	"hagukumi/web"
)

//go:embed templates
var templates embed.FS

// ui is the slice's handlers over the web kit, with the two stores of its
// own capabilities.
type ui struct {
	*web.Server
	OJT  *ojt.Store
	Comp *competency.Store
}

// Register adds the slice's routes and templates to the server.
func Register(s *web.Server) {
	s.Templates(templates)
	s.Funcs(funcs)
	u := &ui{Server: s, OJT: &ojt.Store{DB: s.DB, Now: s.Now}, Comp: &competency.Store{DB: s.DB, Now: s.Now}}
	s.OnClock(func(now func() time.Time) { u.OJT.Now, u.Comp.Now = now, now })
	u.routes()
}
