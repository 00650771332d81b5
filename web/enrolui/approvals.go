package enrolui

import (
	"net/http"

	"hagukumi/training"
	"hagukumi/web"
)

// approvals lists the applications the user decides: a 所属長 those the
// decider rule gives them, the center every open one with its decider.
func (s *ui) approvals(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	list, err := s.Train.PendingApprovals(r.Context(), u.Municipality, training.ViewerOf(u), u.ID)
	if err != nil {
		return err
	}
	var rows []*enrolmentRow
	for _, e := range list {
		x, err := s.Train.SessionByID(r.Context(), u.Municipality, e.SessionID)
		if err != nil {
			return err
		}
		rows = append(rows, rowOf(e, x))
	}
	s.Render(w, r, http.StatusOK, "enrol_approvals", &web.Page{Title: "承認待ちの受講申込", Nav: "approvals", Data: rows})
	return nil
}
