package adminui

import (
	"net/http"

	"hagukumi/training"
	"hagukumi/web"
)

// saveCertificateSettings stores who signs the 修了証 and how they are
// numbered. Only the center admin decides what the city's certificates say.
func (s *ui) saveCertificateSettings(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	cs := training.CertificateSettings{Issuer: r.PostFormValue("issuer"), IssuerName: r.PostFormValue("issuer_name"),
		Numbering: training.Numbering(r.PostFormValue("numbering"))}
	if err := s.Train.SaveCertificateSettings(r.Context(), u.Actor(), u.Municipality, cs); err != nil {
		return err
	}
	s.RedirectFlash(w, r, "/settings", "修了証の設定を保存しました。")
	return nil
}
