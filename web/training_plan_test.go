package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"hagukumi/audit"
	"hagukumi/auth"
	"hagukumi/training"
)

// planEnv is the shared fixture with the catalog and a clock on 1 May 2030,
// 10:00 in Japan (fiscal year 2030), so sessions in June lie ahead.
type planEnv struct {
	f *fixture
}

func newPlanEnv(t *testing.T, f *fixture) *planEnv {
	t.Helper()
	ctx := context.Background()
	for _, m := range []int64{f.A.ID, f.B.ID} {
		if err := f.Srv.Train.EnsureCatalog(ctx, m); err != nil {
			t.Fatal(err)
		}
	}
	now := time.Date(2030, 5, 1, 1, 0, 0, 0, time.UTC)
	f.Srv.SetClock(func() time.Time { return now })
	// API tokens expire (90 days): the fixture's were made at today's date,
	// so the accounts get new ones made at the moved clock.
	f.RenewTokens(t)
	return &planEnv{f: f}
}

func (e *planEnv) as(t *testing.T, login string) cred { return e.f.asBearer(t, login) }

func (e *planEnv) programID(t *testing.T, code string) int64 {
	t.Helper()
	p, err := e.f.Srv.Train.ProgramByCode(context.Background(), e.f.A.ID, code)
	if err != nil {
		t.Fatal(err)
	}
	return p.ID
}

var sessionLocation = regexp.MustCompile(`^/sessions/(\d+)$`)

// createSession posts the session form as the center and returns the id.
func (e *planEnv) createSession(t *testing.T, code, title, venue string, capacity int, day, start, end, instructor string) int64 {
	t.Helper()
	form := url.Values{"program": {fmt.Sprint(e.programID(t, code))}, "fy": {"2030"}, "title": {title}, "venue": {venue},
		"capacity": {fmt.Sprint(capacity)}, "day0_date": {day}, "day0_start": {start}, "day0_end": {end}, "ins0_number": {instructor}}
	w := e.f.post("/sessions", form, e.as(t, "a_center_staff"))
	expectStatus(t, w, http.StatusSeeOther)
	m := sessionLocation.FindStringSubmatch(w.Header().Get("Location"))
	if m == nil {
		t.Fatalf("redirect to %q", w.Header().Get("Location"))
	}
	var id int64
	fmt.Sscan(m[1], &id)
	return id
}

func (e *planEnv) status(t *testing.T, sessionID int64, number string) string {
	t.Helper()
	var st string
	err := e.f.D.R.QueryRow(`SELECT e.status FROM enrolments e JOIN staff s ON s.id = e.staff_id WHERE e.session_id = $1 AND s.number = $2`, sessionID, number).Scan(&st)
	if err != nil {
		return ""
	}
	return st
}

func (e *planEnv) enrolmentID(t *testing.T, sessionID int64, number string) int64 {
	t.Helper()
	var id int64
	if err := e.f.D.R.QueryRow(`SELECT e.id FROM enrolments e JOIN staff s ON s.id = e.staff_id WHERE e.session_id = $1 AND s.number = $2`,
		sessionID, number).Scan(&id); err != nil {
		t.Fatalf("%s on session %d: %v", number, sessionID, err)
	}
	return id
}

func (e *planEnv) postJSON(path string, body any, c cred) *httptest.ResponseRecorder {
	b, _ := json.Marshal(body)
	r := httptest.NewRequest(http.MethodPost, path, bytes.NewReader(b))
	r.Header.Set("Content-Type", "application/json")
	return e.f.do(r, c)
}

func (e *planEnv) publish(t *testing.T) {
	t.Helper()
	expectStatus(t, e.f.post("/plan/publish?fy=2030", url.Values{"action": {"publish"}}, e.as(t, "a_center_admin")), http.StatusSeeOther)
}

