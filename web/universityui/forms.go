package universityui

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"hagukumi/calendar"
	"hagukumi/university"
	"hagukumi/web"
)

// createPartner registers a partner from the page's form.
func (s *ui) createPartner(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	p := university.Partner{Name: strings.TrimSpace(r.PostFormValue("name")), Kind: r.PostFormValue("kind"), Contact: strings.TrimSpace(r.PostFormValue("contact"))}
	if err := s.st.CreatePartner(r.Context(), u.Actor(), u.Municipality, &p); err != nil {
		if web.IsValidation(err) {
			s.RedirectFlash(w, r, "/partners", web.Message(err))
			return nil
		}
		return err
	}
	s.RedirectFlash(w, r, "/partners", fmt.Sprintf("連携先「%s」を登録しました。", p.Name))
	return nil
}

// createCourse registers a course from the page's form.
func (s *ui) createCourse(w http.ResponseWriter, r *http.Request) error {
	fy, err := web.ParseFY(r.PostFormValue("fy"), s.Now())
	if err != nil {
		return s.renderCourses(w, r, web.Status(err), web.Message(err))
	}
	credits, _ := strconv.Atoi(r.PostFormValue("credits"))
	c := university.Course{PartnerID: web.Int64(r, "partner_id"), FY: fy, Name: strings.TrimSpace(r.PostFormValue("name")), Term: r.PostFormValue("term"),
		Credits: credits, Coordinator: strings.TrimSpace(r.PostFormValue("coordinator"))}
	u := web.UserOf(r)
	if err := s.st.CreateCourse(r.Context(), u.Actor(), u.Municipality, &c); err != nil {
		if web.IsValidation(err) || web.Status(err) == http.StatusNotFound {
			return s.renderCourses(w, r, web.Status(err), web.Message(err))
		}
		return err
	}
	s.RedirectFlash(w, r, fmt.Sprintf("/university-courses?fy=%d", fy), fmt.Sprintf("講座「%s」を登録しました。", c.Name))
	return nil
}

// addLecture records a lecture date from the form: lecturers are staff
// numbers separated by spaces or commas.
func (s *ui) addLecture(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	l := university.Lecture{Topic: strings.TrimSpace(r.PostFormValue("topic"))}
	if d, err := calendar.ParseDate(r.PostFormValue("date")); err == nil {
		l.Date = d.Format("2006-01-02")
	}
	l.Hours, _ = strconv.ParseFloat(r.PostFormValue("hours"), 64)
	l.Attendance, _ = strconv.Atoi(r.PostFormValue("attendance"))
	for _, n := range strings.FieldsFunc(r.PostFormValue("lecturers"), func(c rune) bool { return c == ' ' || c == ',' || c == '、' || c == '　' }) {
		l.Lecturers = append(l.Lecturers, university.Lecturer{Number: n})
	}
	u := web.UserOf(r)
	if err := s.st.AddLecture(r.Context(), u.Actor(), u.Municipality, id, &l); err != nil {
		if web.IsValidation(err) || web.Status(err) == http.StatusNotFound {
			return s.renderCourses(w, r, web.Status(err), web.Message(err))
		}
		return err
	}
	s.RedirectFlash(w, r, "/university-courses?fy="+r.PostFormValue("fy"), "講義日を登録しました。")
	return nil
}
