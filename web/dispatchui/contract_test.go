package dispatchui_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"hagukumi/auth"
	"hagukumi/web/webtest"
)

// send posts the public request form anonymously from a client address.
func send(f *webtest.Fixture, form url.Values, addr string) *httptest.ResponseRecorder {
	r := webtest.FormRequest("/public/lectures/request", form)
	r.RemoteAddr = addr + ":40000"
	w := httptest.NewRecorder()
	f.H.ServeHTTP(w, r)
	return w
}

// TestLectureContract: the contract of issue 14 on both engines. The form
// with the contract's fields alone (no time stamp, no proof of work) is
// accepted (it waits for review) and answers 303 to the private link,
// which shows 受付; a date fewer than 14 days ahead, a small audience or no
// purpose declaration answer 422 and store nothing; the list, the
// candidates and the state API answer as the contract says; the requester
// withdraws by the private link.
func TestLectureContract(t *testing.T) {
	webtest.ForEach(t, func(t *testing.T, f *webtest.Fixture) {
		f.Srv.SetClock(func() time.Time { return june })
		topic := addTopic(t, f, "地震に備える家庭の防災")
		base := url.Values{"organisation": {"駿河台自治会"}, "contact_name": {"望月 陽菜"}, "email": {"hina@example.jp"}, "topic": {itoa(topic)},
			"date1": {"2026-06-15"}, "audience_size": {"30"}, "purpose_ok": {"on"}}
		with := func(k, v string) url.Values {
			out := url.Values{}
			for key, vs := range base {
				out[key] = vs
			}
			if v == "" {
				out.Del(k)
			} else {
				out.Set(k, v)
			}
			return out
		}
		count := func() int {
			return f.Count(t, `SELECT COUNT(*) FROM dispatch_requests`) + f.Count(t, `SELECT COUNT(*) FROM public_submissions`)
		}
		for _, c := range []struct {
			name string
			form url.Values
			want string
		}{
			{"13 days ahead", with("date1", "2026-06-14"), "14日以上先"},
			{"in the past", with("date1", "2026-05-01"), "14日以上先"},
			{"small audience", with("audience_size", "9"), "10人以上"},
			{"no purpose declaration", with("purpose_ok", ""), "政治・宗教・営利"},
			{"no organisation", with("organisation", ""), "団体名"},
			{"no topic", with("topic", ""), "テーマ"},
		} {
			before := count()
			w := send(f, c.form, "192.0.2.10")
			if w.Code != http.StatusUnprocessableEntity || !strings.Contains(w.Body.String(), c.want) {
				t.Fatalf("%s: %d, want 422 with %q:\n%.800s", c.name, w.Code, c.want, w.Body.String())
			}
			if count() != before {
				t.Fatalf("%s: a refused request stored something", c.name)
			}
		}
		// Exactly 14 days ahead, the contract's fields only.
		w := send(f, base, "192.0.2.11")
		loc := w.Header().Get("Location")
		if w.Code != http.StatusSeeOther || !strings.HasPrefix(loc, "/public/track/") {
			t.Fatalf("send: %d %q %.600s", w.Code, loc, w.Body.String())
		}
		token := strings.TrimPrefix(loc, "/public/track/")
		page := httptest.NewRecorder()
		f.H.ServeHTTP(page, httptest.NewRequest(http.MethodGet, loc, nil))
		if page.Code != 200 || !strings.Contains(page.Body.String(), "受付") || !strings.Contains(page.Body.String(), "駿河台自治会") {
			t.Fatalf("track: %d %.800s", page.Code, page.Body.String())
		}
		// The private link was mailed to the requester, tied to the submission.
		if n := f.Count(t, `SELECT COUNT(*) FROM mail_queue q JOIN public_mails m ON m.mail_id = q.id WHERE q.to_addr = $1 AND q.body LIKE $2`, "hina@example.jp", "%"+token+"%"); n != 1 {
			t.Fatalf("%d mails with the private link", n)
		}
		// A free topic.
		free := with("topic", "")
		free.Set("topic_text", "自治会の会計")
		if w := send(f, free, "192.0.2.12"); w.Code != http.StatusSeeOther {
			t.Fatalf("free topic: %d %.600s", w.Code, w.Body.String())
		}
		list := listed(t, f, "2026")
		if len(list) != 2 {
			t.Fatalf("list: %v", list)
		}
		var id float64
		for _, r := range list {
			for _, k := range []string{"id", "state", "organisation", "topic", "created_at"} {
				if _, ok := r[k]; !ok {
					t.Fatalf("a listed request lacks %s: %v", k, r)
				}
			}
			if r["state"] != "received" || r["queued"] != true {
				// Sent without the time stamp and the proof of work: accepted,
				// and marked for the center's review.
				t.Fatalf("state %v, queued %v", r["state"], r["queued"])
			}
			if r["topic"] == "地震に備える家庭の防災" {
				id = r["id"].(float64)
			}
		}
		if id == 0 || len(listed(t, f, "2025")) != 0 {
			t.Fatalf("the menu topic's request is not listed: %v", list)
		}
		rid := int64(id)
		w = f.Get("/api/v1/lecture-requests/"+itoa(rid)+"/candidates", f.Bearer(t, webtest.LoginOf(auth.CenterStaff)))
		if w.Code != 200 || !strings.Contains(w.Body.String(), `"number":"A2002"`) || !strings.Contains(w.Body.String(), `"name":"佐藤 三郎"`) {
			t.Fatalf("candidates: %d %s", w.Code, w.Body.String())
		}
		for _, role := range []auth.Role{auth.Liaison, auth.Supervisor, auth.Staff, auth.Instructor} {
			if w := f.Get("/api/v1/lecture-requests?fy=2026", f.Bearer(t, webtest.LoginOf(role))); w.Code != http.StatusForbidden {
				t.Fatalf("list as %s: %d", role, w.Code)
			}
		}
		if w := move(t, f, rid, `{"to":"approved","reason":""}`); w.Code != http.StatusConflict || stateOf(t, f, rid) != "received" {
			t.Fatalf("disallowed move: %d", w.Code)
		}
		if w := move(t, f, rid, `{"to":"coordinating","reason":""}`); w.Code != http.StatusOK {
			t.Fatalf("allowed move: %d %s", w.Code, w.Body.String())
		}
		page = httptest.NewRecorder()
		f.H.ServeHTTP(page, httptest.NewRequest(http.MethodGet, loc, nil))
		if !strings.Contains(page.Body.String(), "調整中") {
			t.Fatalf("track after the move: %.600s", page.Body.String())
		}
		// The requester withdraws; nothing moves it afterwards.
		w = httptest.NewRecorder()
		f.H.ServeHTTP(w, webtest.FormRequest(loc+"/withdraw", nil))
		if w.Code != http.StatusSeeOther || stateOf(t, f, rid) != "withdrawn" {
			t.Fatalf("withdraw: %d %s", w.Code, stateOf(t, f, rid))
		}
		if w := move(t, f, rid, `{"to":"coordinating"}`); w.Code != http.StatusConflict {
			t.Fatalf("move after withdrawal: %d", w.Code)
		}
		// Feedback only after the lecture; the notice only once decided.
		w = httptest.NewRecorder()
		f.H.ServeHTTP(w, webtest.FormRequest(loc+"/lecture-feedback", url.Values{"satisfaction": {"5"}}))
		if w.Code != http.StatusConflict {
			t.Fatalf("feedback before the lecture: %d", w.Code)
		}
		w = httptest.NewRecorder()
		f.H.ServeHTTP(w, httptest.NewRequest(http.MethodGet, loc+"/notice", nil))
		if w.Code != http.StatusNotFound {
			t.Fatalf("notice of a withdrawn request: %d", w.Code)
		}
		// Another kind's link is not a lecture request's.
		w = httptest.NewRecorder()
		f.H.ServeHTTP(w, webtest.FormRequest("/public/track/nosuchtoken/withdraw", nil))
		if w.Code != http.StatusNotFound {
			t.Fatalf("unknown link: %d", w.Code)
		}
	})
}

