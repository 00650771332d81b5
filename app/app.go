// Package app assembles Hagukumi: the web kit and every capability's UI
// slice. Adding a capability is one Register line here.
package app

import (
	"log/slog"

	"hagukumi/db"
	"hagukumi/web"
	"hagukumi/web/accountui"
	"hagukumi/web/adminui"
	"hagukumi/web/dispatchui"
	"hagukumi/web/enrolui"
	"hagukumi/web/homeui"
	"hagukumi/web/instructorui"
	"hagukumi/web/jointui"
	"hagukumi/web/ojtui"
	"hagukumi/web/planui"
	"hagukumi/web/publicui"
	"hagukumi/web/recordsui"
	"hagukumi/web/recruitui"
	"hagukumi/web/rtwui"
	"hagukumi/web/secondmentui"
	"hagukumi/web/staffui"
	"hagukumi/web/surveyui"
	"hagukumi/web/teamsui"
	"hagukumi/web/trainingui"
	"hagukumi/web/universityui"
)

// New builds the server with every slice registered and its templates parsed.
func New(d *db.DB, cfg web.Config, log *slog.Logger) (*web.Server, error) {
	s := web.New(d, cfg, log)
	accountui.Register(s)
	homeui.Register(s)
	adminui.Register(s)
	staffui.Register(s)
	trainingui.Register(s)
	planui.Register(s)
	enrolui.Register(s)
	recordsui.Register(s)
	surveyui.Register(s)
	instructorui.Register(s)
	rtwui.Register(s)
	teamsui.Register(s)
	ojtui.Register(s)
	jointui.Register(s)
	universityui.Register(s)
	secondmentui.Register(s)
	publicui.Register(s)
	dispatchui.Register(s)
	recruitui.Register(s)
	if err := s.Start(); err != nil {
		return nil, err
	}
	return s, nil
}
