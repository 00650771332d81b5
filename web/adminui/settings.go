package adminui

import (
	"net/http"

	"hagukumi/training"
	"hagukumi/web"
)

// settingsData is what the settings page shows besides the names.
type settingsData struct {
	Certificate training.CertificateSettings
}

// settings shows the municipality's names and how its 修了証 are issued.
func (s *ui) settings(w http.ResponseWriter, r *http.Request) error {
	cs, err := s.Train.CertificateSettings(r.Context(), web.UserOf(r).Municipality)
	if err != nil {
		return err
	}
	s.Render(w, r, http.StatusOK, "settings", &web.Page{Title: "自治体の設定", Nav: "admin", Data: settingsData{Certificate: cs}})
	return nil
}
