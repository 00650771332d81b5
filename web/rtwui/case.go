package rtwui

import (
	"net/http"

	"hagukumi/rtw"
	"hagukumi/web"
)

// loadCase is the one loader of the case page and its JSON: a 404 for
// anyone but an assigned manager, and an audited read for them.
func (s *ui) loadCase(r *http.Request) (*rtw.Case, error) {
	id, err := web.ID(r, "id")
	if err != nil {
		return nil, err
	}
	return s.rtw.Case(r.Context(), web.UserOf(r), id)
}

// casePage shows a case to its manager.
func (s *ui) casePage(w http.ResponseWriter, r *http.Request) error {
	c, err := s.loadCase(r)
	if err != nil {
		return err
	}
	s.Render(w, r, http.StatusOK, "rtw_case", &web.Page{Title: "復職支援の記録", Nav: "rtw", Data: c})
	return nil
}

// apiCase answers a case as JSON; without the key it says so (503).
func (s *ui) apiCase(w http.ResponseWriter, r *http.Request) error {
	c, err := s.loadCase(r)
	if err != nil {
		return err
	}
	if c.KeyMissing {
		return rtw.ErrKeyMissing
	}
	web.JSON(w, http.StatusOK, c)
	return nil
}