// TestLectureFeedbackOnce: after the lecture the requester answers the
// feedback by the private link, once.
func TestLectureFeedbackOnce(t *testing.T) {
	webtest.ForEach(t, func(t *testing.T, f *webtest.Fixture) {
		f.Srv.SetClock(func() time.Time { return june })
		topic := addTopic(t, f, "市の財政のしくみ")
		r, token := storeRequest(t, f, topic, "市立東中学校")
		if _, err := f.D.W.Exec(`UPDATE dispatch_requests SET state = 'reported', delivered_on = '2026-05-30', hours = 1, attendees = 40 WHERE id = $1`, r.ID); err != nil {
			t.Fatal(err)
		}
		post := func(form url.Values) int {
			w := httptest.NewRecorder()
			f.H.ServeHTTP(w, webtest.FormRequest("/public/track/"+token+"/lecture-feedback", form))
			return w.Code
		}
		if c := post(url.Values{"satisfaction": {"9"}}); c != http.StatusBadRequest {
			t.Fatalf("satisfaction 9: %d", c)
		}
		if c := post(url.Values{"satisfaction": {"4"}, "comment": {"ためになりました"}}); c != http.StatusSeeOther {
			t.Fatalf("feedback: %d", c)
		}
		if c := post(url.Values{"satisfaction": {"1"}}); c != http.StatusConflict {
			t.Fatalf("feedback twice: %d", c)
		}
		w := f.Get("/api/v1/lecture-figures?fy=2026", f.Bearer(t, webtest.LoginOf(auth.CenterStaff)))
		if !strings.Contains(w.Body.String(), `"satisfaction_average":4`) {
			t.Fatalf("figures: %s", w.Body.String())
		}
	})
}
