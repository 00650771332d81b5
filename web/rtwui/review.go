package rtwui

import (
	"net/http"

	"hagukumi/rtw"
	"hagukumi/web"
)

type reviewData struct {
	ID       int64
	Accesses []rtw.Access
}

// review lists who read or changed the case (itself audited).
func (s *ui) review(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	acc, err := s.rtw.Accesses(r.Context(), web.UserOf(r), id)
	if err != nil {
		return err
	}
	s.Render(w, r, http.StatusOK, "rtw_review", &web.Page{Title: "閲覧・操作の記録", Nav: "rtw", Data: reviewData{ID: id, Accesses: acc}})
	return nil
}
