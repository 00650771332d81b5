package enrolui

import (
	"net/http"
	"time"

	"hagukumi/calendar"
	"hagukumi/training"
	"hagukumi/web"
)

// enrolmentRow is an enrolment with the days and venue of its session.
type enrolmentRow struct {
	*training.Enrolment
	Days  []string
	Venue string
}

func rowOf(e *training.Enrolment, x *training.Session) *enrolmentRow {
	return &enrolmentRow{Enrolment: e, Days: x.DayLabels(), Venue: x.Venue}
}

// access tells what the user may do on a session of a published plan
// whose program has the given mode; the lists of sessions to apply for or
// recommend to keep the sessions where the session page offers it.
func (s *ui) access(r *http.Request, x *training.Session, mode string) training.Access {
	u := web.UserOf(r)
	return training.SessionAccess(training.ViewerOf(u), x,
		training.SessionFacts{Published: true, Mode: mode, Today: calendar.Today(s.Now()).Format(time.DateOnly)})
}
