package enrolui

import (
	"net/http"
	"strings"

	"hagukumi/auth"
	"hagukumi/training"
	"hagukumi/web"
)

// recommendSession is a session open to recommendation, with the unit's
// staff already on it.
type recommendSession struct {
	*training.Session
	Mine []*training.Enrolment
	// Typed and Error are a refused recommendation's numbers, kept in
	// the form, and why it was refused.
	Typed, Error string
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
	fy, err := web.FY(r, s.Now())
	if err != nil {
		return err
	}
	if web.RoleIn(web.UserOf(r).Role, auth.Center) {
		return s.centerRecommendations(w, r, fy)
	}
	d, err := s.loadRecommendations(r, fy)
	if err != nil {
		return err
	}
	s.Render(w, r, http.StatusOK, "enrol_recommend", &web.Page{Title: "推薦", Nav: "recommendations", FY: fy, Data: d})
	return nil
}

// loadRecommendations reads the recommendation page of a 年度.
func (s *ui) loadRecommendations(r *http.Request, fy int) (*recommendData, error) {
	u := web.UserOf(r)
	ctx := r.Context()
	var err error
	d := &recommendData{FY: fy, Unit: strings.ReplaceAll(u.UnitPath, "/", " ")}
	if d.Plan, err = s.Train.PlanFor(ctx, u.Municipality, fy); err != nil {
		return nil, err
	}
	if d.Quotas, err = s.Train.Quotas(ctx, u.Municipality, fy, u.UnitID); err != nil {
		return nil, err
	}
	if d.Plan.Published() {
		programs, err := s.Train.Programs(ctx, u.Municipality)
		if err != nil {
			return nil, err
		}
		mode := map[int64]string{}
		for _, p := range programs {
			mode[p.ID] = p.Mode
		}
		list, err := s.Train.Sessions(ctx, u.Municipality, training.SessionFilter{FY: fy})
		if err != nil {
			return nil, err
		}
		for _, x := range list {
			a := s.access(r, x, mode[x.ProgramID])
			if !a.CanRecommend {
				continue
			}
			mine, err := s.Train.SessionRoster(ctx, u.Municipality, x.ID, a.RosterScope)
			if err != nil {
				return nil, err
			}
			d.Sessions = append(d.Sessions, &recommendSession{Session: x, Mine: mine})
		}
	}
	return d, nil
}
