package dispatchui_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"hagukumi/auth"
	"hagukumi/dispatch"
	"hagukumi/web/webtest"
)

// TestLectureMatchToFigures: the center sees the candidates and chooses
// A2002; only their 所属長 (the supervisor of 市民文化部) is asked and
// agrees; the center sets the terms and approves; the 決定通知 and the
// 派遣承認書 print; the lecturer reports; the lecture counts in their
// instructor history and record and in the figures, which a retention
// purge of the requester's personal data leaves as they were.
func TestLectureMatchToFigures(t *testing.T) {
	webtest.ForEach(t, func(t *testing.T, f *webtest.Fixture) {
		now := june
		f.Srv.SetClock(func() time.Time { return now })
		topic := addTopic(t, f, "地震に備える家庭の防災")
		r, _ := storeRequest(t, f, topic, "駿河台自治会")
		center := f.Bearer(t, webtest.LoginOf(auth.CenterStaff))
		w := f.Get(fmt.Sprintf("/api/v1/lecture-requests/%d/candidates", r.ID), center)
		var cands []map[string]any
		if w.Code != http.StatusOK || json.Unmarshal(w.Body.Bytes(), &cands) != nil || len(cands) != 1 || cands[0]["number"] != "A2002" || cands[0]["name"] != "佐藤 三郎" {
			t.Fatalf("candidates: %d %s", w.Code, w.Body.String())
		}
		id := fmt.Sprint(r.ID)
		webtest.Run(t, f, []webtest.Scenario{
			{Name: "center page", As: auth.CenterStaff, URL: "/lectures/" + id, Want: 200, Body: []string{"駿河台自治会", "佐藤 三郎", "望月 陽菜", "講師の候補"}},
			{Name: "choose", As: auth.CenterStaff, Method: "POST", URL: "/lectures/" + id + "/lecturer", Form: url.Values{"number": {"A2002"}}, Want: http.StatusSeeOther},
			{Name: "choose nobody", As: auth.CenterStaff, Method: "POST", URL: "/lectures/" + id + "/lecturer", Form: url.Values{"number": {"Z1"}}, Want: http.StatusBadRequest, Body: []string{"職員番号 Z1 の職員が見つかりません。"}},
			{Name: "not yet lecturer_set", As: auth.CenterStaff, Method: "POST", URL: "/lectures/" + id + "/state", Form: url.Values{"to": {"lecturer_set"}}, Want: http.StatusConflict, Body: []string{"所属長の同意"}},
			{Name: "supervisor's page", As: auth.Supervisor, URL: "/lectures/agreements", Want: 200, Body: []string{"駿河台自治会", "佐藤 三郎", "同意する"}},
			{Name: "lecturer's page", As: auth.Instructor, URL: "/lectures/mine", Want: 200, Body: []string{"駿河台自治会", "所属長の同意待ち"}},
			{Name: "lecturer sees the request", As: auth.Instructor, URL: "/lectures/" + id, Want: 200, Body: []string{"駿河台自治会"}, NotBody: []string{"望月 陽菜", "hina@example.jp"}},
			{Name: "another staff member does not", As: auth.Staff, URL: "/lectures/" + id, Want: 404},
			{Name: "a liaison does not", As: auth.Liaison, URL: "/lectures/" + id, Want: 404},
			{Name: "lecturer cannot agree", As: auth.Instructor, Method: "POST", URL: "/lectures/" + id + "/agreement", Form: url.Values{"answer": {"agree"}}, Want: 403},
			{Name: "supervisor agrees", As: auth.Supervisor, Method: "POST", URL: "/lectures/" + id + "/agreement", Form: url.Values{"answer": {"agree"}}, Want: http.StatusSeeOther},
			{Name: "agree twice", As: auth.Supervisor, Method: "POST", URL: "/lectures/" + id + "/agreement", Form: url.Values{"answer": {"agree"}}, Want: http.StatusConflict},
			{Name: "approve before terms", As: auth.CenterStaff, Method: "POST", URL: "/lectures/" + id + "/state", Form: url.Values{"to": {"approved"}}, Want: http.StatusConflict, Body: []string{"勤務の扱い"}},
			{Name: "duty with a fee", As: auth.CenterStaff, Method: "POST", URL: "/lectures/" + id + "/terms", Form: url.Values{"lecture_on": {"2026-06-20"}, "work_mode": {"公務"}, "fee": {"5000"}, "fee_status": {"受領"}}, Want: http.StatusBadRequest, Body: []string{"公務での講師は謝金を受け取れません"}},
			{Name: "terms", As: auth.CenterStaff, Method: "POST", URL: "/lectures/" + id + "/terms", Form: url.Values{"lecture_on": {"2026-06-20"}, "work_mode": {"兼業許可"}, "fee": {"10,000"}, "fee_status": {"受領"}, "travel": {"自家用車（実費）"}}, Want: http.StatusSeeOther},
			{Name: "no notice yet", As: auth.CenterStaff, URL: "/lectures/" + id + "/notice", Want: http.StatusConflict},
		})
		if w := move(t, f, r.ID, `{"to":"approved"}`); w.Code != http.StatusOK || !strings.Contains(w.Body.String(), `"state":"approved"`) {
			t.Fatalf("approve: %d %s", w.Code, w.Body.String())
		}
		webtest.Run(t, f, []webtest.Scenario{
			{Name: "notice", As: auth.CenterStaff, URL: "/lectures/" + id + "/notice", Want: 200, Body: []string{"講師派遣決定通知書", "令和8年度 第1号", "令和8年6月20日", "駿河台自治会 様", "10,000円", "佐藤 三郎"}},
			{Name: "order", As: auth.Instructor, URL: "/lectures/" + id + "/order", Want: 200, Body: []string{"講師派遣承認書", "兼業許可", "自家用車（実費）"}},
			{Name: "order of the supervisor's staff", As: auth.Supervisor, URL: "/lectures/" + id + "/order", Want: 200},
			{Name: "not another's order", As: auth.Staff, URL: "/lectures/" + id + "/order", Want: 404},
			{Name: "report from the future", As: auth.Instructor, Method: "POST", URL: "/lectures/" + id + "/report", Form: url.Values{"delivered_on": {"2026-06-20"}, "hours": {"1.5"}, "attendees": {"28"}}, Want: http.StatusBadRequest, Body: []string{"実施日が今日より後です"}},
		})
		now = time.Date(2026, 6, 21, 9, 0, 0, 0, june.Location())
		// Sessions and tokens of the new day.
		f.RenewTokens(t)
		center = f.Bearer(t, webtest.LoginOf(auth.CenterStaff))
		after(t, f, []webtest.Scenario{
			{Name: "another cannot report", As: auth.Staff, Method: "POST", URL: "/lectures/" + id + "/report", Form: url.Values{"delivered_on": {"2026-06-20"}, "hours": {"1.5"}, "attendees": {"28"}}, Want: 404},
			{Name: "lecturer reports", As: auth.Instructor, Method: "POST", URL: "/lectures/" + id + "/report", Form: url.Values{"delivered_on": {"2026-06-20"}, "hours": {"1.5"}, "attendees": {"28"}, "materials": {"防災マップ"}}, Want: http.StatusSeeOther},
			{Name: "reported", As: auth.Instructor, URL: "/lectures/mine", Want: 200, Body: []string{"報告済"}},
			{Name: "instructor history", As: auth.Instructor, URL: "/my/topics", Want: 200, Body: []string{"地震に備える家庭の防災", "1.5時間"}},
			{Name: "development record", As: auth.Instructor, URL: "/my/history", Want: 200, Body: []string{"地震に備える家庭の防災", "講師派遣（講師）"}},
			{Name: "pool", As: auth.CenterStaff, URL: "/instructors", Want: 200, Body: []string{"佐藤 三郎", "地震に備える家庭の防災"}},
			{Name: "figures page", As: auth.CenterStaff, URL: "/lectures/figures?fy=2026", Want: 200, Body: []string{"地震に備える家庭の防災", "28人"}},
			{Name: "figures csv", As: auth.CenterStaff, URL: "/lectures/figures/export?fy=2026", Want: 200, Body: []string{"テーマ別", "自治会"}},
			{Name: "figures xlsx", As: auth.CenterStaff, URL: "/lectures/figures/export?fy=2026&format=xlsx", Want: 200},
		})
		figures := func() string {
			w := f.Get("/api/v1/lecture-figures?fy=2026", center)
			if w.Code != 200 {
				t.Fatalf("figures: %d", w.Code)
			}
			return w.Body.String()
		}
		before := figures()
		for _, want := range []string{`"requests":1`, `"accepted":1`, `"delivered":1`, `"attendees":28`, `"label":"自治会"`, `"label":"市民文化部"`, `"label":"2026-06"`} {
			if !strings.Contains(before, want) {
				t.Fatalf("figures lack %s: %s", want, before)
			}
		}
		// The audit chain names no personal data of the requester.
		if n := f.Count(t, `SELECT COUNT(*) FROM audit_log WHERE detail LIKE '%hina@%' OR detail LIKE '%望月%'`); n != 0 {
			t.Fatalf("%d audit entries carry the requester's personal data", n)
		}
		// A year after the report, the purge blanks the requester's data;
		// the figures stay.
		st := &dispatch.Store{DB: f.D, Now: func() time.Time { return now }}
		if p, err := st.Purge(context.Background(), now.AddDate(0, 6, 0)); err != nil || p.Requests != 0 {
			t.Fatalf("early purge: %+v %v", p, err)
		}
		p, err := st.Purge(context.Background(), now.AddDate(1, 0, 1))
		if err != nil || p.Requests != 1 || p.Submissions != 1 {
			t.Fatalf("purge: %+v %v", p, err)
		}
		if n := f.Count(t, `SELECT COUNT(*) FROM dispatch_requests WHERE contact_name <> '' OR email <> '' OR phone <> ''`); n != 0 {
			t.Fatal("personal data left after the purge")
		}
		if n := f.Count(t, `SELECT COUNT(*) FROM public_submissions WHERE kind = 'lecture'`); n != 0 {
			t.Fatal("the submission is left after the purge")
		}
		if after := figures(); after != before {
			t.Fatalf("the purge changed the figures:\n%s\n%s", before, after)
		}
		after(t, f, []webtest.Scenario{{Name: "purged request page", As: auth.CenterStaff, URL: "/lectures/" + id, Want: 200, Body: []string{"保存期間が過ぎたため削除しました", "駿河台自治会"}}})
	})
}

