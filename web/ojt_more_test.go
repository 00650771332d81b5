package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"hagukumi/audit"
	"hagukumi/auth"
	"hagukumi/competency"
	"hagukumi/sheet"
	"hagukumi/web/webtest"
)

// The 自己申告 career note: the staff member writes it on their
// キャリアデザイン page, their 所属長 reads and comments, the center reads
// and counts it; a liaison, a colleague or a 所属長 of another unit does not.
func TestCareerNotePages(t *testing.T) {
	t.Parallel()
	webtest.ForEach(t, func(t *testing.T, f *webtest.Fixture) {
		newOJTEnv(t, f)
		note := url.Values{"fields": {"子育て支援の分野"}, "skills": {"企画力"}, "trainings": {"政策形成研修"}, "free_text": {"将来は窓口改善に関わりたい"}}
		webtest.Run(t, f, []webtest.Scenario{
			{Name: "not yet written", As: auth.Staff, URL: "/my/development", Want: 200, Body: []string{"キャリアの自己申告", "まだ提出されていません", `action="/my/career"`}},
			{Name: "empty note refused", As: auth.Staff, Method: "POST", URL: "/my/career", Form: url.Values{"fields": {" "}}, Want: 422,
				Body: []string{"いずれかの項目を入力してください。", `aria-invalid="true"`}},
			{Name: "too long refused, typed text kept", As: auth.Staff, Method: "POST", URL: "/my/career",
				Form: url.Values{"fields": {"子育て"}, "free_text": {strings.Repeat("長", 2001)}}, Want: 422, Body: []string{"自由記述は2000文字以内で入力してください。", "子育て"}},
			{Name: "submitted", As: auth.Staff, Method: "POST", URL: "/my/career", Form: note, Want: 303},
			{Name: "the person reads it", As: auth.Staff, URL: "/my/development", Want: 200, Body: []string{"子育て支援の分野", "自己申告を修正する"}},
			{Name: "the 所属長 reads and may comment", As: auth.Supervisor, URL: "/staff/A2001/development", Want: 200,
				Body: []string{"将来は窓口改善に関わりたい", `action="/staff/A2001/career/comment"`}},
			{Name: "the center reads, no comment form", As: auth.CenterStaff, URL: "/staff/A2001/development", Want: 200,
				Body: []string{"将来は窓口改善に関わりたい"}, NotBody: []string{"/career/comment"}},
			{Name: "a liaison does not read it", As: auth.Liaison, URL: "/staff/A2001/development", Want: 200, NotBody: []string{"将来は窓口改善", "キャリアの自己申告"}},
			{Name: "nor does the API for the liaison", As: auth.Liaison, URL: "/api/v1/staff/A2001/development", Want: 200, NotBody: []string{"将来は窓口改善", `"career"`}},
			{Name: "a colleague gets no page", As: auth.Instructor, URL: "/staff/A2001/development", Want: 404},
			{Name: "the 所属長 comments", As: auth.Supervisor, Method: "POST", URL: "/staff/A2001/career/comment", Form: url.Values{"comment": {"来年度の異動希望として伝えます"}}, Want: 303},
			{Name: "empty comment refused", As: auth.Supervisor, Method: "POST", URL: "/staff/A2001/career/comment", Form: url.Values{"comment": {""}}, Want: 400},
			{Name: "outside the 所属長's unit", As: auth.Supervisor, Method: "POST", URL: "/staff/A1001/career/comment", Form: url.Values{"comment": {"x"}}, Want: 404},
			{Name: "no note to comment on", As: auth.Supervisor, Method: "POST", URL: "/staff/A2002/career/comment", Form: url.Values{"comment": {"x"}}, Want: 404},
			{Name: "the person sees the comment", As: auth.Staff, URL: "/my/development", Want: 200, Body: []string{"来年度の異動希望として伝えます"}},
			{Name: "a correction keeps the comment", As: auth.Staff, Method: "POST", URL: "/my/career", Form: url.Values{"fields": {"福祉の分野"}}, Want: 303},
			{Name: "the center's list", As: auth.CenterStaff, URL: "/career?fy=2026", Want: 200, Body: []string{"提出 1 人", "/staff/A2001/development#career", "済"}},
			{Name: "the 所属長's list", As: auth.Supervisor, URL: "/career", Want: 200, Body: []string{"/staff/A2001/development#career"}},
			{Name: "another year is empty", As: auth.CenterAdmin, URL: "/career?fy=2025", Want: 200, Body: []string{"提出された自己申告はありません"}},
			{Name: "no list for a liaison", As: auth.Liaison, URL: "/career", Want: 403},
			{Name: "corrected", As: auth.Staff, URL: "/my/development", Want: 200, Body: []string{"福祉の分野", "来年度の異動希望として伝えます", "修正"}},
		})
		w := f.Get("/api/v1/career/counts?fy=2026", f.Bearer(t, webtest.LoginOf(auth.CenterAdmin)))
		var c competency.CareerCounts
		if w.Code != http.StatusOK || json.Unmarshal(w.Body.Bytes(), &c) != nil {
			t.Fatalf("counts: %d %s", w.Code, w.Body)
		}
		if c.FY != 2026 || c.Submitted != 1 || c.Commented != 1 || c.Staff < 2 {
			t.Errorf("counts %+v", c)
		}
		for _, d := range c.ByDepartment {
			if d.Department == "市民文化部" && d.Submitted != 1 || d.Department != "市民文化部" && d.Submitted != 0 {
				t.Errorf("department %+v", d)
			}
		}
		if w := f.Get("/api/v1/career/counts?fy=2025", f.Bearer(t, webtest.LoginOf(auth.CenterAdmin))); !strings.Contains(w.Body.String(), `"submitted":0`) {
			t.Errorf("another year: %s", w.Body)
		}
	})
}

