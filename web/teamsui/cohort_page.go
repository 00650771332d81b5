package teamsui

import (
	"net/http"

	"hagukumi/apperr"
	"hagukumi/calendar"
	"hagukumi/teams"
	"hagukumi/training"
	"hagukumi/web"
)

type cohortData struct {
	Cohort   *teams.Cohort
	Balance  teams.Balance
	Drafts   bool
	Meetings []teams.Meeting
	Proposal *teams.Proposal
	Roles    []string
	Field    map[string]string
	// Sessions are the training sessions planned for the cohort, Seminars
	// the 働き方セミナー programmes the center may plan one of.
	Sessions  []*training.Session
	Seminars  []*training.Program
	Published bool // the proposal is on the public site
}

// cohortPage shows a cohort: members and their balance, the meetings (to
// the center and the members), and the proposal's items with their state.
func (s *ui) cohortPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderCohort(w, r, http.StatusOK, nil)
}

func (s *ui) renderCohort(w http.ResponseWriter, r *http.Request, status int, formErr error) error {
	d, err := s.loadCohort(r)
	if err != nil {
		return err
	}
	d.Field = fieldsOf(formErr)
	p := &web.Page{Title: d.Cohort.TeamName + " " + calendar.FormatNendo(d.Cohort.FY), Nav: "teams", Data: d}
	if formErr != nil {
		p.Error = web.Message(formErr)
	}
	s.Render(w, r, status, "team_cohort", p)
	return nil
}

func (s *ui) loadCohort(r *http.Request) (*cohortData, error) {
	c, drafts, err := s.cohortOf(r)
	if err != nil {
		return nil, err
	}
	d := &cohortData{Cohort: c, Balance: teams.BalanceOf(c.Members), Drafts: drafts, Roles: teams.Roles}
	ctx, muni := r.Context(), web.UserOf(r).Municipality
	if drafts {
		if d.Meetings, err = s.teams.Meetings(ctx, muni, c.ID); err != nil {
			return nil, err
		}
	}
	p, err := s.teams.Proposal(ctx, muni, c.ID)
	switch {
	case apperr.CodeOf(err) == apperr.NotFound:
	case err != nil:
		return nil, err
	case p.PresentedOn != "" || drafts:
		d.Proposal = p
	}
	ids, err := s.teams.CohortSessions(ctx, muni, c.ID)
	if err != nil {
		return nil, err
	}
	if len(ids) > 0 {
		if d.Sessions, err = s.Train.Sessions(ctx, muni, training.SessionFilter{IDs: ids, IncludeCancel: true}); err != nil {
			return nil, err
		}
	}
	if s.Allowed(web.UserOf(r), "POST /cohorts/{id}/sessions") {
		if d.Seminars, err = s.seminarPrograms(r); err != nil {
			return nil, err
		}
		if d.Proposal != nil && d.Proposal.PresentedOn != "" {
			if d.Published, err = s.teams.Published(ctx, muni, c.ID); err != nil {
				return nil, err
			}
		}
	}
	return d, nil
}
