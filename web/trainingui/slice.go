// Package trainingui serves the training catalog and each program's eligible staff (T1, T2).
package trainingui

import (
	"embed"
	"html/template"

	"hagukumi/training"
	"hagukumi/web"
)

//go:embed templates
var templates embed.FS

// ui is the slice's handlers over the web kit.
type ui struct{ *web.Server }

// Register adds the slice's routes and templates to the server.
func Register(s *web.Server) {
	s.Templates(templates)
	s.Funcs(template.FuncMap{"modeLabel": training.ModeLabel})
	(&ui{s}).routes()
}