// TestLectureRefusedAgreement: a 所属長 who does not agree leaves the
// request 調整中 for another lecturer; the center may go back from 講師決定.
func TestLectureRefusedAgreement(t *testing.T) {
	webtest.ForEach(t, func(t *testing.T, f *webtest.Fixture) {
		f.Srv.SetClock(func() time.Time { return june })
		topic := addTopic(t, f, "ごみの分け方と減らし方")
		r, _ := storeRequest(t, f, topic, "市立南小学校")
		id := fmt.Sprint(r.ID)
		webtest.Run(t, f, []webtest.Scenario{
			{Name: "choose", As: auth.CenterStaff, Method: "POST", URL: "/lectures/" + id + "/lecturer", Form: url.Values{"number": {"A2001"}}, Want: http.StatusSeeOther},
			{Name: "refuse", As: auth.Supervisor, Method: "POST", URL: "/lectures/" + id + "/agreement", Form: url.Values{"answer": {"refuse"}}, Want: http.StatusSeeOther},
			{Name: "still coordinating", As: auth.CenterStaff, URL: "/lectures/" + id, Want: 200, Body: []string{"調整中", "所属長不同意", "講師の候補"}},
			{Name: "another lecturer", As: auth.CenterStaff, Method: "POST", URL: "/lectures/" + id + "/lecturer", Form: url.Values{"number": {"A2002"}}, Want: http.StatusSeeOther},
			{Name: "the center agrees for them", As: auth.CenterAdmin, Method: "POST", URL: "/lectures/" + id + "/agreement", Form: url.Values{"answer": {"agree"}}, Want: http.StatusSeeOther},
			{Name: "back to coordination", As: auth.CenterStaff, Method: "POST", URL: "/lectures/" + id + "/state", Form: url.Values{"from": {"lecturer_set"}, "to": {"coordinating"}}, Want: http.StatusSeeOther},
			{Name: "stale form", As: auth.CenterStaff, Method: "POST", URL: "/lectures/" + id + "/state", Form: url.Values{"from": {"lecturer_set"}, "to": {"approved"}}, Want: http.StatusConflict, Body: []string{"ほかの担当者が先に"}},
		})
		if got := stateOf(t, f, r.ID); got != dispatch.Coordinating {
			t.Fatalf("state %s", got)
		}
		// The requester was told each move, by a mail tied to the submission.
		if n := f.Count(t, `SELECT COUNT(*) FROM public_mails m JOIN mail_queue q ON q.id = m.mail_id WHERE m.submission_id = $1 AND q.subject LIKE '%講師派遣%'`, r.SubmissionID); n < 2 {
			t.Fatalf("%d mails to the requester", n)
		}
	})
}

// after runs scenarios with sessions made at the server's clock now (the
// fixture's shared sessions expire when a test moves the clock ahead).
func after(t *testing.T, f *webtest.Fixture, cases []webtest.Scenario) {
	t.Helper()
	sessions := map[auth.Role]string{}
	for _, c := range cases {
		if sessions[c.As] == "" {
			sessions[c.As] = f.NewSession(t, webtest.LoginOf(c.As), webtest.Password)
		}
		r := httptest.NewRequest(http.MethodGet, c.URL, nil)
		if c.Method == "POST" {
			r = webtest.FormRequest(c.URL, c.Form)
		}
		w := f.Do(r, webtest.Cred{Session: sessions[c.As]})
		if w.Code != c.Want {
			t.Fatalf("%s: %s %s: %d, want %d\n%.600s", c.Name, c.Method, c.URL, w.Code, c.Want, w.Body.String())
		}
		for _, b := range c.Body {
			if !strings.Contains(w.Body.String(), b) {
				t.Fatalf("%s: %s lacks %q", c.Name, c.URL, b)
			}
		}
	}
}
