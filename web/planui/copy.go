package planui

import (
	"fmt"
	"net/http"

	"hagukumi/calendar"
	"hagukumi/web"
)

// copyPlan copies the previous 年度's sessions into this one, moved to the
// same weekdays.
func (s *ui) copyPlan(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	fy, err := web.FY(r, s.Now())
	if err != nil {
		return err
	}
	n, err := s.Train.CopyPlan(r.Context(), u.Actor(), u.Municipality, fy)
	if err != nil {
		return err
	}
	s.RedirectFlash(w, r, fmt.Sprintf("/plan?fy=%d", fy),
		fmt.Sprintf("%sの開催回 %d 件を%sに複写しました。日付と重複を確認してください。", calendar.FormatNendo(fy-1), n, calendar.FormatNendo(fy)))
	return nil
}
