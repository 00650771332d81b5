package trainingui

import (
	"net/http"

	"hagukumi/auth"
	"hagukumi/training"
	"hagukumi/web"
)

// loadRoster reads the program named in the path, the 年度 of ?fy= (this
// one by default) and the part of its roster the user may see: a liaison
// sees their own department's part only. The eligible page, its export and
// its API all use it.
func (s *ui) loadRoster(r *http.Request) (*training.Program, int, *training.Roster, error) {
	p, fy, err := s.programFY(r)
	if err != nil {
		return nil, 0, nil, err
	}
	u := web.UserOf(r)
	ro, err := s.Train.RosterFor(r.Context(), u.Municipality, p, fy, nil)
	if err != nil {
		return nil, 0, nil, err
	}
	if sc := auth.ScopeOf(u); sc.UnitPath != "" || sc.None {
		ro = ro.Filter(func(x *training.Person) bool {
			return sc.Covers(x.Unit)
		})
	}
	return p, fy, ro, nil
}

// programFY reads the program named in the path and the 年度 of ?fy= (or
// the form's fy), this one by default.
func (s *ui) programFY(r *http.Request) (*training.Program, int, error) {
	p, err := s.loadProgram(r)
	if err != nil {
		return nil, 0, err
	}
	fy, err := web.FY(r, s.Now())
	return p, fy, err
}

type eligibleData struct {
	P          *training.Program
	FY         int
	Entries    []training.RosterEntry
	ByUnit     []training.UnitCount
	Exceptions []training.Exception
	Diff       *training.RosterDiff
	Scoped     string
}

// eligible shows who a program is for in a 年度, by unit, with the
// center's exceptions.
func (s *ui) eligible(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	p, fy, ro, err := s.loadRoster(r)
	if err != nil {
		return err
	}
	d := eligibleData{P: p, FY: fy, Entries: ro.Entries(), ByUnit: ro.ByUnit, Scoped: u.UnitPath}
	if u.Role != auth.Liaison {
		d.Exceptions, _ = s.Train.Exceptions(r.Context(), u.Municipality, p.ID, fy)
	}
	s.Render(w, r, http.StatusOK, "eligible", &web.Page{Title: p.Name + " 対象者", Nav: "programs", Data: d, FY: fy})
	return nil
}
