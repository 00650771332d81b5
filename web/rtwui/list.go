package rtwui

import (
	"net/http"

	"hagukumi/web"
)

// list shows the cases assigned to the case manager.
func (s *ui) list(w http.ResponseWriter, r *http.Request) error {
	cases, err := s.rtw.List(r.Context(), web.UserOf(r))
	if err != nil {
		return err
	}
	s.Render(w, r, http.StatusOK, "rtw_list", &web.Page{Title: "復職支援", Nav: "rtw", Data: cases})
	return nil
}

// apiList is list as JSON.
func (s *ui) apiList(w http.ResponseWriter, r *http.Request) error {
	cases, err := s.rtw.List(r.Context(), web.UserOf(r))
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusOK, cases)
	return nil
}
