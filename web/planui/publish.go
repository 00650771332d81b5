package planui

import (
	"fmt"
	"net/http"

	"hagukumi/calendar"
	"hagukumi/web"
)

// publish publishes a 年度's plan to the staff, or (action=unpublish)
// takes it back to 作成中.
func (s *ui) publish(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	fy, err := web.FY(r, s.Now())
	if err != nil {
		return err
	}
	publish := r.PostFormValue("action") != "unpublish"
	if err := s.Train.SetPlanPublished(r.Context(), u.Actor(), u.Municipality, fy, publish); err != nil {
		return err
	}
	msg := calendar.FormatNendo(fy) + "の研修計画を公開しました。"
	if !publish {
		msg = calendar.FormatNendo(fy) + "の研修計画を作成中に戻しました。"
	}
	s.RedirectFlash(w, r, fmt.Sprintf("/plan?fy=%d", fy), msg)
	return nil
}
