package rtwui

import (
	"net/http"

	"hagukumi/web"
)

// release releases a work adjustment to the person's 所属長.
func (s *ui) release(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	if err := s.rtw.ReleaseAdjustment(r.Context(), web.UserOf(r), id, r.PostFormValue("text"), r.PostFormValue("until")); err != nil {
		return err
	}
	return s.back(w, r, id, "所属長に就業上の配慮を開示しました。")
}
