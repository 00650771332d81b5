// Package instructorui serves the pool of staff who teach (PRODUCT T10):
// the center's list of staff instructors and each person's own topics and
// teaching record.
package instructorui

import (
	"embed"

	"hagukumi/auth"
	"hagukumi/web"
)

//go:embed templates
var templates embed.FS

// ui is the slice's handlers over the web kit.
type ui struct{ *web.Server }

// Register adds the slice's routes and templates to the server.
func Register(s *web.Server) {
	s.Templates(templates)
	u := &ui{s}
	s.Handle(web.Route{Pattern: "GET /instructors", Roles: auth.Center, Menu: "職員講師", Order: 100, Nav: "instructors"}, u.instructors)
	s.Handle(web.Route{Pattern: "GET /my/topics", Roles: auth.Everyone, Staff: true}, u.topics)
	s.Handle(web.Route{Pattern: "POST /my/topics", Roles: auth.Everyone, Staff: true}, u.saveTopic)
}
