package staffui

import (
	"net/http"

	"hagukumi/web"
)

type importStatusData struct {
	Rec         *importRec
	Done, Total int
	Running     bool
	CanApply    bool
}

// importStatus shows an import's progress, then its dry run or outcome.
func (s *ui) importStatus(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	rec, _, err := s.loadImport(r.Context(), u.Municipality, id)
	if err != nil {
		return err
	}
	d := importStatusData{Rec: rec, Running: rec.Status == importPreviewing || rec.Status == importApplying, CanApply: rec.Status == importPreviewed && rec.applicable()}
	if d.Running {
		d.Done, d.Total, _ = s.jobs.get(id)
	}
	s.Render(w, r, http.StatusOK, "import_status", &web.Page{Title: "取込の確認", Nav: "import", Data: d})
	return nil
}
