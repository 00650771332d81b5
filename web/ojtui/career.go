package ojtui

import (
	"net/http"
	"net/url"

	"hagukumi/apperr"
	"hagukumi/auth"
	"hagukumi/calendar"
	"hagukumi/competency"
	"hagukumi/web"
)

// saveCareer writes the viewer's own 自己申告 of this fiscal year. A bad
// input brings the page back with what was typed and the messages (422).
func (s *ui) saveCareer(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	if u.StaffID == 0 {
		return apperr.NotFoundf("職員の記録に結びついたアカウントだけが自己申告を書けます。")
	}
	n := &competency.CareerNote{FY: calendar.CurrentFY(s.Now()), Fields: r.PostFormValue("fields"), Skills: r.PostFormValue("skills"),
		Trainings: r.PostFormValue("trainings"), FreeText: r.PostFormValue("free_text")}
	for _, v := range []string{n.Fields, n.Skills, n.Trainings, n.FreeText} {
		if !web.CleanText(v, true) {
			return apperr.Invalidf(apperr.MsgBadText)
		}
	}
	err := s.Comp.SaveCareerNote(r.Context(), u.Actor(), u.Municipality, u.StaffID, n)
	if fe := apperr.FieldsOf(err); len(fe) > 0 {
		m, err := s.Staff.ByID(r.Context(), u.Municipality, u.StaffID)
		if err != nil {
			return err
		}
		d, err := s.developmentFor(r, m)
		if err != nil {
			return err
		}
		d.Form, d.Errors = n, fe
		s.renderDevelopmentStatus(w, r, http.StatusUnprocessableEntity, d)
		return nil
	}
	if err != nil {
		return err
	}
	s.RedirectFlash(w, r, "/my/development", "自己申告を保存しました。所属長とセンターが読みます。")
	return nil
}

// commentCareer records the 所属長's comment on a staff member's note of
// this fiscal year; outside the 所属長's unit the person is not found.
func (s *ui) commentCareer(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	m, err := s.Staff.ByNumber(r.Context(), u.Municipality, auth.ScopeOf(u), r.PathValue("number"))
	if err != nil {
		return err
	}
	if !competency.MayCommentCareer(u, m.ID, m.Unit) {
		return apperr.NotFoundf("職員が見つかりません。")
	}
	comment := r.PostFormValue("comment")
	if !web.CleanText(comment, true) {
		return apperr.Invalidf(apperr.MsgBadText)
	}
	if err := s.Comp.CommentCareerNote(r.Context(), u.Actor(), u.Municipality, m.ID, m.Number, calendar.CurrentFY(s.Now()), comment, u.DisplayName); err != nil {
		return err
	}
	s.RedirectFlash(w, r, "/staff/"+url.PathEscape(m.Number)+"/development", "自己申告にコメントしました。")
	return nil
}

// apiCareerCounts answers a fiscal year's 自己申告 figures for the yearly
// account: staff, submitted, commented, and by department.
func (s *ui) apiCareerCounts(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	fy, err := web.FY(r, s.Now())
	if err != nil {
		return err
	}
	c, err := s.Comp.CountCareerNotes(r.Context(), u.Municipality, fy)
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusOK, c)
	return nil
}
