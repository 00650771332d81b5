package staffui

import (
	"net/http"

	"hagukumi/auth"
	"hagukumi/staff"
	"hagukumi/web"
)

func (s *ui) apiStaffList(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	f := staffFilter(r)
	f.Limit, f.Offset = web.Int(r, "limit"), web.Int(r, "offset")
	if f.Limit == 0 {
		f.Limit = 100
	}
	// The store pages at most 1,000 rows; say so rather than skip rows.
	f.Limit = min(f.Limit, 1000)
	items, total, err := s.Staff.List(r.Context(), u.Municipality, auth.ScopeOf(u), f)
	if err != nil {
		return err

	}
	// {"total","limit","offset","items"}, written without reflection (see staff.AppendListJSON).
	b := staff.AppendListJSON(make([]byte, 0, 512+len(items)*512), total, f.Limit, f.Offset, items)
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	w.Write(append(b, '\n'))
	return nil
}

func (s *ui) apiStaff(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	m, err := s.Staff.ByNumber(r.Context(), u.Municipality, auth.ScopeOf(u), r.PathValue("number"))
	if err != nil {
		return err

	}
	h, err := s.Staff.HistoryOf(r.Context(), u.Municipality, m.ID)
	if err != nil {
		return err

	}
	web.JSON(w, http.StatusOK, struct {
		*staff.Member
		History staff.History `json:"history"`
	}{m, h})
	return nil
}

func (s *ui) apiOrgUnits(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	units, err := s.Staff.Units(r.Context(), u.Municipality, web.Int(r, "fy"))
	if err != nil {
		return err

	}
	// A liaison or supervisor sees their own unit and what is below it.
	out := []staff.Unit{}
	sc := auth.ScopeOf(u)
	for _, x := range units {
		if sc.UnitPath == "" || auth.InPath(x.Path, sc.UnitPath) {
			out = append(out, x)
		}
	}
	units = out
	web.JSON(w, http.StatusOK, units)
	return nil
}
