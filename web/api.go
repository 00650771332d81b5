package web

import (
	"net/http"
	"strings"

	"hagukumi/auth"
	"hagukumi/staff"
)

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
	// The store pages at most 1,000 rows; say so rather than skip rows.
	f.Limit = min(f.Limit, 1000)
	items, total, err := s.Staff.List(r.Context(), u.Municipality, auth.ScopeOf(u), f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	// {"total","limit","offset","items"}, written without reflection (see staff.AppendListJSON).
	b := staff.AppendListJSON(make([]byte, 0, 512+len(items)*512), total, f.Limit, f.Offset, items)
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	w.Write(append(b, '\n'))
}

func (s *Server) apiStaff(w http.ResponseWriter, r *http.Request) {
	u := userOf(r)
	m, err := s.Staff.ByNumber(r.Context(), u.Municipality, auth.ScopeOf(u), r.PathValue("number"))
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
	// A liaison or supervisor sees their own unit and what is below it.
	out := []staff.Unit{}
	sc := auth.ScopeOf(u)
	for _, x := range units {
		if sc.UnitPath == "" || x.Path == sc.UnitPath || hasPrefixPath(x.Path, sc.UnitPath) {
			out = append(out, x)
		}
	}
	units = out
	writeJSON(w, http.StatusOK, units)
}

// apiOpenAPI describes the API from the route table itself, so the document
// lists exactly the routes that exist and who may call them.
func (s *Server) apiOpenAPI(w http.ResponseWriter, r *http.Request) {
	paths := map[string]map[string]any{}
	for _, rt := range s.routes {
		method, path, _ := strings.Cut(rt.Pattern, " ")
		if !strings.HasPrefix(path, "/api/v1/") || path == "/api/v1/openapi.json" {
			continue
		}
		if paths[path] == nil {
			paths[path] = map[string]any{}
		}
		var roles []string
		for _, x := range rt.Allow {
			roles = append(roles, string(x))
		}
		op := map[string]any{
			"summary":   apiSummaries[rt.Pattern],
			"x-roles":   roles,
			"security":  []map[string][]string{{"bearer": {}}},
			"responses": map[string]any{"200": map[string]string{"description": "OK (JSON)"}, "401": map[string]string{"description": "認証が必要"}, "403": map[string]string{"description": "権限なし"}, "404": map[string]string{"description": "見つからない（範囲外を含む）"}},
		}
		var params []map[string]any
		for _, seg := range strings.Split(path, "/") {
			if strings.HasPrefix(seg, "{") {
				params = append(params, map[string]any{"name": strings.Trim(seg, "{}."), "in": "path", "required": true, "schema": map[string]string{"type": "string"}})
			}
		}
		if params != nil {
			op["parameters"] = params
		}
		paths[path][strings.ToLower(method)] = op
	}
	doc := map[string]any{
		"openapi":    "3.0.3",
		"info":       map[string]string{"title": "はぐくみ API", "version": "1", "description": "人財育成センター業務システムの API。日付は ISO 8601（YYYY-MM-DD）。認証は Authorization: Bearer トークン（hagukumi token create）。"},
		"servers":    []map[string]string{{"url": "/"}},
		"components": map[string]any{"securitySchemes": map[string]any{"bearer": map[string]string{"type": "http", "scheme": "bearer"}}},
		"paths":      paths,
	}
	writeJSON(w, http.StatusOK, doc)
}

// apiSummaries describes each API route; a test checks none is missing.
var apiSummaries = map[string]string{
	"GET /api/v1/me":                        "ログイン中の利用者",
	"GET /api/v1/staff":                     "職員の一覧（q, unit, rank, type, status, limit, offset）",
	"GET /api/v1/staff/{number}":            "職員1人と所属・職位・昇格候補の履歴",
	"GET /api/v1/org-units":                 "所属の一覧（fy を指定するとその年度の所属）",
	"POST /api/v1/imports/staff":            "職員データの取込（本文にファイル。dry_run=true|false, as_of, retire_missing）",
	"GET /api/v1/programs":                  "研修の一覧と対象者の条件",
	"GET /api/v1/programs/{code}":           "研修1件",
	"GET /api/v1/programs/{code}/eligible":  "研修の対象者（fy）。hagukumi eligible --json と同じ配列",
	"GET /api/v1/sessions":                  "年度の開催回の一覧（fy）。センターには重複・祝日などの確認事項も",
	"GET /api/v1/sessions/{id}":             "開催回1件と、見てよい範囲の受講者（roster）・自分の登録（mine）",
	"POST /api/v1/sessions/{id}/enrolments": "指名（{\"numbers\":[…]} または {\"roster\":true}）",
	"POST /api/v1/enrolments/{id}/cancel":   "受講の取消（{\"reason\":\"…\"}）。空いた席はキャンセル待ちの先頭へ",
	"GET /api/v1/me/enrolments":             "自分の申込・受講の一覧",
}
