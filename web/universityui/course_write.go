package universityui

import (
	"net/http"

	"hagukumi/university"
	"hagukumi/web"
)

// apiCreateCourse registers a course at a partner.
func (s *ui) apiCreateCourse(w http.ResponseWriter, r *http.Request) error {
	var c university.Course
	if err := web.DecodeJSON(r, &c); err != nil {
		return err
	}
	c.ID, c.Lectures = 0, nil
	if c.FY == 0 {
		fy, err := web.FY(r, s.Now())
		if err != nil {
			return err
		}
		c.FY = fy
	}
	u := web.UserOf(r)
	if err := s.st.CreateCourse(r.Context(), u.Actor(), u.Municipality, &c); err != nil {
		return err
	}
	web.JSON(w, http.StatusCreated, c)
	return nil
}

// apiAddLecture records a lecture date with its staff lecturers.
func (s *ui) apiAddLecture(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	var l university.Lecture
	if err := web.DecodeJSON(r, &l); err != nil {
		return err
	}
	l.ID = 0
	u := web.UserOf(r)
	if err := s.st.AddLecture(r.Context(), u.Actor(), u.Municipality, id, &l); err != nil {
		return err
	}
	web.JSON(w, http.StatusCreated, l)
	return nil
}
