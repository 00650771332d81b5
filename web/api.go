package web

import (
	"net/http"

	"hagukumi/staff"
)

type apiList[T any] struct {
	Total  int `json:"total"`
	Limit  int `json:"limit"`
	Offset int `json:"offset"`
	Items  []T `json:"items"`
}

func (s *Server) apiMe(w http.ResponseWriter, r *http.Request) {
	u := userOf(r)
	writeJSON(w, http.StatusOK, map[string]any{"login": u.Login, "display_name": u.DisplayName, "role": u.Role,
		"role_label": u.Role.Label(), "unit": u.UnitPath, "municipality_id": u.Municipality})
}

func (s *Server) apiStaffList(w http.ResponseWriter, r *http.Request) {
	u := userOf(r)
	f := staffFilter(r)
	f.Limit, f.Offset = intParam(r, "limit"), intParam(r, "offset")
	if f.Limit == 0 {
		f.Limit = 100
	}
	items, total, err := s.Staff.List(r.Context(), u.Municipality, scopeOf(u), f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if items == nil {
		items = []*staff.Member{}
	}
	writeJSON(w, http.StatusOK, apiList[*staff.Member]{Total: total, Limit: f.Limit, Offset: f.Offset, Items: items})
}

func (s *Server) apiStaff(w http.ResponseWriter, r *http.Request) {
	u := userOf(r)
	m, err := s.Staff.ByNumber(r.Context(), u.Municipality, scopeOf(u), r.PathValue("number"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	h, err := s.Staff.HistoryOf(r.Context(), u.Municipality, m.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, struct {
		*staff.Member
		History staff.History `json:"history"`
	}{m, h})
}

func (s *Server) apiOrgUnits(w http.ResponseWriter, r *http.Request) {
	u := userOf(r)
	units, err := s.Staff.Units(r.Context(), u.Municipality, intParam(r, "fy"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if units == nil {
		units = []staff.Unit{}
	}
	writeJSON(w, http.StatusOK, units)
}

func (s *Server) apiOpenAPI(w http.ResponseWriter, r *http.Request) {
	b, err := assets.ReadFile("static/openapi.json")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Write(b)
}
