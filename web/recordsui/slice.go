// Package recordsui serves attendance, completion, certificates, training history, surveys, reports and the staff instructor pool (T5–T7, T10).
package recordsui

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
