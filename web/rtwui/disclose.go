package rtwui

import (
	"net/http"

	"hagukumi/web"
)

// disclose records a provision of information, refused without consent.
func (s *ui) disclose(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	if err := s.rtw.RecordDisclosure(r.Context(), web.UserOf(r), id, r.PostFormValue("party"), r.PostFormValue("what")); err != nil {
		return err
	}
	return s.back(w, r, id, "情報提供を記録しました。")
}
