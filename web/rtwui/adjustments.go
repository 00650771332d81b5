package rtwui

import (
	"net/http"

	"hagukumi/web"
)

// adjustments shows a 所属長 the work adjustments released for their
// staff: the measure and its end, never the reason or the case.
func (s *ui) adjustments(w http.ResponseWriter, r *http.Request) error {
	adj, err := s.rtw.Adjustments(r.Context(), web.UserOf(r))
	if err != nil {
		return err
	}
	s.Render(w, r, http.StatusOK, "rtw_adjustments", &web.Page{Title: "就業上の配慮", Nav: "adjustments", Data: adj})
	return nil
}
