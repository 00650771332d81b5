package adminui

import (
	"errors"
	"net/http"

	"hagukumi/audit"
	"hagukumi/web"
)

type auditVerifyData struct {
	Checked bool
	Count   int
	Broken  *audit.BrokenError
}

// auditVerify shows the chain check page; with ?run=1 it checks the
// municipality's chain, the same check as `hagukumi audit verify`.
func (s *ui) auditVerify(w http.ResponseWriter, r *http.Request) error {
	var d auditVerifyData
	if r.FormValue("run") != "" {
		d.Checked = true
		n, err := audit.VerifyMunicipality(r.Context(), s.DB.R, web.UserOf(r).Municipality)
		d.Count = n
		if err != nil && !errors.As(err, &d.Broken) {
			return err
		}
	}
	s.Render(w, r, http.StatusOK, "audit_verify", &web.Page{Title: "監査ログの検証", Nav: "admin", Data: d})
	return nil
}
