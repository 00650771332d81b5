// Package universityui serves the center's partners and the courses its
// staff teach at universities (PRODUCT O2, O3), and the outward work's
// yearly figures (lectures, partner activities, secondments, joint training).
package universityui

import (
	"embed"
	"time"

	"hagukumi/joint"
	"hagukumi/secondment"
	"hagukumi/university"
	"hagukumi/web"
)

//go:embed templates
var templates embed.FS

// ui is the slice's handlers over the web kit and the stores it reads.
// The secondment and joint stores are read only, for the yearly figures.
type ui struct {
	*web.Server
	st  *university.Store
	sec *secondment.Store
	jt  *joint.Store
}

// Register adds the slice's routes and templates to the server.
func Register(s *web.Server) {
	s.Templates(templates)
	u := &ui{Server: s, st: &university.Store{DB: s.DB, Now: s.Now},
		sec: &secondment.Store{DB: s.DB, Now: s.Now}, jt: &joint.Store{DB: s.DB, Now: s.Now}}
	s.OnClock(func(now func() time.Time) { u.st.Now, u.sec.Now, u.jt.Now = now, now, now })
	u.routes()
}
