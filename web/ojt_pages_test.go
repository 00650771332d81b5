package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"hagukumi/audit"
	"hagukumi/auth"
	"hagukumi/web/webtest"
)

// The OJT pages for each role, in the order of a year: the center names
// trainers (one with a warning overridden), the trainee writes a
// reflection, the trainer comments, the 所属長 signs the quarter, and the
// trainee's development page opens.
func TestOJTPages(t *testing.T) {
	t.Parallel()
	webtest.ForEach(t, func(t *testing.T, f *webtest.Fixture) {
		e := newOJTEnv(t, f)
		ctx := context.Background()
		// A2001 (a_staff) gets a plan too, so the trainee has an account;
		// A2002 (a_instructor) will be the trainer.
		mine, err := e.ojt.CreatePlan(ctx, audit.System, f.A.ID, 2026, f.StaffID(t, f.A.ID, "A2001"))
		if err != nil {
			t.Fatal(err)
		}
		p1, p2 := "/ojt/plans/"+strconv.FormatInt(e.plan, 10), "/ojt/plans/"+strconv.FormatInt(mine, 10)
		form := func(kv ...string) url.Values {
			v := url.Values{}
			for i := 0; i+1 < len(kv); i += 2 {
				v.Set(kv[i], kv[i+1])
			}
			return v
		}
		webtest.Run(t, f, []webtest.Scenario{
			{Name: "center sees the year", As: auth.CenterAdmin, URL: "/ojt?fy=2026", Want: 200, Body: []string{"森 新", "未指名", "市民文化部 市民課"}},
			{Name: "liaison sees the department", As: auth.Liaison, URL: "/ojt?fy=2026", Want: 200, Body: []string{"森 新"}},
			{Name: "warned choice asks for a reason", As: auth.CenterAdmin, Method: "POST", URL: p1 + "/trainer", Form: form("number", "A1001"), Want: 422,
				Body: []string{"同じ所属ではありません", `name="override_reason"`}},
			{Name: "overridden with a reason", As: auth.CenterAdmin, Method: "POST", URL: p1 + "/trainer", Form: form("number", "A1001", "override_reason", "適任者不在"), Want: 303},
			{Name: "the reason shows", As: auth.CenterAdmin, URL: p1, Want: 200, Body: []string{"髙橋 一樹", "適任者不在"}},
			{Name: "a trainer by the rules", As: auth.CenterAdmin, Method: "POST", URL: p2 + "/trainer", Form: form("number", "A2002"), Want: 303},
			{Name: "trainee opens the plan", As: auth.Staff, URL: p2, Want: 200, Body: []string{`name="reflection"`}, NotBody: []string{`name="trainer_comment"`}},
			{Name: "trainee writes a reflection", As: auth.Staff, Method: "POST", URL: p2 + "/month", Form: form("month", "2026-04", "reflection", "電話応対に慣れました"), Want: 303},
			{Name: "month outside the term", As: auth.Staff, Method: "POST", URL: p2 + "/month", Form: form("month", "2027-04", "reflection", "x"), Want: 404},
			{Name: "trainer comments", As: auth.Instructor, Method: "POST", URL: p2 + "/month", Form: form("month", "2026-04", "trainer_comment", "よくできました", "done", "1"), Want: 303},
			{Name: "supervisor signs the quarter", As: auth.Supervisor, Method: "POST", URL: p2 + "/review", Form: form("quarter", "1", "comment", "順調"), Want: 303},
			{Name: "supervisor sees it all", As: auth.Supervisor, URL: p2, Want: 200, Body: []string{"電話応対に慣れました", "よくできました", "第1四半期"}},
			{Name: "the trainee's own page", As: auth.Staff, URL: "/my/development", Want: 200, Body: []string{"わたしのキャリアデザイン", "受講すべき研修", "所属長の確認 1回", "トレーナー 佐藤 三郎"}},
			{Name: "the plans I am in", As: auth.Staff, URL: "/my/ojt", Want: 200, Body: []string{p2}, NotBody: []string{p1}},
			{Name: "another trainee's plan", As: auth.Staff, URL: p1, Want: 404},
			{Name: "staff cannot name", As: auth.Staff, Method: "POST", URL: p1 + "/trainer", Form: form("number", "A2002"), Want: 403},
			{Name: "a trainer cannot sign", As: auth.Instructor, Method: "POST", URL: p2 + "/review", Form: form("quarter", "2"), Want: 403},
			{Name: "year's end completes", As: auth.CenterAdmin, Method: "POST", URL: p2 + "/review", Form: form("quarter", "5", "comment", "修了"), Want: 303},
			{Name: "completed in the list", As: auth.CenterAdmin, URL: "/ojt?fy=2026", Want: 200, Body: []string{"修了"}},
			{Name: "a development page", As: auth.CenterAdmin, URL: "/staff/A2002/development", Want: 200, Body: []string{"OJTトレーナーとしての活動", "鈴木 次郎"}},
			{Name: "liaison sees no OJT part", As: auth.Liaison, URL: "/staff/A2002/development", Want: 200, NotBody: []string{"OJTトレーナーとしての活動"}},
			{Name: "no framework yet", As: auth.CenterAdmin, URL: "/competencies", Want: 200, Body: []string{"まだ登録されていません"}},
		})

		// The competency table goes in as CSV and comes out again.
		table := "\ufeffコード,領域,名称,定義,行動指標,主事・技師,係長\nK01,基礎,報告・連絡・相談,共有する,,2,3\nG01,業務,企画力,,,,2\n"
		r := webtest.MultipartRequest(t, "/competencies/import", "table.csv", []byte(table), map[string]string{"revised_on": "2026-04-01", "vision": "市民に役立つ職員"})
		if w := f.Do(r, f.Cookie(t, "a_center_admin")); w.Code != http.StatusSeeOther {
			t.Fatalf("import: %d %s", w.Code, w.Body)
		}
		r = webtest.MultipartRequest(t, "/competencies/import", "table.csv", []byte("コード,領域,名称,定義,行動指標,理事\n"), map[string]string{"revised_on": "2026-04-01"})
		if w := f.Do(r, f.Cookie(t, "a_center_admin")); w.Code != http.StatusBadRequest {
			t.Errorf("a rank not on the ladder: %d", w.Code)
		}
		webtest.Run(t, f, []webtest.Scenario{
			{Name: "mapping", As: auth.CenterAdmin, Method: "POST", URL: "/competencies/mapping", Form: url.Values{"program": {"NEW_HIRE"}, "competency": {"K01"}}, Want: 404},
		})
		if err := f.Srv.Train.EnsureCatalog(ctx, f.A.ID); err != nil {
			t.Fatal(err)
		}
		webtest.Run(t, f, []webtest.Scenario{
			{Name: "mapping", As: auth.CenterAdmin, Method: "POST", URL: "/competencies/mapping", Form: url.Values{"program": {"NEW_HIRE"}, "competency": {"K01"}}, Want: 303},
			{Name: "the table", As: auth.CenterStaff, URL: "/competencies", Want: 200, Body: []string{"報告・連絡・相談", "新規採用職員研修", "市民に役立つ職員"}},
			{Name: "the new hire's required competency", As: auth.CenterAdmin, URL: "/staff/A3001/development", Want: 200, Body: []string{"報告・連絡・相談", "新規採用職員研修"}},
		})
		w := f.Get("/competencies/export?format=csv", f.Cookie(t, "a_center_staff"))
		if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), "K01,基礎,報告・連絡・相談") {
			t.Errorf("export: %d %s", w.Code, w.Body)
		}

		// Reports: OJT progress by department, competency coverage by rank,
		// the year's plans as CSV.
		webtest.Run(t, f, []webtest.Scenario{
			{Name: "progress by department", As: auth.CenterStaff, URL: "/api/v1/ojt/report?fy=2026", Want: 200,
				Body: []string{`"department":"市民文化部"`, `"plans":2`, `"completed":1`}},
			{Name: "coverage by rank", As: auth.CenterStaff, URL: "/api/v1/competencies/coverage", Want: 200,
				Body: []string{`"rank":"主事・技師","code":"K01"`, `"rank":"係長","code":"G01"`}},
			{Name: "coverage export", As: auth.CenterAdmin, URL: "/competencies/coverage/export?format=csv", Want: 200, Body: []string{"主事・技師,K01,報告・連絡・相談,2"}},
			{Name: "plans export", As: auth.CenterAdmin, URL: "/ojt/export?fy=2026&format=csv", Want: 200, Body: []string{"A3001,森 新", "修了"}},
			{Name: "no coverage for a liaison", As: auth.Liaison, URL: "/api/v1/competencies/coverage", Want: 403},
		})
	})
}
