package ojtui

import (
	"net/http"

	"hagukumi/apperr"
	"hagukumi/auth"
	"hagukumi/ojt"
	"hagukumi/web"
)

// planData is one plan with what the viewer may do on it.
type planData struct {
	*ojt.Detail
	Levels     []string
	Load       map[string]int
	CanName    bool
	CanReflect bool
	CanComment bool
	CanSign    bool
	Quarter    int
	Warnings   []ojt.Warning
	Number     string
	Reason     string
}

// visiblePlan loads the plan of {id} when the viewer may see it (404
// otherwise, so the ids of others' plans tell nothing).
func (s *ui) visiblePlan(r *http.Request) (*ojt.Detail, error) {
	u := web.UserOf(r)
	id, err := web.ID(r, "id")
	if err != nil {
		return nil, err
	}
	d, err := s.OJT.Plan(r.Context(), u.Municipality, id)
	if err != nil {
		return nil, err
	}
	if !ojt.MayView(u, &d.Plan) {
		return nil, apperr.NotFoundf("OJT計画が見つかりません。")
	}
	return d, nil
}

// mayName tells whether u may name the plan's trainer: the center, or the
// liaison of the trainee's department.
func mayName(u *auth.User, p *ojt.Plan) bool {
	switch u.Role {
	case auth.CenterAdmin, auth.CenterStaff:
		return true
	case auth.Liaison:
		return auth.ScopeOf(u).Includes(p.TraineeID(), p.Unit)
	}
	return false
}

func (s *ui) planView(r *http.Request, d *ojt.Detail) (*planData, error) {
	u := web.UserOf(r)
	load, err := s.OJT.TrainerLoad(r.Context(), u.Municipality, d.FY)
	if err != nil {
		return nil, err
	}
	return &planData{Detail: d, Levels: ojt.Levels, Load: load, CanName: mayName(u, &d.Plan),
		CanReflect: ojt.MayReflect(u, &d.Plan), CanComment: ojt.MayComment(u, &d.Plan), CanSign: ojt.MaySign(u, &d.Plan),
		Quarter: ojt.QuarterOf(s.Now())}, nil
}

// planPage shows one plan: the trainer, the monthly goals with reflections
// and comments, the check items and the reviews.
func (s *ui) planPage(w http.ResponseWriter, r *http.Request) error {
	d, err := s.visiblePlan(r)
	if err != nil {
		return err
	}
	v, err := s.planView(r, d)
	if err != nil {
		return err
	}
	s.Render(w, r, http.StatusOK, "ojt_plan", &web.Page{Title: d.TraineeName + " のOJT計画", Nav: "ojt", FY: d.FY, Data: v})
	return nil
}

// myOJT opens the viewer's own plan of this year, or the plans they train.
func (s *ui) myOJT(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	fy, err := web.FY(r, s.Now())
	if err != nil {
		return err
	}
	plans, err := s.OJT.Plans(r.Context(), u.Municipality, fy, auth.Scope{})
	if err != nil {
		return err
	}
	mine := []*ojt.Plan{}
	for _, p := range plans {
		if p.TraineeID() == u.StaffID || p.TrainerID() == u.StaffID {
			mine = append(mine, p)
		}
	}
	s.Render(w, r, http.StatusOK, "ojt_plans", &web.Page{Title: "わたしのOJT", Nav: "ojt", FY: fy, Data: &plansData{FY: fy, Plans: mine}})
	return nil
}
