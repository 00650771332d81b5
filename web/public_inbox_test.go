package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"testing"

	"hagukumi/web/webtest"
)

// TestPublicInboxAnswersASubmission: the center moves a queued submission
// into the inbox, assigns it, notes and replies by mail; every action is
// audited under the submission's id without the sender's data, and the
// sender sees the new state on the private link.
func TestPublicInboxAnswersASubmission(t *testing.T) {
	webtest.ForEach(t, func(t *testing.T, f *webtest.Fixture) {
		wait := publicClock(f)
		form := contactForm(t, f, f.H, wait, url.Values{"name": {"藤枝 一郎"}, "email": {"ichiro@example.jp"}, "message": {"講師派遣をお願いできますか"}})
		w := postFrom(f.H, "198.51.100.20", "/public/contact", form)
		if w.Code != http.StatusSeeOther {
			t.Fatal(w.Code)
		}
		track := w.Header().Get("Location")
		var id int64
		if err := f.D.R.QueryRow(`SELECT id FROM public_submissions`).Scan(&id); err != nil {
			t.Fatal(err)
		}
		staffUser := f.User(t, "a_center_staff")
		base := fmt.Sprintf("/public-inbox/%d", id)
		c := f.Cookie(t, "a_center_staff")
		webtest.Run(t, f, []webtest.Scenario{
			{Name: "queue lists it", As: "center_staff", URL: "/public-inbox?queue=true", Want: 200, Body: []string{base}},
			{Name: "detail", As: "center_staff", URL: base, Want: 200, Body: []string{"講師派遣をお願いできますか", "受付一覧に移す"}},
			{Name: "liaison refused", As: "liaison", URL: base, Want: 403},
			{Name: "other city cannot see it", As: "center_staff", URL: "/public-inbox/999999", Want: 404},
		})
		for _, step := range []struct {
			path string
			form url.Values
		}{
			{"/release", nil},
			{"/assign", url.Values{"user_id": {fmt.Sprint(staffUser.ID)}}},
			{"/state", url.Values{"state": {"working"}}},
			{"/notes", url.Values{"body": {"人事課に確認中"}}},
			{"/reply", url.Values{"body": {"お引き受けします。日程をご相談させてください。"}}},
		} {
			if w := f.Post(base+step.path, step.form, c); w.Code != http.StatusSeeOther {
				t.Fatalf("%s: %d %s", step.path, w.Code, w.Body.String())
			}
		}
		if n := f.Count(t, `SELECT COUNT(*) FROM public_submissions WHERE id = $1 AND NOT queued AND state = 'answered' AND assignee_user_id = $2`, id, staffUser.ID); n != 1 {
			t.Error("the submission was not released, assigned and answered")
		}
		if n := f.Count(t, `SELECT COUNT(*) FROM mail_queue WHERE to_addr = 'ichiro@example.jp' AND body LIKE '%お引き受けします%'`); n != 1 {
			t.Error("the reply is not queued as a mail")
		}
		if n := f.Count(t, `SELECT COUNT(*) FROM audit_log WHERE entity = 'public_submission' AND entity_id = $1`, fmt.Sprint(id)); n != 6 {
			t.Errorf("%d audit entries, want 6 (submit, release, assign, state, note, reply)", n)
		}
		if n := f.Count(t, `SELECT COUNT(*) FROM audit_log WHERE detail LIKE '%藤枝 一郎%' OR detail LIKE '%ichiro@%' OR detail LIKE '%講師派遣%'`); n != 0 {
			t.Errorf("%d audit entries hold the sender's data", n)
		}
		webtest.Run(t, f, []webtest.Scenario{
			{Name: "sender sees it answered", URL: track, Want: 200, Body: []string{"対応終了"}, NotBody: []string{"取り下げる"}},
			{Name: "api", As: "center_admin", URL: "/api/v1/public-submissions", Want: 200, Body: []string{`"state":"answered"`}},
		})
	})
}
