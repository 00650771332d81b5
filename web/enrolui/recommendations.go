package enrolui

import (
	"net/http"
	"strings"

	"hagukumi/training"
	"hagukumi/web"
)

// recommendSession is a session open to recommendation, with the unit's
// staff already on it.
type recommendSession struct {
	*training.Session
	Mine []*training.Enrolment
}

type recommendData struct {
	FY       int
	Unit     string
	Plan     *training.Plan
	Quotas   []training.Quota
	Sessions []*recommendSession
}

// recommendations lists a 年度's sessions a liaison may recommend staff
// for, with the unit's quotas.
func (s *ui) recommendations(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	ctx := r.Context()
	fy, err := web.FY(r, s.Now())
	if err != nil {
		return err
	}
	d := &recommendData{FY: fy, Unit: strings.ReplaceAll(u.UnitPath, "/", " ")}
	if d.Plan, err = s.Train.PlanFor(ctx, u.Municipality, fy); err != nil {
		return err
	}
	if d.Quotas, err = s.Train.Quotas(ctx, u.Municipality, fy, u.UnitID); err != nil {
		return err
	}
	if d.Plan.Published() {
		programs, err := s.Train.Programs(ctx, u.Municipality)
		if err != nil {
			return err
		}
		mode := map[int64]string{}
		for _, p := range programs {
			mode[p.ID] = p.Mode
		}
		list, err := s.Train.Sessions(ctx, u.Municipality, training.SessionFilter{FY: fy})
		if err != nil {
			return err
		}
		for _, x := range list {
			a := s.access(r, x, mode[x.ProgramID])
			if !a.CanRecommend {
				continue
			}
			mine, err := s.Train.SessionRoster(ctx, u.Municipality, x.ID, a.RosterScope)
			if err != nil {
				return err
			}
			d.Sessions = append(d.Sessions, &recommendSession{Session: x, Mine: mine})
		}
	}
	s.Render(w, r, http.StatusOK, "enrol_recommend", &web.Page{Title: "推薦", Nav: "recommendations", FY: fy, Data: d})
	return nil
}
