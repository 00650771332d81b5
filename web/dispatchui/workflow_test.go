package dispatchui_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"hagukumi/auth"
	"hagukumi/dispatch"
	"hagukumi/web/webtest"
)

// TestLectureConcurrentMoves: two center staff move the same request at
// once; it ends in one state, one move wins (200) and the other is refused
// (409), and the audit log has one move. The rounds try two final states
// at once, the same move twice, and two moves each from the state its
// sender saw.
func TestLectureConcurrentMoves(t *testing.T) {
	webtest.ForEach(t, func(t *testing.T, f *webtest.Fixture) {
		f.Srv.SetClock(func() time.Time { return june })
		topic := addTopic(t, f, "地震に備える家庭の防災")
		rounds := [][2]string{
			{`{"to":"withdrawn"}`, `{"to":"declined","reason":"purpose"}`},
			{`{"to":"coordinating"}`, `{"to":"coordinating"}`},
			{`{"from":"received","to":"coordinating"}`, `{"from":"received","to":"declined","reason":"日程調整不可"}`},
		}
		for round, bodies := range rounds {
			r, _ := storeRequest(t, f, topic, fmt.Sprintf("駿河台自治会 %d", round))
			codes := make([]int, len(bodies))
			var wg sync.WaitGroup
			start := make(chan struct{})
			for i, b := range bodies {
				wg.Add(1)
				go func(i int, b string) {
					defer wg.Done()
					<-start
					codes[i] = move(t, f, r.ID, b).Code
				}(i, b)
			}
			close(start)
			wg.Wait()
			ok, refused := 0, 0
			for _, c := range codes {
				switch c {
				case http.StatusOK:
					ok++
				case http.StatusConflict:
					refused++
				}
			}
			if ok != 1 || refused != 1 {
				t.Fatalf("round %d: statuses %v, want one 200 and one 409", round, codes)
			}
			winner := bodies[0]
			if codes[1] == http.StatusOK {
				winner = bodies[1]
			}
			want := ""
			for _, s := range dispatch.States {
				if strings.Contains(winner, `"to":"`+s+`"`) {
					want = s
				}
			}
			if got := stateOf(t, f, r.ID); got != want {
				t.Fatalf("round %d: state %s, want %s (statuses %v)", round, got, want, codes)
			}
			if n := f.Count(t, `SELECT COUNT(*) FROM audit_log WHERE entity = 'lecture_request' AND action = 'move' AND entity_id = $1`, fmt.Sprint(r.ID)); n != 1 {
				t.Fatalf("round %d: %d moves audited, want 1", round, n)
			}
		}
	})
}

// TestLectureRefusedMoves: a move the workflow does not allow answers 409
// and changes nothing, from the API and from the page.
func TestLectureRefusedMoves(t *testing.T) {
	webtest.ForEach(t, func(t *testing.T, f *webtest.Fixture) {
		f.Srv.SetClock(func() time.Time { return june })
		topic := addTopic(t, f, "市の財政のしくみ")
		r, _ := storeRequest(t, f, topic, "富士見町町内会")
		before := f.Count(t, `SELECT COUNT(*) FROM audit_log`)
		for _, body := range []string{`{"to":"approved"}`, `{"to":"reported"}`, `{"to":"lecturer_set"}`, `{"to":"received"}`} {
			if w := move(t, f, r.ID, body); w.Code != http.StatusConflict {
				t.Fatalf("%s: %d %s", body, w.Code, w.Body.String())
			}
		}
		if w := move(t, f, r.ID, `{"to":"done"}`); w.Code != http.StatusBadRequest {
			t.Fatalf("unknown state: %d", w.Code)
		}
		if w := move(t, f, r.ID, `{"to":"declined"}`); w.Code != http.StatusBadRequest {
			t.Fatalf("decline without a reason: %d", w.Code)
		}
		if w := move(t, f, 999999, `{"to":"coordinating"}`); w.Code != http.StatusNotFound {
			t.Fatalf("unknown request: %d", w.Code)
		}
		if got := stateOf(t, f, r.ID); got != dispatch.Received || f.Count(t, `SELECT COUNT(*) FROM audit_log`) != before {
			t.Fatalf("a refused move changed something: state %s", got)
		}
		w := f.Post(fmt.Sprintf("/lectures/%d/state", r.ID), url.Values{"to": {"approved"}}, f.Cookie(t, webtest.LoginOf(auth.CenterStaff)))
		if w.Code != http.StatusConflict || !strings.Contains(w.Body.String(), "「受付」の依頼は「承認」にできません。") {
			t.Fatalf("page move: %d", w.Code)
		}
		// Declined with その他 and its text, then nothing more moves.
		if w := move(t, f, r.ID, `{"to":"declined","reason":"会場が市外のため"}`); w.Code != http.StatusOK || !strings.Contains(w.Body.String(), `"decline_reason":"other"`) {
			t.Fatalf("decline: %d %s", w.Code, w.Body.String())
		}
		for _, to := range dispatch.States {
			if w := move(t, f, r.ID, `{"to":"`+to+`"}`); w.Code != http.StatusConflict {
				t.Fatalf("from declined to %s: %d", to, w.Code)
			}
		}
	})
}

