package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"hagukumi/app"
	"hagukumi/audit"
	"hagukumi/auth"
	"hagukumi/calendar"
	"hagukumi/db"
	"hagukumi/training"
	"hagukumi/web"
	"hagukumi/web/webtest"
)

// TestMain runs the package's tests, then checks that every status an
// /api/v1 route answered during them (the authorisation matrix, the fuzz
// seeds, the scenarios) is one its OpenAPI operation documents.
func TestMain(m *testing.M) {
	code := m.Run()
	if code == 0 {
		if err := checkAnsweredStatuses(); err != nil {
			fmt.Fprintln(os.Stderr, "FAIL: OpenAPI statuses:", err)
			code = 1
		}
	}
	os.Exit(code)
}

// checkAnsweredStatuses compares webtest.APIAnswers with the document.
func checkAnsweredStatuses() error {
	answered := webtest.APIAnswers()
	if len(answered) == 0 {
		return nil
	}
	dir, err := os.MkdirTemp("", "openapi")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	d, err := db.Open(context.Background(), filepath.Join(dir, "doc.db"))
	if err != nil {
		return err
	}
	defer d.Close()
	srv, err := app.New(d, web.Config{}, webtest.DiscardLogger())
	if err != nil {
		return err
	}
	doc := openAPIOf(srv.Handler())
	// Routes without a web.APIDoc are described by their summary only (the
	// newer capabilities' APIs, checked by their own contract tests).
	described := map[string]bool{}
	for _, rt := range srv.Routes() {
		described[rt.Pattern] = rt.API != nil
	}
	// A mux of the documented operations finds the operation of a path.
	mux := http.NewServeMux()
	for path, ops := range doc.paths() {
		for method := range ops {
			mux.HandleFunc(strings.ToUpper(method)+" "+path, func(http.ResponseWriter, *http.Request) {})
		}
	}
	var missing []string
	for key, codes := range answered {
		method, path, _ := strings.Cut(key, " ")
		_, pattern := mux.Handler(httptest.NewRequest(method, path, nil))
		if pattern == "" || !described[pattern] {
			continue // not a documented operation (the document itself, an unknown path, no APIDoc yet)
		}
		m, p, _ := strings.Cut(pattern, " ")
		op := doc.paths()[p][strings.ToLower(m)].(map[string]any)
		for _, c := range codes {
			if _, ok := op["responses"].(map[string]any)[strconv.Itoa(c)]; !ok {
				missing = append(missing, fmt.Sprintf("%s answered %d (%s)", pattern, c, key))
			}
		}
	}
	if len(missing) > 0 {
		sort.Strings(missing)
		return fmt.Errorf("undocumented statuses:\n%s", strings.Join(missing, "\n"))
	}
	return nil
}

// apiDoc is the OpenAPI document as a client reads it: decoded JSON.
type apiDoc map[string]any

func openAPIOf(h http.Handler) apiDoc {
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/api/v1/openapi.json", nil))
	var doc apiDoc
	if err := json.Unmarshal(w.Body.Bytes(), &doc); err != nil {
		panic(err)
	}
	return doc
}

func (d apiDoc) paths() map[string]map[string]any {
	out := map[string]map[string]any{}
	for p, ops := range d["paths"].(map[string]any) {
		out[p] = ops.(map[string]any)
	}
	return out
}

// responseSchema is the documented schema of an operation's answer with a
// status, or nil when the status is not documented.
func (d apiDoc) responseSchema(pattern string, status int) map[string]any {
	method, path, _ := strings.Cut(pattern, " ")
	op, _ := d.paths()[path][strings.ToLower(method)].(map[string]any)
	resp, _ := op["responses"].(map[string]any)[strconv.Itoa(status)].(map[string]any)
	if resp == nil {
		return nil
	}
	content, _ := resp["content"].(map[string]any)
	media, _ := content["application/json"].(map[string]any)
	sch, _ := media["schema"].(map[string]any)
	if sch == nil {
		return map[string]any{} // documented without a body schema
	}
	return sch
}

