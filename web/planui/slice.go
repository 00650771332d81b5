// Package planui serves the annual training plan, its sessions and the personal iCal feed (T3); enrolment is web/enrolui.
package planui

import (
	"embed"

	"hagukumi/web"
)

//go:embed templates
var templates embed.FS

// ui is the slice's handlers over the web kit.
type ui struct{ *web.Server }

// Register adds the slice's routes and templates to the server.
func Register(s *web.Server) {
	s.Templates(templates)
	(&ui{s}).routes()
}
