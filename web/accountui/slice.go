// Package accountui serves sign-in, sign-out, password change and the account's own API (/api/v1/me).
package accountui

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
