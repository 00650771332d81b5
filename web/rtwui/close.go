package rtwui

import (
	"net/http"

	"hagukumi/web"
)

// closeCase ends the case, or reopens it (reopen=1) on relapse.
func (s *ui) closeCase(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	reopen := r.PostFormValue("reopen") == "1"
	if err := s.rtw.Close(r.Context(), web.UserOf(r), id, reopen); err != nil {
		return err
	}
	if reopen {
		return s.back(w, r, id, "再開しました。")
	}
	return s.back(w, r, id, "終了しました。")
}
