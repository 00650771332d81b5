package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"hagukumi/audit"
	"hagukumi/auth"
	"hagukumi/calendar"
	"hagukumi/teams"
	"hagukumi/web/webtest"
)

// teamsEnv is a team with last year's presented proposal (two items, of
// 市民文化部 and of 総務部) and this year's cohort with a draft proposal
// whose member is the staff account's A2001.
type teamsEnv struct {
	team                 teams.Team
	last, this           teams.Cohort
	shimin, somu, draftI int64
	fy                   int
}

func newTeamsEnv(t *testing.T, f *webtest.Fixture) *teamsEnv {
	t.Helper()
	ctx := context.Background()
	s := &teams.Store{DB: f.D, Now: f.Srv.Now}
	e := &teamsEnv{fy: calendar.CurrentFY(f.Srv.Now())}
	e.team = teams.Team{Name: "新公共経営若手プロジェクトチーム", SinceFY: 2009}
	must(t, s.CreateTeam(ctx, audit.System, f.A.ID, &e.team))
	e.last = teams.Cohort{TeamID: e.team.ID, FY: e.fy - 1, Theme: "若者が活躍できるまち", Selection: "nomination"}
	must(t, s.CreateCohort(ctx, audit.System, f.A.ID, &e.last))
	must(t, s.AddMember(ctx, audit.System, f.A.ID, e.last.ID, "A1002", "リーダー"))
	p := &teams.Proposal{CohortID: e.last.ID, Title: "提言書", PresentedOn: fmt.Sprintf("%d-02-10", e.fy), Items: []teams.Item{
		{Text: "若者の居場所づくり", Departments: []string{"市民文化部"}},
		{Text: "採用広報の刷新", Departments: []string{"総務部"}},
	}}
	must(t, s.SaveProposal(ctx, audit.System, f.A.ID, p))
	e.shimin, e.somu = p.Items[0].ID, p.Items[1].ID
	e.this = teams.Cohort{TeamID: e.team.ID, FY: e.fy, Theme: "働きやすい職場", Selection: "volunteer"}
	must(t, s.CreateCohort(ctx, audit.System, f.A.ID, &e.this))
	must(t, s.AddMember(ctx, audit.System, f.A.ID, e.this.ID, "A2001", "メンバー"))
	d := &teams.Proposal{CohortID: e.this.ID, Title: "検討中の提言", Items: []teams.Item{{Text: "下書きの項目", Departments: []string{"市民文化部"}}}}
	must(t, s.SaveProposal(ctx, audit.System, f.A.ID, d))
	e.draftI = d.Items[0].ID
	must(t, s.AddMeeting(ctx, audit.System, f.A.ID, &teams.Meeting{CohortID: e.this.ID, HeldOn: fmt.Sprintf("%d-06-01", e.fy), Agenda: "テーマ決め"},
		[]teams.Upload{{Name: "資料.pdf", Data: []byte("%PDF-1.4 資料")}}))
	return e
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func getJSON(t *testing.T, f *webtest.Fixture, path string, role auth.Role, v any) {
	t.Helper()
	w := f.Get(path, f.Bearer(t, webtest.LoginOf(role)))
	if w.Code != http.StatusOK {
		t.Fatalf("GET %s: %d %s", path, w.Code, w.Body)
	}
	if err := json.Unmarshal(w.Body.Bytes(), v); err != nil {
		t.Fatal(err)
	}
}

func postJSON(f *webtest.Fixture, t *testing.T, path string, role auth.Role, body string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(http.MethodPost, path, strings.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	return f.Do(r, f.Bearer(t, webtest.LoginOf(role)))
}

// TestTeamsContract checks each line of issue 16's Contract on both engines.
func TestTeamsContract(t *testing.T) {
	webtest.ForEach(t, func(t *testing.T, f *webtest.Fixture) {
		e := newTeamsEnv(t, f)
		var ts []map[string]any
		getJSON(t, f, "/api/v1/teams", auth.Staff, &ts)
		if len(ts) != 1 || ts[0]["name"] != e.team.Name {
			t.Fatalf("teams %v", ts)
		}
		var cs []struct {
			FY      int    `json:"fy"`
			Theme   string `json:"theme"`
			Members []struct {
				Number string `json:"number"`
			} `json:"members"`
		}
		getJSON(t, f, fmt.Sprintf("/api/v1/teams/%d/cohorts", e.team.ID), auth.Liaison, &cs)
		if len(cs) != 2 || cs[1].FY != e.fy-1 || cs[1].Theme != "若者が活躍できるまち" || len(cs[1].Members) != 1 || cs[1].Members[0].Number != "A1002" {
			t.Fatalf("cohorts %+v", cs)
		}
		itemsPath := fmt.Sprintf("/api/v1/cohorts/%d/proposal-items", e.last.ID)
		var items []map[string]any
		getJSON(t, f, itemsPath, auth.Staff, &items)
		if len(items) != 2 || items[0]["text"] != "若者の居場所づくり" || items[0]["latest_status"] != nil || items[0]["id"] == nil {
			t.Fatalf("items %v", items)
		}
		if deps, _ := items[0]["departments"].([]any); len(deps) != 1 || deps[0] != "市民文化部" {
			t.Fatalf("departments %v", items[0]["departments"])
		}

		respond := func(role auth.Role, item int64, body string) *httptest.ResponseRecorder {
			return postJSON(f, t, fmt.Sprintf("/api/v1/proposal-items/%d/responses", item), role, body)
		}
		count := func() int { return f.Count(t, `SELECT COUNT(*) FROM proposal_responses`) }
		ok := fmt.Sprintf(`{"fy": %d, "status": "partly", "progress": 40, "note": "予算要求しました"}`, e.fy)
		for _, c := range []struct {
			name string
			role auth.Role
			item int64
			body string
			want int
		}{
			{"unknown status", auth.Liaison, e.shimin, fmt.Sprintf(`{"fy": %d, "status": "done", "progress": 40, "note": ""}`, e.fy), 422},
			{"progress over 100", auth.Liaison, e.shimin, fmt.Sprintf(`{"fy": %d, "status": "partly", "progress": 101, "note": ""}`, e.fy), 422},
			{"progress below 0", auth.Liaison, e.shimin, fmt.Sprintf(`{"fy": %d, "status": "partly", "progress": -1, "note": ""}`, e.fy), 422},
			{"another department's item", auth.Liaison, e.somu, ok, 403},
			{"the liaison's own department", auth.Liaison, e.shimin, ok, 201},
			{"the same year again", auth.CenterStaff, e.shimin, ok, 409},
			{"the center for any department", auth.CenterStaff, e.somu, fmt.Sprintf(`{"fy": %d, "status": "declined", "progress": 0, "note": "財源がないため"}`, e.fy), 201},
		} {
			before := count()
			w := respond(c.role, c.item, c.body)
			if w.Code != c.want {
				t.Fatalf("%s: %d, want %d: %s", c.name, w.Code, c.want, w.Body)
			}
			if changed := count() - before; (c.want == 201) != (changed == 1) || changed > 1 {
				t.Fatalf("%s: %d answers added", c.name, changed)
			}
		}
		getJSON(t, f, itemsPath, auth.Staff, &items)
		if items[0]["latest_status"] != "partly" || items[1]["latest_status"] != "declined" {
			t.Fatalf("latest %v %v", items[0]["latest_status"], items[1]["latest_status"])
		}

		var fu struct {
			Cohorts []struct {
				FY             int            `json:"fy"`
				ByStatus       map[string]int `json:"by_status"`
				ReflectionRate float64        `json:"reflection_rate"`
			} `json:"cohorts"`
		}
		getJSON(t, f, fmt.Sprintf("/api/v1/teams/%d/follow-up", e.team.ID), auth.Staff, &fu)
		if len(fu.Cohorts) != 2 {
			t.Fatalf("follow-up %+v", fu)
		}
		last := fu.Cohorts[1]
		if last.FY != e.fy-1 || last.ByStatus["partly"] != 1 || last.ByStatus["declined"] != 1 || last.ReflectionRate != 0.5 {
			t.Fatalf("last year's cohort %+v", last)
		}
		// As of last year nothing was answered yet: the rate is 0, not NaN.
		getJSON(t, f, fmt.Sprintf("/api/v1/teams/%d/follow-up?fy=%d", e.team.ID, e.fy-1), auth.Staff, &fu)
		if len(fu.Cohorts) != 1 || fu.Cohorts[0].ReflectionRate != 0 || fu.Cohorts[0].ByStatus["partly"] != 0 {
			t.Fatalf("follow-up as of last year %+v", fu)
		}
	})
}

// TestTeamsWhoSeesWhat is PRODUCT point 7: drafts and meetings for the
// center and the cohort's members, presented proposals for everyone.
func TestTeamsWhoSeesWhat(t *testing.T) {
	webtest.ForEach(t, func(t *testing.T, f *webtest.Fixture) {
		e := newTeamsEnv(t, f)
		var fileID int64
		must(t, f.D.R.QueryRow(`SELECT id FROM team_files`).Scan(&fileID))
		this, last := fmt.Sprintf("/cohorts/%d", e.this.ID), fmt.Sprintf("/cohorts/%d", e.last.ID)
		webtest.Run(t, f, []webtest.Scenario{
			{Name: "a member sees the draft and the meetings", As: auth.Staff, URL: this, Want: 200, Body: []string{"下書きの項目", "テーマ決め", "資料.pdf"}},
			{Name: "others see neither", As: auth.Liaison, URL: this, Want: 200, NotBody: []string{"下書きの項目", "テーマ決め"}},
			{Name: "the presented proposal is public", As: auth.Supervisor, URL: last, Want: 200, Body: []string{"若者の居場所づくり", "未回答"}, NotBody: []string{"テーマ決め"}},
			{Name: "a member opens a material", As: auth.Staff, URL: fmt.Sprintf("/team-files/%d", fileID), Want: 200, Body: []string{"%PDF-1.4"}},
			{Name: "others cannot", As: auth.Liaison, URL: fmt.Sprintf("/team-files/%d", fileID), Want: 404},
			{Name: "draft items via the API: empty for others", As: auth.Liaison, URL: fmt.Sprintf("/api/v1/cohorts/%d/proposal-items", e.this.ID), Want: 200, NotBody: []string{"下書き"}},
			{Name: "a draft item page for others", As: auth.Liaison, URL: fmt.Sprintf("/proposal-items/%d", e.draftI), Want: 404},
			{Name: "a draft item cannot be answered by a liaison", As: auth.Liaison, Method: "POST", URL: fmt.Sprintf("/proposal-items/%d/responses", e.draftI), Form: url.Values{"status": {"partly"}, "progress": {"10"}}, Want: 404},
			{Name: "the liaison's list has its department's items only", As: auth.Liaison, URL: "/proposal-items", Want: 200, Body: []string{"若者の居場所づくり", "回答待ち"}, NotBody: []string{"採用広報の刷新", "下書きの項目"}},
			{Name: "the liaison answers on the page", As: auth.Liaison, Method: "POST", URL: fmt.Sprintf("/proposal-items/%d/responses", e.shimin), Form: url.Values{"status": {"considering"}, "progress": {"10"}, "note": {"検討中です"}}, Want: 303},
			{Name: "the answer shows in the history", As: auth.Staff, URL: fmt.Sprintf("/proposal-items/%d", e.shimin), Want: 200, Body: []string{"検討中です", "検討中"}, NotBody: []string{"回答を登録する"}},
			{Name: "the report prints", As: auth.Staff, URL: fmt.Sprintf("/teams/%d/report", e.team.ID), Want: 200, Body: []string{"提言の反映状況", "若者の居場所づくり", "0%"}},
			{Name: "the team page", As: auth.CaseManager, URL: fmt.Sprintf("/teams/%d", e.team.ID), Want: 200, Body: []string{"反映率", "若者が活躍できるまち"}},
			{Name: "the export", As: auth.CenterStaff, URL: fmt.Sprintf("/teams/%d/export", e.team.ID), Want: 200, Body: []string{"若者の居場所づくり", "検討中"}},
			{Name: "a bad fy on the report", As: auth.Staff, URL: fmt.Sprintf("/teams/%d/report", e.team.ID), Form: url.Values{"fy": {"abc"}}, Want: 400},
			{Name: "a bad fy on the follow-up", As: auth.Staff, URL: fmt.Sprintf("/api/v1/teams/%d/follow-up", e.team.ID), Form: url.Values{"fy": {"令和99年度"}}, Want: 400},
			{Name: "a member finds their cohorts", As: auth.Staff, URL: "/teams", Want: 200, Body: []string{"あなたが参加した期", "働きやすい職場"}},
			{Name: "a 所属長 sees their staff's membership only", As: auth.Supervisor, URL: "/teams", Want: 200, Body: []string{"所属職員の参加", "A2001 鈴木 次郎"}, NotBody: []string{"A1002"}},
			{Name: "another city's team is not found", As: auth.CenterAdmin, URL: "/teams/999999", Want: 404},
		})
	})
}

// TestTeamsFormsAndFiles forms a cohort through the pages and checks that
// materials are checked by their bytes.
func TestTeamsFormsAndFiles(t *testing.T) {
	webtest.ForEach(t, func(t *testing.T, f *webtest.Fixture) {
		e := newTeamsEnv(t, f)
		admin := f.Cookie(t, webtest.LoginOf(auth.CenterAdmin))
		w := f.Post(fmt.Sprintf("/teams/%d/cohorts", e.team.ID), url.Values{"fy": {fmt.Sprint(e.fy + 1)}, "theme": {"次の期"}, "selection": {"volunteer"}}, admin)
		if w.Code != http.StatusSeeOther {
			t.Fatalf("cohort %d %s", w.Code, w.Body)
		}
		next := w.Header().Get("Location")
		next = strings.TrimSuffix(next, "#members")
		if w := f.Post(next+"/members", url.Values{"number": {"A2003"}, "role": {"メンバー"}}, admin); w.Code != http.StatusSeeOther {
			t.Fatalf("member %d %s", w.Code, w.Body)
		}
		if w := f.Post(next+"/members", url.Values{"number": {"A2003"}, "role": {"メンバー"}}, admin); w.Code != http.StatusConflict {
			t.Fatalf("member twice %d", w.Code)
		}
		if w := f.Get(next, admin); !strings.Contains(w.Body.String(), "伊藤 美咲") || !strings.Contains(w.Body.String(), "女 1人") {
			t.Fatalf("cohort page %s", w.Body)
		}
		upload := func(name string, data []byte) int {
			var b bytes.Buffer
			mw := multipart.NewWriter(&b)
			mw.WriteField("held_on", fmt.Sprintf("%d-07-01", e.fy))
			fw, _ := mw.CreateFormFile("files", name)
			fw.Write(data)
			mw.Close()
			r := httptest.NewRequest(http.MethodPost, next+"/meetings", &b)
			r.Header.Set("Content-Type", mw.FormDataContentType())
			return f.Do(r, admin).Code
		}
		if c := upload("evil.pdf", []byte("<script>alert(1)</script>")); c != http.StatusBadRequest {
			t.Fatalf("a script named .pdf: %d", c)
		}
		if c := upload("big.pdf", append([]byte("%PDF-"), make([]byte, teams.MaxFile)...)); c != http.StatusBadRequest {
			t.Fatalf("a file over 10MB: %d", c)
		}
		if c := upload("写真.png", []byte("\x89PNG\r\n\x1a\nxxxx")); c != http.StatusSeeOther {
			t.Fatalf("a PNG: %d", c)
		}
		if n := f.Count(t, `SELECT COUNT(*) FROM team_files`); n != 2 {
			t.Fatalf("%d files stored", n)
		}
		w = f.Post(next+"/proposal", url.Values{"title": {"提言"}, "items": {"項目A | 市民文化部 | 施策1 | 100万円\n項目B | 総務部、市民文化部"}}, admin)
		if w.Code != http.StatusSeeOther {
			t.Fatalf("proposal %d %s", w.Code, w.Body)
		}
		if n := f.Count(t, `SELECT COUNT(*) FROM proposal_item_units`); n != 6 {
			t.Fatalf("%d item departments", n)
		}
		if w := f.Get(next+"/minutes", admin); w.Code != 200 || !strings.Contains(w.Body.String(), "写真.png") {
			t.Fatalf("minutes %d", w.Code)
		}
	})
}