func TestPlanAndEnrolmentPages(t *testing.T) {
	t.Parallel()
	forEachFixture(t, func(t *testing.T, f *fixture) {
		e := newPlanEnv(t, f)
		center := e.as(t, "a_center_admin")

		// The center builds the plan; a clash on the same room is flagged.
		s1 := e.createSession(t, "NEW_HIRE", "第1回", "本庁舎 大会議室", 1, "2030-06-11", "09:00", "17:00", "A2002")
		s2 := e.createSession(t, "NEW_HIRE", "第2回", "本庁舎大会議室", 0, "2030-06-11", "13:00", "15:00", "")
		w := f.get("/plan?fy=2030", center)
		expectStatus(t, w, http.StatusOK)
		expectBody(t, w, "令和12年度 研修計画", "新規採用職員研修", "令和12年6月11日（火） 9:00〜17:00", "会場「本庁舎 大会議室」が", "計画を公開する")
		w = f.post("/sessions", url.Values{"program": {fmt.Sprint(e.programID(t, "NEW_HIRE"))}, "fy": {"2030"},
			"day0_date": {"2030-06-12"}, "day0_start": {"17:00"}, "day0_end": {"09:00"}}, center)
		expectStatus(t, w, http.StatusBadRequest)
		expectBody(t, w, "開始・終了時刻を正しく入力してください", `value="2030-06-12"`)
		w = f.get(fmt.Sprintf("/sessions/%d/edit", s1), center)
		expectStatus(t, w, http.StatusOK)
		expectBody(t, w, `value="A2002"`, `value="本庁舎 大会議室"`)

		// A draft plan is the center's: staff see neither it nor its sessions.
		w = f.get("/plan?fy=2030", e.as(t, "a_staff"))
		expectStatus(t, w, http.StatusOK)
		expectBody(t, w, "まだ公開されていません")
		expectNotInBody(t, w, "第1回")
		expectStatus(t, f.get(fmt.Sprintf("/sessions/%d", s1), e.as(t, "a_staff")), http.StatusNotFound)
		expectStatus(t, f.post("/plan/publish?fy=2030", url.Values{"action": {"publish"}}, e.as(t, "a_liaison")), http.StatusForbidden)
		e.publish(t)
		w = f.get("/plan?fy=2030", e.as(t, "a_staff"))
		expectBody(t, w, "第1回", "公開済み")
		expectNotInBody(t, w, "会場「本庁舎 大会議室」が") // clashes are the center's concern

		// Print and export.
		w = f.get("/plan/print?fy=2030", e.as(t, "a_staff"))
		expectStatus(t, w, http.StatusOK)
		expectBody(t, w, "令和12年度 研修計画", "plan-print")
		w = f.get("/plan/export?fy=2030", center)
		expectStatus(t, w, http.StatusOK)
		if body := w.Body.String(); !strings.HasPrefix(body, "\uFEFF年度,研修コード") || !strings.Contains(body, "NEW_HIRE") || !strings.Contains(body, "会場「本庁舎 大会議室」") {
			t.Fatalf("csv export:\n%s", body)
		}
		w = f.get("/plan/export?fy=2030&format=xlsx", center)
		if w.Code != http.StatusOK || !strings.HasPrefix(w.Body.String(), "PK") {
			t.Fatalf("xlsx export: %d", w.Code)
		}
		expectStatus(t, f.get("/plan/export?fy=2030", e.as(t, "a_staff")), http.StatusForbidden)

		// 指名 by number: one seat, then the waitlist.
		w = f.post(fmt.Sprintf("/sessions/%d/nominate", s1), url.Values{"numbers": {"A2001\nA1001 B1001"}}, center)
		expectRedirect(t, w, fmt.Sprintf("/sessions/%d", s1))
		if e.status(t, s1, "A2001") != "enrolled" || e.status(t, s1, "A1001") != "waitlisted" {
			t.Fatalf("nomination: %s %s", e.status(t, s1, "A2001"), e.status(t, s1, "A1001"))
		}
		if n := f.count(t, `SELECT COUNT(*) FROM enrolments e JOIN staff s ON s.id = e.staff_id WHERE s.number = 'B1001'`); n != 0 {
			t.Fatal("a number of another municipality was enrolled")
		}
		expectStatus(t, f.post(fmt.Sprintf("/sessions/%d/nominate", s1), url.Values{"numbers": {"A1002"}}, e.as(t, "a_liaison")), http.StatusForbidden)

		// Who sees which roster.
		page := fmt.Sprintf("/sessions/%d", s1)
		w = f.get(page, center)
		expectBody(t, w, "鈴木 次郎", "髙橋 一樹", "キャンセル待ち（1番目）", "確認が必要な点")
		w = f.get(page, e.as(t, "a_liaison"))
		expectBody(t, w, "鈴木 次郎", "市民文化部の職員のみ")
		expectNotInBody(t, w, "髙橋 一樹")
		w = f.get(page, e.as(t, "a_supervisor"))
		expectNotInBody(t, w, "髙橋 一樹")
		w = f.get(page, e.as(t, "a_staff"))
		expectBody(t, w, "あなたの受講", "受講決定")
		expectNotInBody(t, w, "髙橋 一樹")
		w = f.get(page, e.as(t, "a_instructor")) // A2002 teaches it
		expectBody(t, w, "担当する開催回", "髙橋 一樹", "鈴木 次郎")
		w = f.get(fmt.Sprintf("/sessions/%d", s2), e.as(t, "a_instructor"))
		expectNotInBody(t, w, "担当する開催回")
		expectStatus(t, f.get(page, e.as(t, "b_center_admin")), http.StatusNotFound)
		expectStatus(t, f.get("/sessions/abc", center), http.StatusNotFound)

		// The session's calendar file.
		w = f.get(page+".ics", e.as(t, "a_staff"))
		expectStatus(t, w, http.StatusOK)
		if ct := w.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/calendar") || !strings.Contains(w.Body.String(), "DTSTART;TZID=Asia/Tokyo:20300611T090000\r\n") {
			t.Fatalf("ics %q %q", ct, w.Body.String())
		}
		expectStatus(t, f.get(page+".ics", e.as(t, "b_staff")), http.StatusNotFound)

		// Cancelling: another department's enrolment is not found; the
		// liaison's own cancels with a reason and the waitlist moves up.
		other := e.enrolmentID(t, s1, "A1001")
		mine := e.enrolmentID(t, s1, "A2001")
		expectStatus(t, f.post(fmt.Sprintf("/enrolments/%d/cancel", other), url.Values{"reason": {"業務"}}, e.as(t, "a_liaison")), http.StatusNotFound)
		expectStatus(t, f.post(fmt.Sprintf("/enrolments/%d/cancel", mine), url.Values{"reason": {""}}, e.as(t, "a_liaison")), http.StatusBadRequest)
		expectStatus(t, f.post(fmt.Sprintf("/enrolments/%d/cancel", mine), url.Values{"reason": {"業務"}}, e.as(t, "b_liaison")), http.StatusNotFound)
		w = f.post(fmt.Sprintf("/enrolments/%d/cancel", mine), url.Values{"reason": {"窓口繁忙のため"}}, e.as(t, "a_liaison"))
		expectRedirect(t, w, page)
		if e.status(t, s1, "A2001") != "cancelled" || e.status(t, s1, "A1001") != "enrolled" {
			t.Fatalf("after cancel: %s %s", e.status(t, s1, "A2001"), e.status(t, s1, "A1001"))
		}

		// Move: the center moves A1001 to the second session.
		expectStatus(t, f.post(fmt.Sprintf("/enrolments/%d/move", other), url.Values{"to": {fmt.Sprint(s2)}}, e.as(t, "a_liaison")), http.StatusForbidden)
		expectRedirect(t, f.post(fmt.Sprintf("/enrolments/%d/move", other), url.Values{"to": {fmt.Sprint(s2)}}, center), fmt.Sprintf("/sessions/%d", s2))
		if e.status(t, s1, "A1001") != "moved" || e.status(t, s2, "A1001") != "enrolled" {
			t.Fatal("move failed")
		}

		// Raising the capacity through the form fills from the waitlist at once.
		expectRedirect(t, f.post(fmt.Sprintf("/sessions/%d/nominate", s1), url.Values{"numbers": {"A1002"}}, center), fmt.Sprintf("/sessions/%d", s1))
		expectRedirect(t, f.post(fmt.Sprintf("/sessions/%d/nominate", s1), url.Values{"numbers": {"A2002"}}, center), fmt.Sprintf("/sessions/%d", s1))
		if e.status(t, s1, "A2002") != "waitlisted" {
			t.Fatalf("A2002: %s", e.status(t, s1, "A2002"))
		}
		edit := url.Values{"program": {fmt.Sprint(e.programID(t, "NEW_HIRE"))}, "fy": {"2030"}, "title": {"第1回"}, "venue": {"本庁舎 大会議室"},
			"capacity": {"２"}, "day0_date": {"令和12年6月11日"}, "day0_start": {"9:00"}, "day0_end": {"１７：００"}, "ins0_number": {"A2002"}, "status": {"planned"}}
		expectRedirect(t, f.post(fmt.Sprintf("/sessions/%d", s1), edit, center), fmt.Sprintf("/sessions/%d", s1))
		if e.status(t, s1, "A2002") != "enrolled" {
			t.Fatalf("not promoted after the capacity rise: %s", e.status(t, s1, "A2002"))
		}
		// Notices of the staff member, with unread marking.
		w = f.get("/notifications", e.as(t, "a_staff"))
		expectStatus(t, w, http.StatusOK)
		expectBody(t, w, "【受講決定通知】新規採用職員研修", "【受講取消のお知らせ】", "理由：窓口繁忙のため", "未読 2件")
		expectRedirect(t, f.post("/notifications/read", nil, e.as(t, "a_staff")), "/notifications")
		expectNotInBody(t, f.get("/notifications", e.as(t, "a_staff")), "未読 ")
		var foreign int64
		f.D.R.QueryRow(`SELECT n.id FROM notifications n JOIN staff s ON s.id = n.staff_id WHERE s.number = 'A1001' LIMIT 1`).Scan(&foreign)
		expectStatus(t, f.post("/notifications/read", url.Values{"id": {fmt.Sprint(foreign)}}, e.as(t, "a_staff")), http.StatusNotFound)

		// JSON API.
		var list struct {
			FY    int `json:"fy"`
			Items []struct {
				ID      int64 `json:"id"`
				Clashes []any `json:"clashes"`
			} `json:"items"`
		}
		w = f.get("/api/v1/sessions?fy=2030", e.as(t, "a_staff"))
		decodeJSON(t, w, &list)
		if list.FY != 2030 || len(list.Items) != 2 || len(list.Items[0].Clashes) != 0 {
			t.Fatalf("api sessions %+v", list)
		}
		w = f.get("/api/v1/sessions?fy=2030", center)
		decodeJSON(t, w, &list)
		if len(list.Items[0].Clashes) == 0 {
			t.Fatal("the center gets no clashes from the API")
		}
		var one struct {
			Session struct {
				ID       int64 `json:"id"`
				Enrolled int   `json:"enrolled"`
			} `json:"session"`
			Roster []struct {
				Number string `json:"number"`
			} `json:"roster"`
		}
		decodeJSON(t, f.get(fmt.Sprintf("/api/v1/sessions/%d", s2), e.as(t, "a_liaison")), &one)
		if one.Session.ID != s2 || len(one.Roster) != 0 {
			t.Fatalf("liaison sees %+v", one)
		}
		decodeJSON(t, f.get(fmt.Sprintf("/api/v1/sessions/%d", s2), center), &one)
		if len(one.Roster) != 1 || one.Roster[0].Number != "A1001" {
			t.Fatalf("center sees %+v", one)
		}
		expectStatus(t, e.postJSON(fmt.Sprintf("/api/v1/sessions/%d/enrolments", s1), map[string]any{"numbers": []string{"A2003"}}, e.as(t, "a_liaison")), http.StatusForbidden)
		var res training.EnrolResult
		w = e.postJSON(fmt.Sprintf("/api/v1/sessions/%d/enrolments", s1), map[string]any{"numbers": []string{"A2003", "A9999"}}, center)
		decodeJSON(t, w, &res)
		if len(res.Waitlisted) != 1 || res.Waitlisted[0] != "A2003" || len(res.Skipped) != 1 { // two seats, both taken
			t.Fatalf("api nominate %+v", res)
		}
		expectStatus(t, e.postJSON(fmt.Sprintf("/api/v1/sessions/%d/enrolments", s1), map[string]any{"nums": []string{"A2003"}}, center), http.StatusBadRequest)
		id2003 := e.enrolmentID(t, s1, "A2003")
		expectStatus(t, e.postJSON(fmt.Sprintf("/api/v1/enrolments/%d/cancel", id2003), map[string]string{"reason": "私用"}, e.as(t, "a_staff")), http.StatusNotFound)
		var cancelled training.Enrolment
		decodeJSON(t, e.postJSON(fmt.Sprintf("/api/v1/enrolments/%d/cancel", id2003), map[string]string{"reason": "私用"}, center), &cancelled)
		if cancelled.Status != "cancelled" || cancelled.Reason != "私用" {
			t.Fatalf("api cancel %+v", cancelled)
		}
		var me []training.Enrolment
		decodeJSON(t, f.get("/api/v1/me/enrolments", e.as(t, "a_staff")), &me)
		if len(me) != 1 || me[0].Number != "A2001" || me[0].Status != "cancelled" {
			t.Fatalf("my enrolments %+v", me)
		}

		// 中止: everyone on the session is told.
		edit.Set("status", "cancelled")
		w = f.post(fmt.Sprintf("/sessions/%d", s1), edit, center)
		expectRedirect(t, w, fmt.Sprintf("/sessions/%d", s1))
		if n := f.count(t, `SELECT COUNT(*) FROM notifications WHERE kind = 'session_cancelled'`); n != 2 {
			t.Fatalf("%d cancellation notices, want 2", n)
		}

		w = f.get("/plan?fy=2030", e.as(t, "a_staff"))
		expectBody(t, w, "中止")

		// Copy the year to the next: refused when that year has sessions; a cancelled session is not copied.
		expectRedirect(t, f.post("/plan/copy?fy=2031", nil, center), "/plan?fy=2031")
		expectStatus(t, f.post("/plan/copy?fy=2031", nil, center), http.StatusConflict)
		if n := f.count(t, `SELECT COUNT(*) FROM sessions_training WHERE fy = 2031 AND municipality_id = $1`, f.A.ID); n != 1 {
			t.Fatalf("copied %d sessions", n)
		}
	})
}

