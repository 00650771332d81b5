package staffui

import (
	"net/http"

	"hagukumi/auth"
	"hagukumi/staff"
	"hagukumi/web"
)

// visibleUnits lists the units of a 年度 (0: every unit ever) that the user
// may see: a liaison or supervisor sees their own unit and what is below
// it. The organisation page and GET /api/v1/org-units both use it.
func (s *ui) visibleUnits(r *http.Request, fy int) ([]staff.Unit, error) {
	u := web.UserOf(r)
	all, err := s.Staff.Units(r.Context(), u.Municipality, fy)
	if err != nil {
		return nil, err
	}
	sc := auth.ScopeOf(u)
	out := []staff.Unit{}
	for _, x := range all {
		if sc.UnitPath == "" || auth.InPath(x.Path, sc.UnitPath) {
			out = append(out, x)
		}
	}
	return out, nil
}
