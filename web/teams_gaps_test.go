package web_test

import (
	"context"
	"fmt"
	"net/url"
	"testing"
	"time"

	"hagukumi/auth"
	"hagukumi/calendar"
	"hagukumi/web/webtest"
)

// TestTeamsRequestEditsSeminarsAndPublishing covers the pages added after
// issue 16: the yearly answer request on /proposal-items, the edits of
// members, the proposal and its items with their refusals, a seminar
// planned as a training session from the cohort page, and publishing a
// cohort's proposal on the public site.
func TestTeamsRequestEditsSeminarsAndPublishing(t *testing.T) {
	webtest.ForEach(t, func(t *testing.T, f *webtest.Fixture) {
		e := newTeamsEnv(t, f)
		must(t, f.Srv.Train.EnsureCatalog(context.Background(), f.A.ID))
		today := calendar.Today(f.Srv.Now())
		due := today.AddDate(0, 0, 14)
		if end := calendar.FiscalYearEnd(e.fy); due.After(end) {
			due = end
		}
		var a1002, a2001 int64
		must(t, f.D.R.QueryRow(`SELECT (SELECT id FROM staff WHERE number = 'A1002'), (SELECT id FROM staff WHERE number = 'A2001')`).Scan(&a1002, &a2001))
		last, this := fmt.Sprintf("/cohorts/%d", e.last.ID), fmt.Sprintf("/cohorts/%d", e.this.ID)
		day := today.AddDate(0, 0, 7)
		if calendar.FiscalYear(day) != e.fy {
			day = today
		}
		webtest.Run(t, f, []webtest.Scenario{
			// The yearly request.
			{Name: "no request yet: the liaison is told so", As: auth.Liaison, URL: "/proposal-items", Want: 200, Body: []string{"回答依頼はまだ出ていません"}, NotBody: []string{"回答依頼を出す"}},
			{Name: "the center opens it", As: auth.CenterAdmin, URL: "/proposal-items", Want: 200, Body: []string{"回答依頼を出す"}},
			{Name: "a due date in the past is refused", As: auth.CenterAdmin, Method: "POST", URL: "/proposal-requests", Form: url.Values{"due_on": {today.AddDate(0, 0, -1).Format(time.DateOnly)}}, Want: 400, Body: []string{"今日以降の日付"}},
			{Name: "a liaison cannot open it", As: auth.Liaison, Method: "POST", URL: "/proposal-requests", Form: url.Values{"due_on": {due.Format(time.DateOnly)}}, Want: 403},
			{Name: "the center opens the request", As: auth.CenterAdmin, Method: "POST", URL: "/proposal-requests", Form: url.Values{"due_on": {due.Format(time.DateOnly)}, "message": {"期限までに回答してください"}}, Want: 303},
			{Name: "a second request of the year is refused", As: auth.CenterAdmin, Method: "POST", URL: "/proposal-requests", Form: url.Values{"due_on": {due.Format(time.DateOnly)}}, Want: 409, Body: []string{"回答依頼はもう出しています"}},
			{Name: "the liaison sees the due date", As: auth.Liaison, URL: "/proposal-items", Want: 200, Body: []string{"の回答依頼", calendar.FormatWareki(due), "期限までに回答してください"}, NotBody: []string{"部局ごとの回答状況"}},
			{Name: "the center sees each department", As: auth.CenterStaff, URL: "/proposal-items", Want: 200, Body: []string{"部局ごとの回答状況", "市民文化部", "総務部"}},
			{Name: "the API", As: auth.CenterAdmin, URL: "/api/v1/proposal-requests", Want: 200, Body: []string{`"due_on":"` + due.Format(time.DateOnly), `"to_answer":1`}},
			{Name: "the API for a year without request", As: auth.CenterAdmin, URL: "/api/v1/proposal-requests", Form: url.Values{"fy": {fmt.Sprint(e.fy - 1)}}, Want: 200, Body: []string{`"request":null`, `"departments":[]`}},
			{Name: "the API with a bad year", As: auth.CenterAdmin, URL: "/api/v1/proposal-requests", Form: url.Values{"fy": {"abc"}}, Want: 400},

			// Members.
			{Name: "the center changes a role", As: auth.CenterAdmin, Method: "POST", URL: fmt.Sprintf("%s/members/%d", this, a2001), Form: url.Values{"role": {"リーダー"}}, Want: 303},
			{Name: "an unknown role is refused", As: auth.CenterAdmin, Method: "POST", URL: fmt.Sprintf("%s/members/%d", this, a2001), Form: url.Values{"role": {"社長"}}, Want: 400},
			{Name: "a member cannot edit", As: auth.Staff, Method: "POST", URL: fmt.Sprintf("%s/members/%d", this, a2001), Form: url.Values{"role": {"メンバー"}}, Want: 403},
			{Name: "removing a member of a presented cohort is refused", As: auth.CenterAdmin, Method: "POST", URL: fmt.Sprintf("%s/members/%d/remove", last, a1002), Want: 409, Body: []string{"メンバーを外せません"}},
			{Name: "not a member", As: auth.CenterAdmin, Method: "POST", URL: fmt.Sprintf("%s/members/%d/remove", this, a1002), Want: 404},

			// The proposal and its items.
			{Name: "the liaison answers the 市民文化部 item", As: auth.Liaison, Method: "POST", URL: fmt.Sprintf("/proposal-items/%d/responses", e.shimin), Form: url.Values{"status": {"partly"}, "progress": {"30"}, "note": {"一部を予算化"}}, Want: 303},
			{Name: "the center sees the answer counted", As: auth.CenterAdmin, URL: "/api/v1/proposal-requests", Want: 200, Body: []string{`"department":"市民文化部","to_answer":1,"answered":1`}},
			{Name: "an answered item cannot be removed", As: auth.CenterAdmin, Method: "POST", URL: fmt.Sprintf("/proposal-items/%d/remove", e.shimin), Want: 409, Body: []string{"回答が記録されているため、削除できません"}},
			{Name: "its answering department stays", As: auth.CenterAdmin, Method: "POST", URL: fmt.Sprintf("/proposal-items/%d/edit", e.shimin), Form: url.Values{"text": {"若者の居場所づくり"}, "departments": {"総務部"}}, Want: 409},
			{Name: "an answered proposal cannot become a draft", As: auth.CenterAdmin, Method: "POST", URL: last + "/proposal/edit", Form: url.Values{"title": {"提言書"}, "presented_on": {""}}, Want: 409},
			{Name: "the item keeps its text", As: auth.Staff, URL: fmt.Sprintf("/proposal-items/%d", e.shimin), Want: 200, Body: []string{"若者の居場所づくり", "市民文化部"}},
			{Name: "the center edits an item's text and cost", As: auth.CenterAdmin, Method: "POST", URL: fmt.Sprintf("/proposal-items/%d/edit", e.somu), Form: url.Values{"text": {"採用広報の刷新（動画）"}, "departments": {"総務部、市民文化部"}, "cost": {"300万円"}}, Want: 303},
			{Name: "an unknown department is refused", As: auth.CenterAdmin, Method: "POST", URL: fmt.Sprintf("/proposal-items/%d/edit", e.somu), Form: url.Values{"text": {"x"}, "departments": {"ない部"}}, Want: 400},
			{Name: "the edit shows", As: auth.Supervisor, URL: fmt.Sprintf("/proposal-items/%d", e.somu), Want: 200, Body: []string{"採用広報の刷新（動画）", "300万円"}},
			{Name: "the center adds an item", As: auth.CenterAdmin, Method: "POST", URL: this + "/proposal/items", Form: url.Values{"text": {"追加の項目"}, "departments": {"総務部"}}, Want: 303},
			{Name: "the draft's items", As: auth.CenterAdmin, URL: this, Want: 200, Body: []string{"下書きの項目", "追加の項目", "提言書を変更する"}},
			{Name: "the draft item is removed", As: auth.CenterAdmin, Method: "POST", URL: fmt.Sprintf("/proposal-items/%d/remove", e.draftI), Want: 303},
			{Name: "the center presents the draft", As: auth.CenterAdmin, Method: "POST", URL: this + "/proposal/edit", Form: url.Values{"title": {"働きやすい職場への提言"}, "presented_on": {today.Format(time.DateOnly)}}, Want: 303},
			{Name: "a liaison cannot edit items", As: auth.Liaison, Method: "POST", URL: fmt.Sprintf("/proposal-items/%d/edit", e.somu), Form: url.Values{"text": {"x"}, "departments": {"総務部"}}, Want: 403},

			// A seminar planned as a session.
			{Name: "the seminar form offers the 働き方セミナー programmes", As: auth.CenterAdmin, URL: this, Want: 200, Body: []string{"イクボスセミナー", "タイムマネジメント研修"}},
			{Name: "a seminar without a date is refused", As: auth.CenterAdmin, Method: "POST", URL: this + "/sessions", Form: url.Values{"program": {"999999"}, "capacity": {"40"}}, Want: 400},
			{Name: "the center plans the seminar", As: auth.CenterAdmin, Method: "POST", URL: this + "/sessions", Form: url.Values{"program": {seminarID(t, f, "IKUBOSS")}, "title": {"フジェンヌ企画セミナー"}, "date": {day.Format(time.DateOnly)}, "start": {"14:00"}, "end": {"16:00"}, "venue": {"大会議室"}, "capacity": {"40"}}, Want: 303},
			{Name: "the cohort page shows the session", As: auth.Staff, URL: this, Want: 200, Body: []string{"イクボスセミナー フジェンヌ企画セミナー", "大会議室"}},

			// Publishing.
			{Name: "nothing published yet", URL: "/public/proposals", Want: 200, Body: []string{"公開している政策提言はありません"}},
			{Name: "the center publishes last year's proposal", As: auth.CenterAdmin, Method: "POST", URL: last + "/publish", Form: url.Values{"on": {"true"}}, Want: 303},
			{Name: "the public sees it with the states, no members", URL: "/public/proposals", Want: 200, Body: []string{"新公共経営若手プロジェクトチーム", "若者の居場所づくり", "一部反映", "30%"}, NotBody: []string{"A1002", "下書き"}},
			{Name: "the cohort page says it is published", As: auth.CenterAdmin, URL: last, Want: 200, Body: []string{"公開サイトへの掲載をやめる"}},
			{Name: "a liaison cannot publish", As: auth.Liaison, Method: "POST", URL: last + "/publish", Form: url.Values{"on": {"true"}}, Want: 403},
			{Name: "the center withdraws it", As: auth.CenterAdmin, Method: "POST", URL: last + "/publish", Form: url.Values{"on": {"false"}}, Want: 303},
			{Name: "gone from the public site", URL: "/public/proposals", Want: 200, NotBody: []string{"若者の居場所づくり"}},
		})
		if n := f.Count(t, `SELECT COUNT(*) FROM team_sessions`); n != 1 {
			t.Fatalf("%d sessions linked", n)
		}
		if n := f.Count(t, `SELECT COUNT(*) FROM audit_log WHERE entity IN ('proposal_request', 'team_member', 'proposal', 'proposal_item', 'team_session') AND action <> 'create' OR entity = 'team_session'`); n < 6 {
			t.Fatalf("%d edits audited", n)
		}
	})
}

func seminarID(t *testing.T, f *webtest.Fixture, code string) string {
	t.Helper()
	var id int64
	must(t, f.D.R.QueryRow(`SELECT id FROM programs WHERE code = $1 AND municipality_id = $2`, code, f.A.ID).Scan(&id))
	return fmt.Sprint(id)
}
