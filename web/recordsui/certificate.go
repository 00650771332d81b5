package recordsui

import (
	"net/http"
	"strings"

	"hagukumi/apperr"
	"hagukumi/staff"
	"hagukumi/training"
	"hagukumi/web"
)

// certificateData is one or more 修了証 with how the municipality signs them.
type certificateData struct {
	Certs    []*training.Certificate
	Muni     staff.Municipality
	Settings training.CertificateSettings
}

// certArgs hands one certificate and the signing to the shared article
// template, which prints the single page and the session's batch alike.
type certArgs struct {
	C        *training.Certificate
	Title    string
	Settings training.CertificateSettings
}

func newCertArgs(c *training.Certificate, d certificateData) certArgs {
	return certArgs{C: c, Title: d.Settings.IssuerTitle(d.Muni.Name, d.Muni.CenterName), Settings: d.Settings}
}

func (s *ui) certificateData(r *http.Request, certs []*training.Certificate) (certificateData, error) {
	u := web.UserOf(r)
	muni, err := s.Staff.GetMunicipality(r.Context(), u.Municipality)
	if err != nil {
		return certificateData{}, err
	}
	cs, err := s.Train.CertificateSettings(r.Context(), u.Municipality)
	return certificateData{Certs: certs, Muni: muni, Settings: cs}, err
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
	d, err := s.certificateData(r, []*training.Certificate{c})
	if err != nil {
		return err
	}
	s.Render(w, r, http.StatusOK, "certificate", &web.Page{Title: "修了証 " + c.Name, FY: c.FY, Data: d})
	return nil
}

// sessionCertificates prints every 修了証 of a session as one document, one
// certificate a page, for the center to print and seal at once.
func (s *ui) sessionCertificates(w http.ResponseWriter, r *http.Request) error {
	a, err := s.sessionAccess(r)
	if err != nil {
		return err
	}
	certs, err := s.Train.CertificatesOfSession(r.Context(), web.UserOf(r).Municipality, a.X.ID)
	if err != nil {
		return err
	}
	d, err := s.certificateData(r, certs)
	if err != nil {
		return err
	}
	s.Render(w, r, http.StatusOK, "certificate", &web.Page{Title: "修了証 " + strings.TrimSpace(a.X.Label()), FY: a.X.FY, Data: d})
	return nil
}
