package staffui

import (
	"net/http"

	"hagukumi/web"
)

type importStatusData struct {
	Rec          *importRec
	Done, Total  int
	Running      bool
	CanApply     bool
	NeedsConfirm bool
}

func (s *ui) statusData(rec *importRec) importStatusData {
	d := importStatusData{Rec: rec, Running: rec.Status == importPreviewing || rec.Status == importApplying,
		CanApply: rec.Status == importPreviewed && rec.applicable(), NeedsConfirm: rec.needsConfirm()}
	if d.Running {
		d.Done, d.Total, _ = s.jobs.get(rec.ID)
	}
	return d
}

// importStatus shows an import's progress, then its dry run or outcome. An
// import whose process died is taken back first (see import_lease.go), so
// the page does not wait for it for ever.
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
	if dead, err := s.recoverIfDead(r.Context(), rec); err != nil {
		return err
	} else if dead {
		if rec, _, err = s.loadImport(r.Context(), u.Municipality, id); err != nil {
			return err
		}
	}
	s.Render(w, r, http.StatusOK, "import_status", &web.Page{Title: "取込の確認", Nav: "import", Data: s.statusData(rec)})
	return nil
}
