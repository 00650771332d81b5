package teamsui

import (
	"net/http"
	"sort"

	"hagukumi/calendar"
	"hagukumi/teams"
	"hagukumi/web"
)

// cohortOf reads the {id} cohort and tells whether the viewer sees its
// drafts (meetings, a proposal not yet presented): the center and the
// cohort's own members.
func (s *ui) cohortOf(r *http.Request) (*teams.Cohort, bool, error) {
	id, err := web.ID(r, "id")
	if err != nil {
		return nil, false, err
	}
	c, err := s.teams.Cohort(r.Context(), web.UserOf(r).Municipality, id)
	if err != nil {
		return nil, false, err
	}
	return c, teams.CanSeeDrafts(web.UserOf(r), c.Members), nil
}

// cohortFollow is one cohort's line of the follow-up.
type cohortFollow struct {
	CohortID int64  `json:"cohort_id"`
	FY       int    `json:"fy"`
	Theme    string `json:"theme"`
	teams.Tally
}

// deptOpen is how many items a department has open, and how many of them
// lack this year's answer.
type deptOpen struct {
	Department string `json:"department"`
	Open       int    `json:"open"`
	Overdue    int    `json:"overdue"`
}

// followUp is a team's follow-up as of a fiscal year: the page, the report
// and the API share it.
type followUp struct {
	Team    teams.Team     `json:"team"`
	FY      int            `json:"fy"`
	Cohorts []cohortFollow `json:"cohorts"`
	Total   teams.Tally    `json:"total"`
	ByDept  []deptOpen     `json:"open_by_department"`
	Overdue []teams.Item   `json:"overdue"`
	Items   []teams.Item   `json:"-"`
}

// loadFollowUp reads a team's presented items and counts them per cohort
// as of fiscal year fy. Cohorts of later years are left out.
func (s *ui) loadFollowUp(r *http.Request, teamID int64, fy int) (*followUp, error) {
	ctx, muni := r.Context(), web.UserOf(r).Municipality
	t, err := s.teams.Team(ctx, muni, teamID)
	if err != nil {
		return nil, err
	}
	cohorts, err := s.teams.Cohorts(ctx, muni, teamID)
	if err != nil {
		return nil, err
	}
	items, err := s.teams.TeamItems(ctx, muni, teamID)
	if err != nil {
		return nil, err
	}
	f := &followUp{Team: *t, FY: fy, Cohorts: []cohortFollow{}, ByDept: []deptOpen{}, Overdue: []teams.Item{}}
	byCohort := map[int64][]teams.Item{}
	dept := map[string]*deptOpen{}
	for _, it := range items {
		if it.CohortFY > fy {
			continue
		}
		f.Items = append(f.Items, it)
		byCohort[it.CohortID] = append(byCohort[it.CohortID], it)
		last := teams.LatestAsOf(it.Responses, fy)
		if last != nil && teams.Closed(last.Status) {
			continue
		}
		over := teams.Overdue(it, fy)
		if over {
			f.Overdue = append(f.Overdue, it)
		}
		for _, d := range it.Departments {
			if dept[d] == nil {
				dept[d] = &deptOpen{Department: d}
			}
			dept[d].Open++
			if over {
				dept[d].Overdue++
			}
		}
	}
	for _, c := range cohorts {
		if c.FY <= fy {
			f.Cohorts = append(f.Cohorts, cohortFollow{CohortID: c.ID, FY: c.FY, Theme: c.Theme, Tally: teams.Follow(byCohort[c.ID], fy)})
		}
	}
	f.Total = teams.Follow(f.Items, fy)
	for _, d := range dept {
		f.ByDept = append(f.ByDept, *d)
	}
	sort.Slice(f.ByDept, func(i, j int) bool { return f.ByDept[i].Department < f.ByDept[j].Department })
	return f, nil
}

// followUpOf reads the {id} team's follow-up as of ?fy=, for the API,
// the report and the export.
func (s *ui) followUpOf(r *http.Request) (*followUp, error) {
	id, err := web.ID(r, "id")
	if err != nil {
		return nil, err
	}
	fy, err := web.FY(r, s.Now())
	if err != nil {
		return nil, err
	}
	return s.loadFollowUp(r, id, fy)
}

// thisFY is the fiscal year of today.
func (s *ui) thisFY() int { return calendar.CurrentFY(s.Now()) }
