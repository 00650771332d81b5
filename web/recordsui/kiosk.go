package recordsui

import (
	"net/http"

	"hagukumi/apperr"
)

// startKiosk turns the browser into the session's 受付 tablet
// (web.Server.StartKiosk): only who may mark this session's attendance
// today may start it, and from then on that browser can only check people
// in to this session, until midnight.
func (s *ui) startKiosk(w http.ResponseWriter, r *http.Request) error {
	a, err := s.sessionAccess(r)
	if err != nil {
		return err
	}
	if !a.Edit {
		return apperr.NotFoundf("開催回が見つかりません。")
	}
	if a.Held {
		return apperr.New(apperr.Conflict, "実施済みの開催回の受付はできません。")
	}
	if a.Closed != "" {
		return apperr.New(apperr.Conflict, "%s", a.Closed)
	}
	return s.StartKiosk(w, r, a.X.ID)
}
