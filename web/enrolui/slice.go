// Package enrolui serves enrolment: nominations, applications and their
// approval, recommendations, cancellations, わたしの研修 and notices (T4).
package enrolui

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
