package recordsui

import (
	"net/http"

	"hagukumi/apperr"
	"hagukumi/web"
)

// myHistory shows the user's own training history.
func (s *ui) myHistory(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	if u.StaffID == 0 {
		return apperr.NotFoundf(apperr.MsgNoStaff)
	}
	m, err := s.Staff.ByID(r.Context(), u.Municipality, u.StaffID)
	if err != nil {
		return err
	}
	h, err := s.historyOf(r, m)
	if err != nil {
		return err
	}
	return s.renderHistory(w, r, h)
}
