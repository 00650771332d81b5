package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"hagukumi/audit"
	"hagukumi/auth"
	"hagukumi/training"
)

// flashOf is the message a redirect leaves for the next page.
func flashOf(t testing.TB, w *httptest.ResponseRecorder) string {
	t.Helper()
	c := cookieFrom(w, "flash")
	if c == nil {
		t.Fatalf("no flash message (status %d)", w.Code)
	}
	msg, err := url.QueryUnescape(c.Value)
	if err != nil {
		t.Fatal(err)
	}
	return msg
}

// addKacho makes A2003 the 所属長 of 市民文化部 市民課, under the fixture's
// 所属長 of 市民文化部, and signs them in.
func addKacho(t *testing.T, f *fixture) cred {
	t.Helper()
	const pass = "Kacho-no-Pass-2030"
	if _, err := f.Srv.Auth.CreateUser(context.Background(), f.A.ID, audit.System, auth.NewUser{Login: "a_kacho", DisplayName: "伊藤課長",
		Role: auth.Supervisor, UnitID: f.Units["A"]["市民文化部/市民課"], StaffID: f.staffID(t, f.A.ID, "A2003"), Password: pass}); err != nil {
		t.Fatal(err)
	}
	return cred{session: f.newSession(t, "a_kacho", pass)}
}

// TestApprovalsWithInternalControl: a 所属長 never decides their own
// application — it goes to the 所属長 above; an application with no 所属長
// above goes to the center, which may decide any; the applicant is told
// who decides.
func TestApprovalsWithInternalControl(t *testing.T) {
	t.Parallel()
	forEachFixture(t, func(t *testing.T, f *fixture) {
		e := newPlanEnv(t, f)
		ctx := context.Background()
		kacho := addKacho(t, f)
		s := e.createSession(t, "SETTAI", "", "研修室", 5, "2030-07-02", "13:30", "16:30", "")
		e.publish(t)

		// The 課長 applies: the 部長 (the fixture's 所属長 of 市民文化部) decides.
		w := f.post(fmt.Sprintf("/sessions/%d/apply", s), nil, kacho)
		expectStatus(t, w, http.StatusSeeOther)
		if msg := flashOf(t, w); !strings.Contains(msg, "市民文化部 の所属長（テスト a_supervisor）の承認") {
			t.Errorf("apply message does not name the decider: %q", msg)
		}
		expectBody(t, f.get("/my/trainings", kacho), "承認者：市民文化部 の所属長（テスト a_supervisor）")
		// Their 課's staff member applies: the 課長 decides.
		expectStatus(t, f.post(fmt.Sprintf("/sessions/%d/apply", s), nil, e.as(t, "a_staff")), http.StatusSeeOther)
		expectBody(t, f.get("/my/trainings", e.as(t, "a_staff")), "承認者：市民文化部 市民課 の所属長（伊藤課長）")
		// 総務部 has no 所属長: the center decides A1001's application.
		e1001, err := f.Srv.Train.Apply(ctx, audit.System, f.A.ID, s, f.staffID(t, f.A.ID, "A1001"))
		if err != nil {
			t.Fatal(err)
		}
		if e1001.DecidedBy != "人財育成センター" {
			t.Errorf("A1001's decider: %q", e1001.DecidedBy)
		}

		own, staffApp := e.enrolmentID(t, s, "A2003"), e.enrolmentID(t, s, "A2001")
		w = f.get("/approvals", kacho)
		expectStatus(t, w, http.StatusOK)
		expectBody(t, w, "鈴木 次郎")
		expectNotInBody(t, w, "伊藤 美咲", "髙橋 一樹")
		expectStatus(t, f.post(fmt.Sprintf("/enrolments/%d/approve", own), nil, kacho), http.StatusForbidden)
		w = f.get("/approvals", e.as(t, "a_supervisor"))
		expectBody(t, w, "伊藤 美咲")
		expectNotInBody(t, w, "鈴木 次郎", "髙橋 一樹")
		expectStatus(t, f.post(fmt.Sprintf("/enrolments/%d/approve", staffApp), nil, e.as(t, "a_supervisor")), http.StatusForbidden)
		expectRedirect(t, f.post(fmt.Sprintf("/enrolments/%d/approve", own), nil, e.as(t, "a_supervisor")), "/approvals")
		expectRedirect(t, f.post(fmt.Sprintf("/enrolments/%d/approve", staffApp), nil, kacho), "/approvals")

		// The center sees and decides the application nobody else can.
		w = f.get("/approvals", e.as(t, "a_center_admin"))
		expectStatus(t, w, http.StatusOK)
		expectBody(t, w, "髙橋 一樹", "人財育成センター")
		expectRedirect(t, f.post(fmt.Sprintf("/enrolments/%d/approve", e1001.ID), nil, e.as(t, "a_center_admin")), "/approvals")
		for n, want := range map[string]string{"A2003": "enrolled", "A2001": "enrolled", "A1001": "enrolled"} {
			if got := e.status(t, s, n); got != want {
				t.Errorf("%s: %s, want %s", n, got, want)
			}
		}
	})
}

