package publicui

import (
	"net/http"

	"hagukumi/teams"
)

// publicItem is a proposal item as the public page shows it.
type publicItem struct {
	Position    int
	Text        string
	Departments []string
	Status      string // 反映済 … or 未回答
	Progress    int
	Answered    bool
}

// publicCohort is a published cohort's proposal.
type publicCohort struct {
	teams.PublicCohort
	Rows []publicItem
}

// proposals lists the policy teams' proposals the center published, with
// each item's latest state (PRODUCT W1: the proposals are public in the
// city); members are never named.
func (s *ui) proposals(w http.ResponseWriter, r *http.Request) error {
	site, err := s.load(r, false)
	if err != nil {
		return err
	}
	st := &teams.Store{DB: s.DB, Now: s.Now}
	cs, err := st.PublicProposals(r.Context(), site.Muni)
	if err != nil {
		return err
	}
	out := make([]publicCohort, 0, len(cs))
	for _, c := range cs {
		pc := publicCohort{PublicCohort: c}
		for _, it := range c.Items {
			row := publicItem{Position: it.Position, Text: it.Text, Departments: it.Departments, Status: "未回答"}
			if it.LatestStatus != nil {
				row.Status, row.Progress, row.Answered = teams.StatusLabel(*it.LatestStatus), it.Progress, true
			}
			pc.Rows = append(pc.Rows, row)
		}
		out = append(out, pc)
	}
	s.render(w, r, http.StatusOK, "public_proposals", "政策提言とその反映状況", site, out)
	return nil
}