func TestApplyApproveRecommendFeed(t *testing.T) {
	t.Parallel()
	forEachFixture(t, func(t *testing.T, f *fixture) {
		e := newPlanEnv(t, f)
		ctx := context.Background()
		center := e.as(t, "a_center_admin")
		s := e.createSession(t, "SETTAI", "", "研修室", 5, "2030-07-02", "13:30", "16:30", "")
		e.publish(t)

		// わたしの研修 offers the session; the staff member applies.
		w := f.get("/my/trainings", e.as(t, "a_staff"))
		expectStatus(t, w, http.StatusOK)
		expectBody(t, w, "申込できる研修", "接遇研修", "申し込む")
		expectRedirect(t, f.post(fmt.Sprintf("/sessions/%d/apply", s), url.Values{"back": {"/my/trainings"}}, e.as(t, "a_staff")), "/my/trainings")
		expectBody(t, f.get("/my/trainings", e.as(t, "a_staff")), "承認待ち")
		expectStatus(t, f.post(fmt.Sprintf("/sessions/%d/apply", s), nil, e.as(t, "a_staff")), http.StatusConflict)
		expectRedirect(t, f.post(fmt.Sprintf("/sessions/%d/apply", s), nil, e.as(t, "a_instructor")), "/my/trainings")
		// 総務部's A1001 applies too (through the store: the fixture has no account for them).
		p1001 := f.staffID(t, f.A.ID, "A1001")
		if _, err := f.Srv.Train.Apply(ctx, audit.System, f.A.ID, s, p1001); err != nil {
			t.Fatal(err)
		}

		// The 所属長 of 市民文化部 sees their two, not 総務部's.
		w = f.get("/approvals", e.as(t, "a_supervisor"))
		expectStatus(t, w, http.StatusOK)
		expectBody(t, w, "鈴木 次郎", "佐藤 三郎")
		expectNotInBody(t, w, "髙橋 一樹")
		expectStatus(t, f.get("/approvals", e.as(t, "a_staff")), http.StatusForbidden)
		e2001, e2002, e1001 := e.enrolmentID(t, s, "A2001"), e.enrolmentID(t, s, "A2002"), e.enrolmentID(t, s, "A1001")
		expectStatus(t, f.post(fmt.Sprintf("/enrolments/%d/approve", e1001), nil, e.as(t, "a_supervisor")), http.StatusNotFound)
		expectStatus(t, f.post(fmt.Sprintf("/enrolments/%d/approve", e2001), nil, e.as(t, "a_staff")), http.StatusForbidden)
		expectRedirect(t, f.post(fmt.Sprintf("/enrolments/%d/approve", e2001), nil, e.as(t, "a_supervisor")), "/approvals")
		expectStatus(t, f.post(fmt.Sprintf("/enrolments/%d/decline", e2002), url.Values{"reason": {""}}, e.as(t, "a_supervisor")), http.StatusBadRequest)
		expectRedirect(t, f.post(fmt.Sprintf("/enrolments/%d/decline", e2002), url.Values{"reason": {"繁忙期のため"}}, e.as(t, "a_supervisor")), "/approvals")
		if e.status(t, s, "A2001") != "enrolled" || e.status(t, s, "A2002") != "declined" || e.status(t, s, "A1001") != "applied" {
			t.Fatal("decisions not recorded")
		}
		w = f.get("/my/trainings", e.as(t, "a_staff"))
		expectBody(t, w, "これからの受講予定", fmt.Sprintf("/sessions/%d.ics", s), "令和12年7月2日（火） 13:30〜16:30")

		// 推薦 within the department's quota, set by the center on the plan page.
		comp, err := f.Srv.Train.ProgramByCode(ctx, f.A.ID, "COMPLIANCE")
		if err != nil {
			t.Fatal(err)
		}
		comp.Mode = training.ModeRecommendation
		if err := f.Srv.Train.SaveProgram(ctx, audit.System, f.A.ID, comp); err != nil {
			t.Fatal(err)
		}
		r := e.createSession(t, "COMPLIANCE", "", "会議室", 0, "2030-08-06", "10:00", "12:00", "")
		unit := f.Units["A"]["市民文化部"]
		expectStatus(t, f.post("/plan/quotas?fy=2030", url.Values{"program": {fmt.Sprint(comp.ID)}, "unit": {fmt.Sprint(unit)}, "quota": {"1"}}, e.as(t, "a_liaison")), http.StatusForbidden)
		expectRedirect(t, f.post("/plan/quotas?fy=2030", url.Values{"program": {fmt.Sprint(comp.ID)}, "unit": {fmt.Sprint(unit)}, "quota": {"1"}}, center), "/plan?fy=2030#quotas")
		w = f.get("/recommendations?fy=2030", e.as(t, "a_liaison"))
		expectStatus(t, w, http.StatusOK)
		expectBody(t, w, "コンプライアンス研修", "推薦枠", "1人")
		w = f.post(fmt.Sprintf("/sessions/%d/recommend", r), url.Values{"numbers": {"A1001"}}, e.as(t, "a_liaison"))
		expectStatus(t, w, http.StatusBadRequest)
		if e.status(t, r, "A1001") != "" {
			t.Fatal("a liaison recommended another department's staff")
		}
		expectRedirect(t, f.post(fmt.Sprintf("/sessions/%d/recommend", r), url.Values{"numbers": {"A2003"}, "back": {"/recommendations?fy=2030"}}, e.as(t, "a_liaison")), "/recommendations?fy=2030")
		w = f.post(fmt.Sprintf("/sessions/%d/recommend", r), url.Values{"numbers": {"A2001"}}, e.as(t, "a_liaison"))
		expectStatus(t, w, http.StatusBadRequest)
		expectBody(t, w, "推薦枠（1人）を超える")
		expectStatus(t, f.post(fmt.Sprintf("/sessions/%d/recommend", r), url.Values{"numbers": {"A2001"}}, e.as(t, "a_center_admin")), http.StatusForbidden)

		// Personal iCal feed: the URL is shown once; the token is the only key.
		w = f.post("/my/feed", nil, e.as(t, "a_staff"))
		expectStatus(t, w, http.StatusOK)
		m := regexp.MustCompile(`/feed/([A-Za-z0-9_-]+)\.ics`).FindStringSubmatch(w.Body.String())
		if m == nil {
			t.Fatalf("no feed URL on the page")
		}
		expectNotInBody(t, f.get("/my/trainings", e.as(t, "a_staff")), m[1])
		w = f.get("/feed/"+m[1]+".ics", anonymous)
		expectStatus(t, w, http.StatusOK)
		if !strings.Contains(w.Body.String(), "SUMMARY:接遇研修") || !strings.HasPrefix(w.Header().Get("Content-Type"), "text/calendar") {
			t.Fatalf("feed %s", w.Body.String())
		}
		expectStatus(t, f.get("/feed/"+m[1], anonymous), http.StatusNotFound)
		expectStatus(t, f.get("/feed/not-a-token.ics", anonymous), http.StatusNotFound)
		expectRedirect(t, f.post("/my/feed/revoke", nil, e.as(t, "a_staff")), "/my/trainings#feed")
		expectStatus(t, f.get("/feed/"+m[1]+".ics", anonymous), http.StatusNotFound)
	})
}