// TestDoubleBookingWarns: nominating someone into a session at the same
// time as another of theirs warns the center (message and API result) and
// marks the row on the session's roster.
func TestDoubleBookingWarns(t *testing.T) {
	t.Parallel()
	forEachFixture(t, func(t *testing.T, f *fixture) {
		e := newPlanEnv(t, f)
		center := e.as(t, "a_center_staff")
		a := e.createSession(t, "COMPLIANCE", "第1回", "研修室", 10, "2030-07-02", "09:00", "12:00", "")
		b := e.createSession(t, "SETTAI", "第1回", "会議室", 10, "2030-07-02", "10:00", "15:00", "")
		expectStatus(t, f.post(fmt.Sprintf("/sessions/%d/nominate", a), url.Values{"numbers": {"A2001"}}, center), http.StatusSeeOther)
		w := f.post(fmt.Sprintf("/sessions/%d/nominate", b), url.Values{"numbers": {"A2001 A2002"}}, center)
		expectStatus(t, w, http.StatusSeeOther)
		if msg := flashOf(t, w); !strings.Contains(msg, "日時が重なる研修") || !strings.Contains(msg, "A2001（コンプライアンス研修 第1回）") {
			t.Errorf("no overlap warning: %q", msg)
		}
		w = f.get(fmt.Sprintf("/sessions/%d", b), center)
		expectBody(t, w, "日時重複：コンプライアンス研修 第1回")
		w = e.postJSON(fmt.Sprintf("/api/v1/sessions/%d/enrolments", a), map[string]any{"numbers": []string{"A2002"}}, center)
		expectStatus(t, w, http.StatusOK)
		var res struct {
			Overlaps []struct{ Number, With string }
		}
		decodeJSON(t, w, &res)
		if len(res.Overlaps) != 1 || res.Overlaps[0].Number != "A2002" {
			t.Errorf("API result: %+v", res)
		}
		if n := f.count(t, `SELECT COUNT(*) FROM notifications WHERE staff_id = $1 AND body LIKE '%日時が重なっています%'`, f.staffID(t, f.A.ID, "A2001")); n != 1 {
			t.Errorf("A2001 has %d overlap notices", n)
		}
	})
}

// TestRecommendationIsAStep: with 推薦 → センター選考 a recommendation waits
// as 推薦済 for the center, which selects or declines on the session page;
// a refused recommendation keeps the typed numbers and says which are wrong.
func TestRecommendationIsAStep(t *testing.T) {
	t.Parallel()
	forEachFixture(t, func(t *testing.T, f *fixture) {
		e := newPlanEnv(t, f)
		ctx := context.Background()
		center, liaison := e.as(t, "a_center_admin"), e.as(t, "a_liaison")
		comp, err := f.Srv.Train.ProgramByCode(ctx, f.A.ID, "COMPLIANCE")
		if err != nil {
			t.Fatal(err)
		}
		comp.Mode, comp.Selection = training.ModeRecommendation, true
		if err := f.Srv.Train.SaveProgram(ctx, audit.System, f.A.ID, comp); err != nil {
			t.Fatal(err)
		}
		r := e.createSession(t, "COMPLIANCE", "", "会議室", 10, "2030-08-06", "10:00", "12:00", "")
		e.publish(t)
		unit := f.Units["A"]["市民文化部"]
		expectStatus(t, f.post("/plan/quotas?fy=2030", url.Values{"program": {fmt.Sprint(comp.ID)}, "unit": {fmt.Sprint(unit)}, "quota": {"2"}}, center), http.StatusSeeOther)
		rec := func(numbers string) *httptest.ResponseRecorder {
			return f.post(fmt.Sprintf("/sessions/%d/recommend", r), url.Values{"numbers": {numbers}, "back": {"/recommendations?fy=2030"}}, liaison)
		}

		// Someone outside the liaison's department is an error, not a notice.
		w := rec("A2001 A1001")
		expectStatus(t, w, http.StatusBadRequest)
		expectBody(t, w, "見つからないため推薦できません：A1001", ">A2001 A1001</textarea>")
		// Within the quota: 推薦済, no seat taken.
		expectRedirect(t, rec("A2001"), "/recommendations?fy=2030")
		if st := e.status(t, r, "A2001"); st != "recommended" {
			t.Fatalf("A2001 is %q, want recommended", st)
		}
		// Over the quota: the typed numbers stay, the ones too many are named.
		w = rec("A2002 A2003")
		expectStatus(t, w, http.StatusBadRequest)
		expectBody(t, w, "推薦枠（2人）を超える", "枠を超える職員番号：A2003", ">A2002 A2003</textarea>")
		expectRedirect(t, rec("A2002"), "/recommendations?fy=2030")

		// The center selects one and declines the other on the session page.
		w = f.get(fmt.Sprintf("/sessions/%d", r), center)
		expectBody(t, w, "推薦済（選考待ち）", "選考する")
		e1, e2 := e.enrolmentID(t, r, "A2001"), e.enrolmentID(t, r, "A2002")
		expectStatus(t, f.post(fmt.Sprintf("/enrolments/%d/select", e1), nil, liaison), http.StatusForbidden)
		expectRedirect(t, f.post(fmt.Sprintf("/enrolments/%d/select", e1), nil, center), fmt.Sprintf("/sessions/%d", r))
		expectStatus(t, f.post(fmt.Sprintf("/enrolments/%d/reject", e2), url.Values{"reason": {""}}, center), http.StatusBadRequest)
		expectRedirect(t, f.post(fmt.Sprintf("/enrolments/%d/reject", e2), url.Values{"reason": {"定員調整のため"}}, center), fmt.Sprintf("/sessions/%d", r))
		if e.status(t, r, "A2001") != "enrolled" || e.status(t, r, "A2002") != "declined" {
			t.Fatal("selection not recorded")
		}
		if n := f.count(t, `SELECT COUNT(*) FROM audit_log WHERE action IN ('select', 'reject')`); n != 2 {
			t.Errorf("%d selection audit entries", n)
		}
	})
}
