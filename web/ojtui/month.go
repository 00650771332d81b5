package ojtui

import (
	"fmt"
	"net/http"

	"hagukumi/apperr"
	"hagukumi/ojt"
	"hagukumi/web"
)

// saveMonth writes a month of the plan: the trainee's reflection, or the
// trainer's comment and done mark, whichever the viewer is.
func (s *ui) saveMonth(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	d, err := s.visiblePlan(r)
	if err != nil {
		return err
	}
	month := r.PostFormValue("month")
	var m ojt.MonthWrite
	switch {
	case ojt.MayReflect(u, &d.Plan):
		text := r.PostFormValue("reflection")
		m.Reflection = &text
	case ojt.MayComment(u, &d.Plan):
		text, done := r.PostFormValue("trainer_comment"), r.PostFormValue("done") == "1"
		m.Comment, m.Done = &text, &done
	default:
		return apperr.Forbid()
	}
	if err := s.OJT.SaveMonth(r.Context(), u.Actor(), u.Municipality, d.ID, month, m); err != nil {
		return err
	}
	s.RedirectFlash(w, r, fmt.Sprintf("/ojt/plans/%d", d.ID), "保存しました。")
	return nil
}

// signReview signs a quarter's review (5: the year's end) as 所属長.
func (s *ui) signReview(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	d, err := s.visiblePlan(r)
	if err != nil {
		return err
	}
	if !ojt.MaySign(u, &d.Plan) {
		return apperr.NotFoundf("OJT計画が見つかりません。")
	}
	q := web.Int(r, "quarter")
	if err := s.OJT.SignReview(r.Context(), u.Actor(), u.Municipality, d.ID, q, r.PostFormValue("comment"), u.DisplayName); err != nil {
		return err
	}
	s.RedirectFlash(w, r, fmt.Sprintf("/ojt/plans/%d", d.ID), "確認を記録しました。")
	return nil
}
