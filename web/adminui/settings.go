package adminui

import (
	"net/http"

	"hagukumi/web"
)

// settings shows the municipality's names.
func (s *ui) settings(w http.ResponseWriter, r *http.Request) error {
	s.Render(w, r, http.StatusOK, "settings", &web.Page{Title: "自治体の設定", Nav: "admin"})
	return nil
}
