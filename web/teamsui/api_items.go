package teamsui

import (
	"net/http"

	"hagukumi/apperr"
	"hagukumi/teams"
	"hagukumi/web"
)

// apiItems lists a cohort's proposal items with their latest state. A
// proposal not yet presented is shown to the center and the cohort only;
// to the others, as to a cohort without a proposal, the list is empty.
func (s *ui) apiItems(w http.ResponseWriter, r *http.Request) error {
	c, drafts, err := s.cohortOf(r)
	if err != nil {
		return err
	}
	items := []teams.Item{}
	p, err := s.teams.Proposal(r.Context(), web.UserOf(r).Municipality, c.ID)
	switch {
	case apperr.CodeOf(err) == apperr.NotFound:
	case err != nil:
		return err
	case p.PresentedOn != "" || drafts:
		items = p.Items
	}
	web.JSON(w, http.StatusOK, items)
	return nil
}
