package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"testing"
	"time"

	"hagukumi/audit"
	"hagukumi/competency"
	"hagukumi/ojt"
	"hagukumi/staff"
	"hagukumi/web/webtest"
)

// ojtClock is 1 June 2026 in Japan: fiscal year 2026.
var ojtClock = time.Date(2026, 6, 1, 1, 0, 0, 0, time.UTC)

// ojtEnv is the fixture with this year's new hire A3001 in 市民課 and three
// possible trainers, each breaking one rule: A3003 (hired 2024, service),
// A3004 (moved into 市民課 this April, unit years) and A1001 (人事課, unit).
// A2001 (hired 2018, in 市民課 since 2025) meets every rule.
type ojtEnv struct {
	f    *webtest.Fixture
	ojt  *ojt.Store
	plan int64
}

func newOJTEnv(t *testing.T, f *webtest.Fixture) *ojtEnv {
	t.Helper()
	ctx := context.Background()
	f.Srv.SetClock(func() time.Time { return ojtClock })
	head := "職員番号,氏名,フリガナ,性別,生年月日,採用日,雇用区分,職種,職位,職位発令日,所属,出身大学,メール,在職状況\n"
	imp := func(asOf string, rows string) {
		t.Helper()
		d, _ := time.Parse(time.DateOnly, asOf)
		res, err := f.Srv.Staff.Import(ctx, f.A.ID, audit.System, "ojt.csv", []byte(head+rows), staff.ImportOptions{AsOf: d, Confirm: true})
		if err != nil || !res.Applied {
			t.Fatalf("import: %v %+v", err, res)
		}
	}
	imp("2025-04-01", "A3003,中村 若葉,ナカムラ ワカバ,女,2001/5/5,2024/4/1,正規,一般事務,主事,2024/4/1,市民文化部 市民課,,,在職\n"+
		"A3004,小川 勇,オガワ イサム,男,1992/8/8,2014/4/1,正規,一般事務,主任主事,2020/4/1,総務部 人事課,,,在職\n")
	imp("2026-04-01", "A3001,森 新,モリ アラタ,男,2003/5/1,2026/4/1,正規,一般事務,主事,2026/4/1,市民文化部 市民課,,,在職\n"+
		"A3004,小川 勇,オガワ イサム,男,1992/8/8,2014/4/1,正規,一般事務,主任主事,2020/4/1,市民文化部 市民課,,,在職\n")
	e := &ojtEnv{f: f, ojt: &ojt.Store{DB: f.D, Now: func() time.Time { return ojtClock }}}
	n, err := e.ojt.CreatePlansForNewHires(ctx, audit.System, f.A.ID, 2026, nil)
	if err != nil || n != 1 {
		t.Fatalf("plans for new hires: %d, %v", n, err)
	}
	e.plan = e.planOf(t, "A3001")
	return e
}

