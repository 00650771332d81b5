package instructorui

import (
	"net/http"
	"time"

	"hagukumi/apperr"
	"hagukumi/auth"
	"hagukumi/calendar"
	"hagukumi/training"
	"hagukumi/web"
)

type topicsData struct {
	Topics     []training.Topic
	Teaching   []training.Teaching
	ByFY       []training.FYTaught
	Form       training.Topic
	Instructor bool
}

// topics shows the user's own topics and teaching record.
func (s *ui) topics(w http.ResponseWriter, r *http.Request) error {
	return s.renderTopics(w, r, http.StatusOK, "", training.Topic{})
}

// renderTopics shows the page, with the new topic as entered after a mistake.
func (s *ui) renderTopics(w http.ResponseWriter, r *http.Request, status int, errMsg string, form training.Topic) error {
	u := web.UserOf(r)
	staffID, err := linkedStaff(u)
	if err != nil {
		return err
	}
	d := topicsData{Form: form, Instructor: u.Role == auth.Instructor}
	if d.Topics, err = s.Train.TopicsOf(r.Context(), u.Municipality, staffID); err != nil {
		return err
	}
	if d.Teaching, err = s.Train.TeachingOf(r.Context(), u.Municipality, staffID); err != nil {
		return err
	}
	d.ByFY = training.TaughtByFY(d.Teaching, calendar.Today(s.Now()).Format(time.DateOnly))
	s.Render(w, r, status, "instructor_topics", &web.Page{Title: "講師としての登録", Nav: "topics", Error: errMsg, Data: d})
	return nil
}

// linkedStaff is the staff member of the user's account; an account not
// linked to one has no topics page.
func linkedStaff(u *auth.User) (int64, error) {
	if u.StaffID == 0 {
		return 0, apperr.NotFoundf(apperr.MsgNoStaff)
	}
	return u.StaffID, nil
}
