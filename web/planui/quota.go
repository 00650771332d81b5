package planui

import (
	"fmt"
	"net/http"
	"strconv"

	"hagukumi/apperr"
	"hagukumi/web"
)

// saveQuota sets how many staff a unit may recommend for a program in a 年度.
func (s *ui) saveQuota(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	fy, err := web.FY(r, s.Now())
	if err != nil {
		return err
	}
	quota, err := strconv.Atoi(num(r.PostFormValue("quota")))
	if err != nil {
		return apperr.Invalidf("推薦枠は数字で入力してください。")
	}
	if err := s.Train.SetQuota(r.Context(), u.Actor(), u.Municipality, web.Int64(r, "program"), fy, web.Int64(r, "unit"), quota); err != nil {
		return err
	}
	s.RedirectFlash(w, r, fmt.Sprintf("/plan?fy=%d#quotas", fy), "推薦枠を保存しました。")
	return nil
}
