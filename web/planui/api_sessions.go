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
	web.JSON(w, http.StatusOK, map[string]any{"fy": d.FY, "plan_status": d.Plan.Status, "items": items})
	return nil
}