// TestPlanRoutesRefuseOtherRoles sends each plan route a request from every
// role of municipality A: a role outside the route's group gets 403.
func TestPlanRoutesRefuseOtherRoles(t *testing.T) {
	t.Parallel()
	forEachFixture(t, func(t *testing.T, f *fixture) {
		e := newPlanEnv(t, f)
		s := e.createSession(t, "SETTAI", "", "研修室", 5, "2030-07-02", "13:30", "16:30", "")
		center := []auth.Role{auth.CenterAdmin, auth.CenterStaff}
		viewers := []auth.Role{auth.CenterAdmin, auth.CenterStaff, auth.Liaison, auth.Supervisor, auth.Staff, auth.Instructor}
		cases := []struct {
			method, path string
			allow        []auth.Role
		}{
			{"GET", "/plan?fy=2030", viewers},
			{"GET", "/plan/print?fy=2030", viewers},
			{"GET", "/plan/export?fy=2030", []auth.Role{auth.CenterAdmin, auth.CenterStaff, auth.Liaison}},
			{"POST", "/plan/publish?fy=2030", center},
			{"POST", "/plan/copy?fy=2040", center},
			{"POST", "/plan/quotas?fy=2030", center},
			{"GET", "/sessions/new?fy=2030", center},
			{"POST", "/sessions", center},
			{"GET", fmt.Sprintf("/sessions/%d", s), viewers},
			{"GET", fmt.Sprintf("/sessions/%d/edit", s), center},
			{"POST", fmt.Sprintf("/sessions/%d", s), center},
			{"POST", fmt.Sprintf("/sessions/%d/nominate", s), center},
			{"POST", fmt.Sprintf("/sessions/%d/nominate-roster", s), center},
			{"POST", fmt.Sprintf("/sessions/%d/apply", s), viewers},
			{"POST", fmt.Sprintf("/sessions/%d/recommend", s), []auth.Role{auth.Liaison}},
			{"POST", "/enrolments/999999/cancel", viewers},
			{"POST", "/enrolments/999999/move", center},
			{"POST", "/enrolments/999999/approve", []auth.Role{auth.CenterAdmin, auth.CenterStaff, auth.Supervisor}},
			{"POST", "/enrolments/999999/decline", []auth.Role{auth.CenterAdmin, auth.CenterStaff, auth.Supervisor}},
			{"GET", "/approvals", []auth.Role{auth.CenterAdmin, auth.CenterStaff, auth.Supervisor}},
			{"GET", "/recommendations", []auth.Role{auth.CenterAdmin, auth.CenterStaff, auth.Liaison}},
			{"GET", "/my/trainings", viewers},
			{"POST", "/my/feed/revoke", viewers},
			{"GET", "/notifications", viewers},
			{"POST", "/notifications/read", viewers},
			{"GET", "/api/v1/sessions?fy=2030", viewers},
			{"GET", fmt.Sprintf("/api/v1/sessions/%d", s), viewers},
			{"POST", fmt.Sprintf("/api/v1/sessions/%d/enrolments", s), center},
			{"POST", "/api/v1/enrolments/999999/cancel", viewers},
			{"GET", "/api/v1/me/enrolments", viewers},
		}
		for _, c := range cases {
			for _, role := range auth.Roles {
				allowed := false
				for _, a := range c.allow {
					allowed = allowed || a == role
				}
				r := httptest.NewRequest(c.method, c.path, strings.NewReader("{}"))
				if c.method == "POST" && !strings.HasPrefix(c.path, "/api/") {
					r = formRequest(c.path, url.Values{})
				}
				w := f.do(r, e.as(t, loginOf(role)))
				if allowed && (w.Code == http.StatusForbidden || w.Code == http.StatusUnauthorized) {
					t.Errorf("%s %s as %s: refused with %d", c.method, c.path, role, w.Code)
				}
				if !allowed && w.Code != http.StatusForbidden {
					t.Errorf("%s %s as %s: %d, want 403", c.method, c.path, role, w.Code)
				}
			}
			w := f.do(httptest.NewRequest(c.method, c.path, nil), anonymous)
			if w.Code != http.StatusSeeOther && w.Code != http.StatusUnauthorized {
				t.Errorf("%s %s anonymous: %d", c.method, c.path, w.Code)
			}
		}
	})
}

