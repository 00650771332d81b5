package recordsui

import (
	"net/http"
	"time"

	"hagukumi/apperr"
	"hagukumi/auth"
	"hagukumi/calendar"
	"hagukumi/staff"
	"hagukumi/training"
	"hagukumi/web"
)

// access is what a user may do with one session's roster.
type access struct {
	X    *training.Session
	Edit bool // mark attendance, QR, tablet
	// Closed, when not empty, says why attendance cannot be recorded
	// today (training.MayMarkAttendance): the buttons are then not offered.
	Closed string
	// Held is set once the session's last day is over: a change of its
	// attendance is then a correction by the center, with a reason.
	Held  bool
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
	a, err := s.rosterAccess(r, u, x)
	if err == nil {
		today := calendar.Today(s.Now()).Format(time.DateOnly)
		a.Held = training.Held(x, today)
		// The reason is not known yet: pass one so that only who may
		// change the attendance at all decides what the page offers.
		if closed := training.MayChangeAttendance(isCenter(u), x, today, "-"); closed != nil {
			a.Closed = apperr.MessageOf(closed)
		}
	}
	return a, err
}

// rosterAccess is sessionAccess's answer before the session's dates are
// considered.
func (s *ui) rosterAccess(r *http.Request, u *auth.User, x *training.Session) (*access, error) {
	id := x.ID
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
