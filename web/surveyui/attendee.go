package surveyui

import (
	"net/http"
	"time"

	"hagukumi/apperr"
	"hagukumi/calendar"
	"hagukumi/training"
	"hagukumi/web"
)

// attendee loads the session of the URL for its attendee's self-service
// (survey, report): anyone not taking part gets 404.
func (s *ui) attendee(r *http.Request) (*training.Session, error) {
	u := web.UserOf(r)
	if u.StaffID == 0 {
		return nil, apperr.NotFoundf(apperr.MsgNoStaff)
	}
	id, err := web.ID(r, "id")
	if err != nil {
		return nil, err
	}
	ok, err := s.Train.Participates(r.Context(), u.Municipality, id, u.StaffID)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, apperr.NotFoundf("この研修の受講者として登録されていません。")
	}
	x, err := s.Train.SessionByID(r.Context(), u.Municipality, id)
	if err == nil && x.Status == training.SessionCancelled {
		return nil, apperr.NotFoundf("この開催回は中止されました。")
	}
	return x, err
}

// started tells whether a session has begun, in Japan's calendar: surveys
// and reports open on its first day.
func (s *ui) started(x *training.Session) bool {
	return x.First() <= calendar.Today(s.Now()).Format(time.DateOnly)
}
