package enrolui

import (
	"net/http"

	"hagukumi/auth"
	"hagukumi/web"
)

// approvals lists the applications waiting for the 所属長.
func (s *ui) approvals(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	list, err := s.Train.PendingApprovals(r.Context(), u.Municipality, auth.ScopeOf(u))
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
