package ojtui

import (
	"net/http"

	"hagukumi/auth"
	"hagukumi/ojt"
	"hagukumi/web"
)

// plansData is the year's plans the viewer may see, for the page and the API.
type plansData struct {
	FY     int         `json:"fy"`
	Plans  []*ojt.Plan `json:"plans"`
	Behind int         `json:"behind"`
}

// yearPlans loads the plans of ?fy= within the viewer's scope.
func (s *ui) yearPlans(r *http.Request) (*plansData, error) {
	u := web.UserOf(r)
	fy, err := web.FY(r, s.Now())
	if err != nil {
		return nil, err
	}
	plans, err := s.OJT.Plans(r.Context(), u.Municipality, fy, auth.ScopeOf(u))
	if err != nil {
		return nil, err
	}
	if plans == nil {
		plans = []*ojt.Plan{}
	}
	d := &plansData{FY: fy, Plans: plans}
	for _, p := range plans {
		if p.Overdue > 0 {
			d.Behind++
		}
	}
	return d, nil
}

// plansPage lists the year's OJT plans with their progress.
func (s *ui) plansPage(w http.ResponseWriter, r *http.Request) error {
	d, err := s.yearPlans(r)
	if err != nil {
		return err
	}
	s.Render(w, r, http.StatusOK, "ojt_plans", &web.Page{Title: "OJT（新規採用職員）", Nav: "ojt", FY: d.FY, Data: d})
	return nil
}

// apiPlans answers the year's plans as JSON.
func (s *ui) apiPlans(w http.ResponseWriter, r *http.Request) error {
	d, err := s.yearPlans(r)
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusOK, d)
	return nil
}

// apiCounts answers the year's OJT figures for the center's account.
func (s *ui) apiCounts(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	fy, err := web.FY(r, s.Now())
	if err != nil {
		return err
	}
	c, err := s.OJT.CountFY(r.Context(), u.Municipality, fy)
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusOK, c)
	return nil
}
