package enrolui

import (
	"net/http"

	"hagukumi/staff"
	"hagukumi/training"
	"hagukumi/web"
)

// centerRecommendSession is a session of a 推薦 programme as the center
// sees it: every department's recommendations, and whether the center
// still selects among them (推薦 → センター選考).
type centerRecommendSession struct {
	*training.Session
	Selection   bool // the programme waits for the center's selection
	Recommended []*training.Enrolment
}

type centerRecommendData struct {
	FY       int
	Plan     *training.Plan
	Quotas   []training.Quota // every department's quotas and their use
	Sessions []*centerRecommendSession
}

// centerRecommendations is GET /recommendations for the center: the
// recommendations of all departments in a 年度, the quota each has used,
// and the selection of the sessions whose programme asks for it. The center
// decides any recommendation, so it must see them all.
func (s *ui) centerRecommendations(w http.ResponseWriter, r *http.Request, fy int) error {
	u := web.UserOf(r)
	ctx := r.Context()
	d := &centerRecommendData{FY: fy}
	var err error
	if d.Plan, err = s.Train.PlanFor(ctx, u.Municipality, fy); err != nil {
		return err
	}
	if d.Quotas, err = s.Train.Quotas(ctx, u.Municipality, fy, 0); err != nil {
		return err
	}
	programs, err := s.Train.Programs(ctx, u.Municipality)
	if err != nil {
		return err
	}
	byID := map[int64]*training.Program{}
	for _, p := range programs {
		byID[p.ID] = p
	}
	list, err := s.Train.Sessions(ctx, u.Municipality, training.SessionFilter{FY: fy})
	if err != nil {
		return err
	}
	for _, x := range list {
		p := byID[x.ProgramID]
		if p == nil || p.Mode != training.ModeRecommendation {
			continue
		}
		roster, err := s.Train.SessionRoster(ctx, u.Municipality, x.ID, staff.Scope{})
		if err != nil {
			return err
		}
		c := &centerRecommendSession{Session: x, Selection: p.Selection}
		for _, e := range roster {
			if e.Source == training.SourceRecommendation {
				c.Recommended = append(c.Recommended, e)
			}
		}
		d.Sessions = append(d.Sessions, c)
	}
	s.Render(w, r, http.StatusOK, "enrol_recommend_center", &web.Page{Title: "推薦（全所属）", Nav: "recommendations", FY: fy, Data: d})
	return nil
}
