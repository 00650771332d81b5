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
	// Partners are offered in the new-course form, to the center only.
	Partners []university.Partner
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

// renderCourses shows the page, with the message of a refused form.
func (s *ui) renderCourses(w http.ResponseWriter, r *http.Request, status int, errMsg string) error {
	d, err := s.loadCourses(r)
	if err != nil {
		return err
	}
	if s.Allowed(web.UserOf(r), "POST /university-courses") {
		if d.Partners, err = s.st.Partners(r.Context(), web.UserOf(r).Municipality); err != nil {
			return err
		}
	}
	s.Render(w, r, status, "university_courses", &web.Page{Title: "大学連携講座", Nav: "courses", FY: d.FY, Error: errMsg, Data: d})
	return nil
}

// courses shows the year's courses as a printable schedule.
func (s *ui) courses(w http.ResponseWriter, r *http.Request) error {
	return s.renderCourses(w, r, http.StatusOK, "")
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
