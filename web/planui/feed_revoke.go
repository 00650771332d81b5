package planui

import (
	"net/http"

	"hagukumi/web"
)

// feedRevoke makes the user's calendar URL stop working.
func (s *ui) feedRevoke(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	if err := s.Train.RevokeFeedToken(r.Context(), u.Actor(), u.Municipality, u.ID); err != nil {
		return err
	}
	s.RedirectFlash(w, r, "/my/trainings#feed", "カレンダーのURLを無効にしました。")
	return nil
}