// TestLectureTopicsScope: a liaison manages their own department's topics
// only; the center copies last year's menu.
func TestLectureTopicsScope(t *testing.T) {
	webtest.ForEach(t, func(t *testing.T, f *webtest.Fixture) {
		f.Srv.SetClock(func() time.Time { return june })
		webtest.Run(t, f, []webtest.Scenario{
			{Name: "liaison, own department", As: auth.Liaison, Method: "POST", URL: "/lectures/topics", Form: url.Values{"fy": {"2025"}, "title": {"窓口の話"}, "unit": {"市民文化部/市民課"}, "minutes": {"60"}, "format": {"対面"}, "published": {"on"}}, Want: http.StatusSeeOther},
			{Name: "liaison, another department", As: auth.Liaison, Method: "POST", URL: "/lectures/topics", Form: url.Values{"fy": {"2025"}, "title": {"人事の話"}, "unit": {"総務部"}, "minutes": {"60"}, "format": {"対面"}}, Want: http.StatusBadRequest, Body: []string{"自分の部署のテーマだけを登録できます。"}},
			{Name: "liaison sees own", As: auth.Liaison, URL: "/lectures/topics", Form: url.Values{"fy": {"2025"}}, Want: http.StatusOK, Body: []string{"窓口の話"}},
			{Name: "center adds another department's", As: auth.CenterStaff, Method: "POST", URL: "/lectures/topics", Form: url.Values{"fy": {"2025"}, "title": {"人事の話"}, "unit": {"総務部"}, "minutes": {"60"}, "format": {"対面"}, "speakers": {"A1001"}}, Want: http.StatusSeeOther},
			{Name: "liaison does not see it", As: auth.Liaison, URL: "/lectures/topics", Form: url.Values{"fy": {"2025"}}, Want: http.StatusOK, NotBody: []string{"人事の話"}},
			{Name: "unknown speaker", As: auth.CenterStaff, Method: "POST", URL: "/lectures/topics", Form: url.Values{"fy": {"2025"}, "title": {"x"}, "unit": {"総務部"}, "minutes": {"60"}, "format": {"対面"}, "speakers": {"Z999"}}, Want: http.StatusBadRequest, Body: []string{"職員番号 Z999 の職員が見つかりません。"}},
			{Name: "copy", As: auth.CenterStaff, Method: "POST", URL: "/lectures/topics/copy", Form: url.Values{"fy": {"2026"}}, Want: http.StatusSeeOther},
			{Name: "copied unpublished", As: auth.CenterStaff, URL: "/lectures/topics", Form: url.Values{"fy": {"2026"}}, Want: http.StatusOK, Body: []string{"窓口の話", "人事の話", "A1001", "非公開"}},
			{Name: "copy twice", As: auth.CenterStaff, Method: "POST", URL: "/lectures/topics/copy", Form: url.Values{"fy": {"2026"}}, Want: http.StatusConflict, Body: []string{"もう登録されています"}},
			{Name: "settings", As: auth.CenterAdmin, Method: "POST", URL: "/lectures/settings", Form: url.Values{"lead_days": {"21"}, "min_audience": {"5"}, "retention_days": {"365"}}, Want: http.StatusSeeOther},
			{Name: "bad settings", As: auth.CenterAdmin, Method: "POST", URL: "/lectures/settings", Form: url.Values{"lead_days": {"-1"}, "min_audience": {"5"}, "retention_days": {"365"}}, Want: http.StatusBadRequest, Body: []string{"申込期限は0〜180日"}},
		})
	})
}
