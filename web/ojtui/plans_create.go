package ojtui

import (
	"fmt"
	"net/http"
	"slices"

	"hagukumi/apperr"
	"hagukumi/staff"

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
	// 正規 by default; the center may add other employment types.
	var types []string
	for _, t := range r.PostForm["type"] {
		if !slices.Contains(staff.EmploymentTypes, t) {
			return apperr.Fields(apperr.FieldErrors{"type": "雇用区分の指定が正しくありません。"})
		}
		types = append(types, t)
	}
	n, err := s.OJT.CreatePlansForNewHires(r.Context(), u.Actor(), u.Municipality, fy, types)
	if err != nil {
		return err
	}
	s.RedirectFlash(w, r, fmt.Sprintf("/ojt?fy=%d", fy), fmt.Sprintf("%sの新規採用職員 %d 人のOJT計画を作りました。", calendar.FormatNendo(fy), n))
	return nil
}
