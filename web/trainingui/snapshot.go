package trainingui

import (
	"net/http"

	"hagukumi/web"
)

// snapshot records the whole roster of a 年度 (the center sees every unit)
// and shows it with what changed since the last snapshot.
func (s *ui) snapshot(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	p, fy, err := s.programFY(r)
	if err != nil {
		return err
	}
	ro, err := s.Train.RosterFor(r.Context(), u.Municipality, p, fy, nil)
	if err != nil {
		return err
	}
	diff, err := s.Train.SnapshotAndDiff(r.Context(), u.Municipality, p, ro)
	if err != nil {
		return err
	}
	d := eligibleData{P: p, FY: fy, Entries: ro.Entries(), ByUnit: ro.ByUnit, Diff: diff}
	d.Exceptions, _ = s.Train.Exceptions(r.Context(), u.Municipality, p.ID, fy)
	s.Render(w, r, http.StatusOK, "eligible", &web.Page{Title: p.Name + " 対象者", Nav: "programs", Data: d, FY: fy})
	return nil
}
