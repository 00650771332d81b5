package recordsui

import (
	"net/http"

	"hagukumi/apperr"
	"hagukumi/staff"
	"hagukumi/training"
	"hagukumi/web"
)

type certificateData struct {
	C    *training.Certificate
	Muni staff.Municipality
}

// certificate prints a 修了証: for the person, the center and the person's
// liaison only; anyone else, and anyone who did not complete, gets 404.
func (s *ui) certificate(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	ctx := r.Context()
	sessionID, err := web.ID(r, "session")
	if err != nil {
		return err
	}
	m, err := s.Staff.ByNumber(ctx, u.Municipality, staff.Scope{}, r.PathValue("number"))
	if err != nil {
		return err
	}
	if !maySeeCertificate(u, m) {
		return apperr.NotFoundf("修了証が見つかりません。")
	}
	c, err := s.Train.CertificateOf(ctx, u.Municipality, sessionID, m.ID)
	if err != nil {
		return err
	}
	muni, err := s.Staff.GetMunicipality(ctx, u.Municipality)
	if err != nil {
		return err
	}
	s.Render(w, r, http.StatusOK, "certificate", &web.Page{Title: "修了証 " + c.Number, FY: c.FY, Data: certificateData{C: c, Muni: muni}})
	return nil
}