// The center edits the OJT templates: a bad template comes back with the
// message and changes nothing; a saved one is used by new plans, and a plan
// made before keeps its copy.
func TestOJTTemplatePages(t *testing.T) {
	t.Parallel()
	webtest.ForEach(t, func(t *testing.T, f *webtest.Fixture) {
		e := newOJTEnv(t, f)
		ctx := context.Background()
		goals := "役所の仕組みを知る\n窓口に立つ"
		webtest.Run(t, f, []webtest.Scenario{
			{Name: "the list", As: auth.CenterAdmin, URL: "/ojt/templates", Want: 200, Body: []string{"標準", "一般事務", "職場のルールと仕事の流れを知る"}},
			{Name: "a job family opens", As: auth.CenterStaff, URL: "/ojt/templates?job=一般事務", Want: 200, Body: []string{"一般事務のひな形を編集", "標準のひな形を使用"}},
			{Name: "duplicate item refused", As: auth.CenterAdmin, Method: "POST", URL: "/ojt/templates",
				Form: url.Values{"job_family": {"一般事務"}, "goals": {goals}, "items": {"電話応対\n電話応対"}}, Want: 422,
				Body: []string{"2行目の指導項目「電話応対」は1行目と同じです。", "窓口に立つ"}},
			{Name: "thirteen goals refused", As: auth.CenterAdmin, Method: "POST", URL: "/ojt/templates",
				Form: url.Values{"job_family": {"一般事務"}, "goals": {strings.Repeat("目標\n", 13)}, "items": {"電話応対"}}, Want: 422, Body: []string{"12行（4月〜3月）まで"}},
			{Name: "nothing saved", As: auth.CenterAdmin, URL: "/ojt/templates?job=一般事務", Want: 200, Body: []string{"標準のひな形を使用"}},
			{Name: "saved", As: auth.CenterAdmin, Method: "POST", URL: "/ojt/templates",
				Form: url.Values{"job_family": {"一般事務"}, "goals": {goals}, "items": {"電話応対\n住民記録の照会"}}, Want: 303},
			{Name: "shown as the center's", As: auth.CenterAdmin, URL: "/ojt/templates?job=一般事務", Want: 200, Body: []string{"センターで作成", "住民記録の照会"}},
			{Name: "staff may not", As: auth.Staff, URL: "/ojt/templates", Want: 403},
			{Name: "a liaison may not save", As: auth.Liaison, Method: "POST", URL: "/ojt/templates", Form: url.Values{"goals": {"x"}, "items": {"y"}}, Want: 403},
		})
		before, err := e.ojt.Plan(ctx, f.A.ID, e.plan)
		if err != nil {
			t.Fatal(err)
		}
		if before.Goals[0].Goal != "職場のルールと仕事の流れを知る" {
			t.Errorf("the plan made before changed: %q", before.Goals[0].Goal)
		}
		id, err := e.ojt.CreatePlan(ctx, audit.System, f.A.ID, 2026, f.StaffID(t, f.A.ID, "A2001"))
		if err != nil {
			t.Fatal(err)
		}
		after, err := e.ojt.Plan(ctx, f.A.ID, id)
		if err != nil {
			t.Fatal(err)
		}
		if after.Goals[0].Goal != "役所の仕組みを知る" || after.Goals[2].Goal != "" || len(after.Items) != 2 || after.Items[1].Name != "住民記録の照会" {
			t.Errorf("new plan from the template: %+v %+v", after.Goals[:3], after.Items)
		}
	})
}

// The competency table loads from xlsx as from CSV; a broken workbook is
// refused with a message and the table in force stays.
func TestCompetencyXLSXImport(t *testing.T) {
	t.Parallel()
	webtest.ForEach(t, func(t *testing.T, f *webtest.Fixture) {
		newOJTEnv(t, f)
		var buf bytes.Buffer
		w, err := sheet.New(&buf, "xlsx", "表")
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range [][]string{{"コード", "領域", "名称", "定義", "行動指標", "主事・技師", "係長"}, {"K01", "基礎", "報告・連絡・相談", "共有する", "", "2", "3"}} {
			w.Row(sheet.Texts(r...)...)
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		admin := f.Cookie(t, "a_center_admin")
		r := webtest.MultipartRequest(t, "/competencies/import", "table.xlsx", buf.Bytes(), map[string]string{"revised_on": "2026-04-01", "vision": "市民に役立つ職員"})
		if w := f.Do(r, admin); w.Code != http.StatusSeeOther {
			t.Fatalf("xlsx import: %d %s", w.Code, w.Body)
		}
		for name, data := range map[string][]byte{
			"broken":  []byte("PK\x03\x04broken"),
			"bad row": xlsxTable(t, []string{"コード", "領域", "名称", "定義", "行動指標", "係長"}, []string{"Z9", "x", "y", "", "", "高い"}),
		} {
			r := webtest.MultipartRequest(t, "/competencies/import", "table.xlsx", data, map[string]string{"revised_on": "2026-04-01"})
			if w := f.Do(r, admin); w.Code != http.StatusBadRequest {
				t.Errorf("%s: %d", name, w.Code)
			}
		}
		webtest.Run(t, f, []webtest.Scenario{
			{Name: "the xlsx table is in force", As: auth.CenterAdmin, URL: "/competencies", Want: 200, Body: []string{"報告・連絡・相談", "市民に役立つ職員", `accept=".csv,.xlsx"`}, NotBody: []string{"Z9"}},
		})
	})
}

func xlsxTable(t *testing.T, rows ...[]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	w, err := sheet.New(&buf, "xlsx", "表")
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		w.Row(sheet.Texts(r...)...)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
