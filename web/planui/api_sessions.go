package planui

import (
	"net/http"
	"sort"

	"hagukumi/training"
	"hagukumi/web"
)

// apiSessionItem is a session in the API list.
type apiSessionItem struct {
	*training.Session
	Clashes []training.Clash `json:"clashes,omitempty"`
}

// sessionsJSON is the answer of GET /api/v1/sessions.
type sessionsJSON struct {
	FY         int              `json:"fy"`
	PlanStatus string           `json:"plan_status"`
	Items      []apiSessionItem `json:"items"`
}

// apiSessions answers a 年度's sessions in date order, as the plan page
// shows them to the user.
func (s *ui) apiSessions(w http.ResponseWriter, r *http.Request) error {
	d, err := s.loadPlan(r)
	if err != nil {
		return err
	}
	items := []apiSessionItem{}
	for _, b := range d.Programs {
		for _, x := range b.Sessions {
			items = append(items, apiSessionItem{Session: x.Session, Clashes: x.Clashes})
		}
	}
	sort.SliceStable(items, func(i, j int) bool { return items[i].First() < items[j].First() })
	web.JSON(w, http.StatusOK, sessionsJSON{FY: d.FY, PlanStatus: d.Plan.Status, Items: items})
	return nil
}
