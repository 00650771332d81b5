package recordsui

import (
	"net/http"

	"hagukumi/apperr"
	"hagukumi/auth"
	"hagukumi/staff"
	"hagukumi/training"
	"hagukumi/web"
)

// access is what a user may do with one session's roster.
type access struct {
	X     *training.Session
	Edit  bool        // mark attendance, QR, tablet
	Scope staff.Scope // whose rows are shown
}

// sessionAccess loads the session of the URL for its roster: center staff
// see and mark every session, an instructor only those they teach, a
// liaison sees their department's rows. Anyone else gets 404.
func (s *ui) sessionAccess(r *http.Request) (*access, error) {
	u := web.UserOf(r)
	id, err := web.ID(r, "id")
	if err != nil {
		return nil, err
	}
	x, err := s.Train.SessionByID(r.Context(), u.Municipality, id)
	if err != nil {
		return nil, err
	}
	switch {
	case isCenter(u):
		return &access{X: x, Edit: true}, nil
	case u.Role == auth.Instructor:
		ok, err := s.Train.Teaches(r.Context(), u.Municipality, id, u.StaffID)
		if err != nil {
			return nil, err
		}
		if ok {
			return &access{X: x, Edit: true}, nil
		}
	case u.Role == auth.Liaison:
		return &access{X: x, Scope: auth.ScopeOf(u)}, nil
	}
	return nil, apperr.NotFoundf("開催回が見つかりません。")
}

func isCenter(u *auth.User) bool { return web.RoleIn(u.Role, auth.Center) }
