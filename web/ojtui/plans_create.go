package ojtui

import (
	"fmt"
	"net/http"

	"hagukumi/calendar"
	"hagukumi/web"
)

// createPlans makes the plans of the year's new hires (正規) who have none.
func (s *ui) createPlans(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	fy, err := web.FY(r, s.Now())
	if err != nil {
		return err
	}
	n, err := s.OJT.CreatePlansForNewHires(r.Context(), u.Actor(), u.Municipality, fy, nil)
	if err != nil {
		return err
	}
	s.RedirectFlash(w, r, fmt.Sprintf("/ojt?fy=%d", fy), fmt.Sprintf("%sの新規採用職員 %d 人のOJT計画を作りました。", calendar.FormatNendo(fy), n))
	return nil
}
