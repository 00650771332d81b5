package enrolui

import (
	"net/http"

	"hagukumi/apperr"
	"hagukumi/web"
)

// notificationsRead marks one notice (id) or all of them read.
func (s *ui) notificationsRead(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	if u.StaffID == 0 {
		return apperr.NotFoundf("お知らせが見つかりません。")
	}
	if _, err := s.Train.MarkNotificationsRead(r.Context(), u.Actor(), u.Municipality, u.StaffID, web.Int64(r, "id")); err != nil {
		return err
	}
	s.RedirectFlash(w, r, "/notifications", "既読にしました。")
	return nil
}