// check validates a decoded JSON value against a schema of the subset
// web/openapi.go writes: type, properties, required, items, $ref, allOf,
// nullable and additionalProperties (a schema, or false for a closed
// object). It answers every mismatch, each with its place in the value.
func (d apiDoc) check(s map[string]any, v any, at string) []string {
	if ref, ok := s["$ref"].(string); ok {
		name := strings.TrimPrefix(ref, "#/components/schemas/")
		def, ok := d["components"].(map[string]any)["schemas"].(map[string]any)[name].(map[string]any)
		if !ok {
			return []string{at + ": unknown " + ref}
		}
		return d.check(def, v, at)
	}
	if v == nil {
		if s["nullable"] == true || len(s) == 0 {
			return nil
		}
		return []string{at + ": null where the schema does not allow it"}
	}
	var errs []string
	if all, ok := s["allOf"].([]any); ok {
		for _, x := range all {
			errs = append(errs, d.check(x.(map[string]any), v, at)...)
		}
	}
	typ, _ := s["type"].(string)
	wrong := func() []string { return append(errs, fmt.Sprintf("%s: %T where the schema says %s", at, v, typ)) }
	switch typ {
	case "string":
		if _, ok := v.(string); !ok {
			return wrong()
		}
	case "boolean":
		if _, ok := v.(bool); !ok {
			return wrong()
		}
	case "number":
		if _, ok := v.(float64); !ok {
			return wrong()
		}
	case "integer":
		if n, ok := v.(float64); !ok || n != math.Trunc(n) {
			return wrong()
		}
	case "array":
		list, ok := v.([]any)
		if !ok {
			return wrong()
		}
		items, _ := s["items"].(map[string]any)
		for i, x := range list {
			errs = append(errs, d.check(items, x, fmt.Sprintf("%s[%d]", at, i))...)
		}
	case "object":
		obj, ok := v.(map[string]any)
		if !ok {
			return wrong()
		}
		props, _ := s["properties"].(map[string]any)
		for _, r := range asStrings(s["required"]) {
			if _, ok := obj[r]; !ok {
				errs = append(errs, at+": missing required "+r)
			}
		}
		keys := make([]string, 0, len(obj))
		for k := range obj {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if p, ok := props[k].(map[string]any); ok {
				errs = append(errs, d.check(p, obj[k], at+"."+k)...)
				continue
			}
			switch extra := s["additionalProperties"].(type) {
			case bool:
				if !extra {
					errs = append(errs, at+": property "+k+" not in the schema")
				}
			case map[string]any:
				errs = append(errs, d.check(extra, obj[k], at+"."+k)...)
			}
		}
	case "":
		// Any value.
	default:
		errs = append(errs, at+": the checker does not know type "+typ)
	}
	return errs
}

func asStrings(v any) []string {
	var out []string
	list, _ := v.([]any)
	for _, x := range list {
		out = append(out, x.(string))
	}
	return out
}

// TestSchemaChecker shows that the checker refuses what it must, so a pass
// of the test below means something.
func TestSchemaChecker(t *testing.T) {
	doc := apiDoc{"components": map[string]any{"schemas": map[string]any{
		"P": map[string]any{"type": "object", "additionalProperties": false, "required": []any{"id"},
			"properties": map[string]any{"id": map[string]any{"type": "integer"}, "tags": map[string]any{"type": "array", "nullable": true, "items": map[string]any{"type": "string"}}}},
	}}}
	ref := map[string]any{"$ref": "#/components/schemas/P"}
	for _, c := range []struct {
		json string
		ok   bool
	}{
		{`{"id": 1, "tags": ["a"]}`, true},
		{`{"id": 1, "tags": null}`, true},
		{`{"id": 1.5}`, false},
		{`{"tags": []}`, false},
		{`{"id": 1, "extra": true}`, false},
		{`{"id": 1, "tags": [1]}`, false},
		{`null`, false},
		{`[]`, false},
	} {
		var v any
		if err := json.Unmarshal([]byte(c.json), &v); err != nil {
			t.Fatal(err)
		}
		if errs := doc.check(ref, v, "$"); (len(errs) == 0) != c.ok {
			t.Errorf("%s: errors %v, want ok=%v", c.json, errs, c.ok)
		}
	}
	if errs := doc.check(map[string]any{"allOf": []any{ref}, "nullable": true}, nil, "$"); len(errs) > 0 {
		t.Errorf("nullable reference refused null: %v", errs)
	}
}