func (e *ojtEnv) planOf(t *testing.T, number string) int64 {
	t.Helper()
	var id int64
	if err := e.f.D.R.QueryRow(`SELECT p.id FROM ojt_plans p JOIN staff s ON s.id = p.trainee_id WHERE s.number = $1 ORDER BY p.fy DESC`, number).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

func (e *ojtEnv) postJSON(t *testing.T, path string, body any, login string) *httptest.ResponseRecorder {
	b, _ := json.Marshal(body)
	r := httptest.NewRequest(http.MethodPost, path, bytes.NewReader(b))
	r.Header.Set("Content-Type", "application/json")
	return e.f.Do(r, e.f.Bearer(t, login))
}

type apiPlan struct {
	Trainee  string        `json:"trainee"`
	Trainer  *string       `json:"trainer"`
	State    string        `json:"state"`
	Progress float64       `json:"progress"`
	Changes  []ojt.Warning `json:"changes"`
}

func (e *ojtEnv) plans(t *testing.T) map[string]apiPlan {
	t.Helper()
	w := e.f.Get("/api/v1/ojt/plans?fy=2026", e.f.Bearer(t, "a_center_staff"))
	if w.Code != http.StatusOK {
		t.Fatalf("plans: %d %s", w.Code, w.Body)
	}
	var body struct{ Plans []apiPlan }
	decodeJSON(t, w, &body)
	out := map[string]apiPlan{}
	for _, p := range body.Plans {
		out[p.Trainee] = p
	}
	return out
}

// Contract: GET /api/v1/ojt/plans?fy=YEAR (center roles) lists plans with
// trainee, trainer (or null), state and progress (0–1).
func TestOJTContractPlans(t *testing.T) {
	t.Parallel()
	webtest.ForEach(t, func(t *testing.T, f *webtest.Fixture) {
		e := newOJTEnv(t, f)
		p, ok := e.plans(t)["A3001"]
		if !ok || p.Trainer != nil || p.State != ojt.StateNoTrainer || p.Progress != 0 {
			t.Fatalf("new plan %+v, want A3001 without trainer", p)
		}
		// The raw JSON says null, not an empty string.
		w := f.Get("/api/v1/ojt/plans?fy=2026", f.Bearer(t, "a_center_admin"))
		if !bytes.Contains(w.Body.Bytes(), []byte(`"trainer":null`)) {
			t.Errorf("trainer not null: %s", w.Body)
		}
		if err := e.ojt.SaveMonth(context.Background(), audit.System, f.A.ID, e.plan, "2026-04", ojt.MonthWrite{Done: ptr(true)}); err != nil {
			t.Fatal(err)
		}
		expectStatus(t, e.postJSON(t, "/api/v1/ojt/plans/"+strconv.FormatInt(e.plan, 10)+"/trainer", map[string]any{"number": "A2001"}, "a_center_admin"), http.StatusOK)
		p = e.plans(t)["A3001"]
		if p.Trainer == nil || *p.Trainer != "A2001" || p.State != ojt.StateInProgress || p.Progress <= 0 || p.Progress > 1 {
			t.Errorf("plan %+v, want trainer A2001, in progress, 1/12 done", p)
		}
		for _, login := range []string{"a_liaison", "a_supervisor", "a_staff", "b_center_admin"} {
			w := f.Get("/api/v1/ojt/plans?fy=2026", f.Bearer(t, login))
			if login == "b_center_admin" {
				var body struct{ Plans []apiPlan }
				decodeJSON(t, w, &body)
				if len(body.Plans) != 0 {
					t.Errorf("another city sees %d plans", len(body.Plans))
				}
				continue
			}
			expectStatus(t, w, http.StatusForbidden)
		}
		expectStatus(t, f.Get("/api/v1/ojt/plans?fy=20x6", f.Bearer(t, "a_center_admin")), http.StatusBadRequest)
	})
}

// Contract: POST /api/v1/ojt/plans/{id}/trainer answers the warnings by
// code; a warned choice needs override_reason (422 without).
func TestOJTContractTrainer(t *testing.T) {
	t.Parallel()
	webtest.ForEach(t, func(t *testing.T, f *webtest.Fixture) {
		e := newOJTEnv(t, f)
		path := "/api/v1/ojt/plans/" + strconv.FormatInt(e.plan, 10) + "/trainer"
		type answer struct {
			Warnings []ojt.Warning `json:"warnings"`
		}
		check := func(name string, body map[string]any, status int, want []string) {
			t.Helper()
			w := e.postJSON(t, path, body, "a_center_admin")
			if w.Code != status {
				t.Fatalf("%s: %d %s, want %d", name, w.Code, w.Body, status)
			}
			var a answer
			decodeJSON(t, w, &a)
			got := []string{}
			for _, x := range a.Warnings {
				got = append(got, x.Code)
				if x.Message == "" {
					t.Errorf("%s: %s without a message", name, x.Code)
				}
			}
			if !slices.Equal(got, want) {
				t.Errorf("%s: warnings %v, want %v", name, got, want)
			}
		}
		check("other unit", map[string]any{"number": "A1001"}, http.StatusUnprocessableEntity, []string{"same_unit"})
		check("two years of service", map[string]any{"number": "A3003"}, http.StatusUnprocessableEntity, []string{"service_years"})
		check("moved in this April", map[string]any{"number": "A3004"}, http.StatusUnprocessableEntity, []string{"unit_years"})
		if p := e.plans(t)["A3001"]; p.Trainer != nil {
			t.Fatalf("a refused choice was stored: %+v", p)
		}
		check("overridden", map[string]any{"number": "A1001", "override_reason": "市民課に3年以上の職員がいないため"}, http.StatusOK, []string{"same_unit"})
		if p := e.plans(t)["A3001"]; p.Trainer == nil || *p.Trainer != "A1001" {
			t.Fatalf("override not stored: %+v", p)
		}
		check("meets every rule", map[string]any{"number": "A2001"}, http.StatusOK, []string{})

		// A2001 trained someone last year: now a former trainer.
		ctx := context.Background()
		last, err := e.ojt.CreatePlan(ctx, audit.System, f.A.ID, 2025, f.StaffID(t, f.A.ID, "A3003"))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.ojt.NameTrainer(ctx, audit.System, f.A.ID, last, "A2001", ""); err != nil {
			t.Fatal(err)
		}
		check("former trainer", map[string]any{"number": "A2001"}, http.StatusUnprocessableEntity, []string{"former_trainer"})

		// Who may name: the center and the department's liaison; not staff,
		// not another city.
		expectStatus(t, e.postJSON(t, path, map[string]any{"number": "A2002", "override_reason": "係長が指導"}, "a_liaison"), http.StatusOK)
		expectStatus(t, e.postJSON(t, path, map[string]any{"number": "A2001"}, "a_staff"), http.StatusForbidden)
		expectStatus(t, e.postJSON(t, path, map[string]any{"number": "A2001"}, "b_center_admin"), http.StatusNotFound)
		expectStatus(t, e.postJSON(t, path, map[string]any{"number": "A9999"}, "a_center_admin"), http.StatusBadRequest)
	})
}

// Contract: GET /api/v1/staff/{number}/development answers the required
// competencies of the current and next rank with the activities that count
// toward each, and the due programmes with their fiscal year.
func TestOJTContractDevelopment(t *testing.T) {
	t.Parallel()
	webtest.ForEach(t, func(t *testing.T, f *webtest.Fixture) {
		e := newOJTEnv(t, f)
		ctx := context.Background()
		if err := f.Srv.Train.EnsureCatalog(ctx, f.A.ID); err != nil {
			t.Fatal(err)
		}
		comp := &competency.Store{DB: f.D, Now: func() time.Time { return ojtClock }}
		fw := &competency.Framework{RevisedOn: "2026-04-01", Vision: "市民に役立つ職員", Competencies: []competency.Competency{
			{Code: "C01", Area: "基礎", Name: "報告・連絡・相談", Levels: []competency.Level{{Rank: "主事・技師", Level: 2}, {Rank: "主任主事・主任技師", Level: 3}}},
			{Code: "C02", Area: "業務", Name: "企画力", Levels: []competency.Level{{Rank: "主任主事・主任技師", Level: 2}}},
		}}
		if err := comp.Save(ctx, audit.System, f.A.ID, fw); err != nil {
			t.Fatal(err)
		}
		if err := comp.MapProgram(ctx, audit.System, f.A.ID, "YEAR3", []string{"C02"}); err != nil {
			t.Fatal(err)
		}
		if err := e.ojt.MapItem(ctx, audit.System, f.A.ID, 2026, "報告・連絡・相談", "C01"); err != nil {
			t.Fatal(err)
		}
		if err := e.ojt.SetLevel(ctx, audit.System, f.A.ID, e.plan, 7, 2); err != nil {
			t.Fatal(err)
		}
		w := f.Get("/api/v1/staff/A3001/development", f.Bearer(t, "a_center_admin"))
		if w.Code != http.StatusOK {
			t.Fatalf("development: %d %s", w.Code, w.Body)
		}
		var d struct {
			Current, Next []struct {
				Code       string
				Activities []competency.Activity
			}
			Due         []competency.Due
			Suggestions []competency.Suggestion
		}
		decodeJSON(t, w, &d)
		if len(d.Current) != 1 || d.Current[0].Code != "C01" || len(d.Current[0].Activities) != 1 || d.Current[0].Activities[0].Kind != "ojt" {
			t.Errorf("current %+v, want C01 with the OJT item", d.Current)
		}
		if len(d.Next) != 2 {
			t.Errorf("next %+v, want C01 and C02", d.Next)
		}
		due := map[string]int{}
		for _, x := range d.Due {
			due[x.Code] = x.FY
		}
		if due["NEW_HIRE"] != 2026 || due["YEAR2"] != 2027 {
			t.Errorf("due %+v, want NEW_HIRE 2026 and YEAR2 2027", d.Due)
		}
		if len(d.Suggestions) != 1 || d.Suggestions[0].Code != "YEAR3" {
			t.Errorf("suggestions %+v, want YEAR3 for 企画力", d.Suggestions)
		}
		// The person sees their own page; others outside the scope get 404.
		expectStatus(t, f.Get("/api/v1/staff/A2001/development", f.Bearer(t, "a_staff")), http.StatusOK)
		expectStatus(t, f.Get("/api/v1/staff/A3001/development", f.Bearer(t, "a_staff")), http.StatusNotFound)
		expectStatus(t, f.Get("/api/v1/staff/A3001/development", f.Bearer(t, "a_supervisor")), http.StatusOK)
		expectStatus(t, f.Get("/api/v1/staff/A1001/development", f.Bearer(t, "a_supervisor")), http.StatusNotFound)
		expectStatus(t, f.Get("/api/v1/staff/A3001/development", f.Bearer(t, "b_center_admin")), http.StatusNotFound)
	})
}

func ptr[T any](v T) *T { return &v }