// TestPlanFYIsValidated: every ?fy= of the plan goes through the one
// parser, so a 年度 that cannot be read or lies outside 平成元年度 … five
// years ahead is a 400 with a Japanese message, on the pages and the API.
func TestPlanFYIsValidated(t *testing.T) {
	t.Parallel()
	forEachFixture(t, func(t *testing.T, f *fixture) {
		e := newPlanEnv(t, f)
		const unreadable, outOfRange = "年度の指定が正しくありません。", "年度は平成元年度から令和17年度までの範囲で指定してください。"
		for _, c := range []struct{ path, want string }{
			{"/api/v1/sessions?fy=abc", unreadable},
			{"/plan?fy=" + url.QueryEscape("令和0年度"), unreadable},
			{"/plan?fy=" + url.QueryEscape("令和99年度"), outOfRange},
			{"/plan?fy=" + url.QueryEscape("明治2年度"), outOfRange},
			{"/plan/print?fy=1988", outOfRange},
			{"/api/v1/sessions?fy=" + url.QueryEscape("R18"), outOfRange},
		} {
			for _, login := range []string{"a_center_admin", "a_staff"} {
				w := f.get(c.path, e.as(t, login))
				if w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), c.want) {
					t.Errorf("GET %s as %s: %d %q, want 400 with %q", c.path, login, w.Code, w.Body.String(), c.want)
				}
			}
		}
	})
}