// apiCall is one request of TestOpenAPIAnswersMatchDocument.
type apiCall struct {
	pattern string
	role    auth.Role
	path    string // with the placeholders filled in
	body    string
	want    int
}

// TestOpenAPIAnswersMatchDocument calls every /api/v1 operation of the
// fixture with valid input as each role allowed to (GET) or as the center
// (writes), plus requests that must fail, and checks each real answer
// against the schema the document gives for its status. A handler that
// starts encoding another type than its route's APIDoc names fails here.
func TestOpenAPIAnswersMatchDocument(t *testing.T) {
	forEachFixture(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		doc := openAPIOf(f.H)
		e := &matrixEnv{f: f}
		e.trainingTargets(t)

		// A session held today, where attendance may be recorded, and one
		// tomorrow, where it may not yet; the plans are published so that
		// every role sees them.
		p, err := f.Srv.Train.ProgramByCode(ctx, f.A.ID, e.programCode)
		if err != nil {
			t.Fatal(err)
		}
		now := time.Now()
		var ids []string
		for i, day := range []time.Time{calendar.Today(now), calendar.Today(now).AddDate(0, 0, 1)} {
			fy := calendar.CurrentFY(day)
			x := &training.Session{ProgramID: p.ID, FY: fy, Title: fmt.Sprintf("第%d回", i+2), Venue: "本庁舎", Capacity: 30,
				Days: []training.Day{{Date: day.Format(time.DateOnly), Start: "00:00", End: "23:59"}}}
			if err := f.Srv.Train.SaveSession(ctx, audit.System, f.A.ID, x); err != nil {
				t.Fatal(err)
			}
			if err := f.Srv.Train.SetPlanPublished(ctx, audit.System, f.A.ID, fy, true); err != nil {
				t.Fatal(err)
			}
			ids = append(ids, fmt.Sprint(x.ID))
		}
		tid, later := ids[0], ids[1]

		var calls []apiCall
		// Every GET operation, as every role allowed to call it.
		for _, rt := range f.Srv.Routes() {
			method, path, _ := strings.Cut(rt.Pattern, " ")
			if method != http.MethodGet || !strings.HasPrefix(path, "/api/v1/") || rt.Roles == nil || rt.API == nil {
				continue
			}
			for _, role := range rt.Roles {
				r := e.matrixRequest(t, rt.Pattern, principal{role, "bearer"}, true)
				calls = append(calls, apiCall{pattern: rt.Pattern, role: role, path: r.URL.RequestURI(), want: 200})
			}
		}
		center := auth.CenterAdmin
		calls = append(calls,
			apiCall{"POST /api/v1/sessions/{id}/enrolments", center, "/api/v1/sessions/" + tid + "/enrolments", `{"numbers":["A2001"]}`, 200},
			apiCall{"POST /api/v1/sessions/{id}/enrolments", center, "/api/v1/sessions/" + later + "/enrolments", `{"numbers":["A2003"]}`, 200},
			apiCall{"POST /api/v1/sessions/{id}/enrolments", center, "/api/v1/sessions/" + tid + "/enrolments", `{"numbers":`, 400},
			apiCall{"POST /api/v1/sessions/{id}/attendance", center, "/api/v1/sessions/" + tid + "/attendance", `[{"number":"A2001","status":"present"}]`, 200},
			apiCall{"POST /api/v1/sessions/{id}/attendance", center, "/api/v1/sessions/" + later + "/attendance", `[{"number":"A2003","status":"present"}]`, 409},
			apiCall{"POST /api/v1/imports/staff", center, "/api/v1/imports/staff?as_of=2025-04-01", webtest.StaffCSVA, 200},
			apiCall{"POST /api/v1/imports/staff", center, "/api/v1/imports/staff?as_of=2025-04-01",
				webtest.StaffCSVA + "A9999,,,,,,,,,,,,,\n", 422},
			apiCall{"GET /api/v1/sessions", center, "/api/v1/sessions?fy=abc", "", 400},
			apiCall{"GET /api/v1/programs/{code}", center, "/api/v1/programs/NO_SUCH", "", 404},
		)
		// After the nominations and the attendance, the reads show rosters,
		// enrolments and history too.
		calls = append(calls,
			apiCall{"GET /api/v1/sessions/{id}", auth.Staff, "/api/v1/sessions/" + tid, "", 200},
			apiCall{"GET /api/v1/sessions/{id}/attendance", center, "/api/v1/sessions/" + tid + "/attendance", "", 200},
			apiCall{"GET /api/v1/me/enrolments", auth.Staff, "/api/v1/me/enrolments", "", 200},
			apiCall{"GET /api/v1/staff/{number}/history", auth.Staff, "/api/v1/staff/A2001/history", "", 200},
		)

		covered := map[string]bool{}
		for _, c := range calls {
			covered[c.pattern] = true
			answer(t, f, doc, c)
		}

		// Cancel A2003's enrolment in tomorrow's session.
		var eid int64
		if err := f.D.R.QueryRow(`SELECT id FROM enrolments WHERE session_id = $1 AND staff_id = $2`,
			later, f.StaffID(t, f.A.ID, "A2003")).Scan(&eid); err != nil {
			t.Fatal(err)
		}
		cancel := apiCall{"POST /api/v1/enrolments/{id}/cancel", center, fmt.Sprintf("/api/v1/enrolments/%d/cancel", eid), `{"reason":"業務の都合"}`, 200}
		answer(t, f, doc, cancel)
		covered[cancel.pattern] = true

		var summaryOnly []string
		for _, rt := range f.Srv.Routes() {
			if !strings.Contains(rt.Pattern, " /api/v1/") || rt.Roles == nil {
				continue
			}
			if rt.API == nil {
				summaryOnly = append(summaryOnly, rt.Pattern)
				continue
			}
			if !covered[rt.Pattern] {
				t.Errorf("%s: no call checks its answer; add one", rt.Pattern)
			}
		}
		t.Logf("%d API operations described by their summary only (no web.APIDoc yet; their slices' contract tests check them): %s",
			len(summaryOnly), strings.Join(summaryOnly, ", "))
	})
}

