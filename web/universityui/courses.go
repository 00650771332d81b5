package universityui

import (
	"net/http"

	"hagukumi/auth"
	"hagukumi/university"
	"hagukumi/web"
)

type coursesData struct {
	FY      int
	Courses []university.Course
	All     bool // the user sees every lecture, not only their scope's
}

// loadCourses is the one loader of the page and the API: the year's
// courses, with the lectures the user's scope sees.
func (s *ui) loadCourses(r *http.Request) (coursesData, error) {
	fy, err := web.FY(r, s.Now())
	if err != nil {
		return coursesData{}, err
	}
	u := web.UserOf(r)
	sc := auth.ScopeOf(u)
	cs, err := s.st.Courses(r.Context(), u.Municipality, fy, sc)
	return coursesData{FY: fy, Courses: cs, All: sc == auth.Scope{}}, err
}

// courses shows the year's courses as a printable schedule.
func (s *ui) courses(w http.ResponseWriter, r *http.Request) error {
	d, err := s.loadCourses(r)
	if err != nil {
		return err
	}
	s.Render(w, r, http.StatusOK, "university_courses", &web.Page{Title: "大学連携講座", Nav: "courses", FY: d.FY, Data: d})
	return nil
}

// apiCourses answers the year's courses with their lectures.
func (s *ui) apiCourses(w http.ResponseWriter, r *http.Request) error {
	d, err := s.loadCourses(r)
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusOK, map[string]any{"fy": d.FY, "items": d.Courses})
	return nil
}
