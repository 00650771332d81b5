package rtwui

import (
	"net/http"

	"hagukumi/calendar"
	"hagukumi/rtw"
	"hagukumi/web"
)

// apiCounts answers a fiscal year's anonymous counts (cells under 5
// suppressed) for the center's yearly account.
func (s *ui) apiCounts(w http.ResponseWriter, r *http.Request) error {
	fy, err := web.FY(r, s.Now())
	if err != nil {
		return err
	}
	start := calendar.FiscalYearStart(fy)
	c, err := rtw.CountsFY(r.Context(), s.DB.R, web.UserOf(r).Municipality, fy, start, calendar.FiscalYearStart(fy+1))
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusOK, c)
	return nil
}