// answer sends one call and checks its status and body against the document.
func answer(t *testing.T, f *fixture, doc apiDoc, c apiCall) {
	t.Helper()
	method, _, _ := strings.Cut(c.pattern, " ")
	r := httptest.NewRequest(method, c.path, strings.NewReader(c.body))
	if c.body != "" {
		r.Header.Set("Content-Type", "application/json")
	}
	w := f.do(r, f.asBearer(t, loginOf(c.role)))
	name := fmt.Sprintf("%s as %s (%s)", c.pattern, c.role, c.path)
	if w.Code != c.want {
		t.Errorf("%s: status %d, want %d: %.300s", name, w.Code, c.want, w.Body.String())
		return
	}
	sch := doc.responseSchema(c.pattern, w.Code)
	if sch == nil {
		t.Errorf("%s: status %d is not documented", name, w.Code)
		return
	}
	var v any
	if err := json.Unmarshal(w.Body.Bytes(), &v); err != nil {
		t.Errorf("%s: body is not JSON: %v", name, err)
		return
	}
	if errs := doc.check(sch, v, "$"); len(errs) > 0 {
		if len(errs) > 10 {
			errs = append(errs[:10], "…")
		}
		t.Errorf("%s: the answer does not match the document:\n%s", name, strings.Join(errs, "\n"))
	}
}
