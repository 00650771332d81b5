package web_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"hagukumi/audit"
	"hagukumi/staff"
	"hagukumi/training"
)

// recClock is 10:00 on 10 June 2026 in Japan: the day of the test sessions.
var recClock = time.Date(2026, 6, 10, 1, 0, 0, 0, time.UTC)

// recSetup fixes the server's clock (before anyone logs in) and gives
// municipality A its catalog.
func recSetup(t *testing.T, f *fixture) {
	t.Helper()
	f.Srv.SetClock(func() time.Time { return recClock })
	if err := f.Srv.Train.EnsureCatalog(context.Background(), f.A.ID); err != nil {
		t.Fatal(err)
	}
}

// recSession adds a 3-hour session of a program on a day of FY2026.
func recSession(t *testing.T, f *fixture, code, day string, instructors ...training.Instructor) *training.Session {
	t.Helper()
	ctx := context.Background()
	p, err := f.Srv.Train.ProgramByCode(ctx, f.A.ID, code)
	if err != nil {
		t.Fatal(err)
	}
	x := &training.Session{ProgramID: p.ID, FY: 2026, Title: fmt.Sprintf("第%d回", f.next()), Venue: "研修室",
		Days: []training.Day{{Date: day, Start: "09:00", End: "12:00"}}, Instructors: instructors}
	if err := f.Srv.Train.SaveSession(ctx, audit.System, f.A.ID, x); err != nil {
		t.Fatal(err)
	}
	return x
}

// recEnrol inserts enrolment rows as the enrolment code would.
func recEnrol(t *testing.T, f *fixture, sessionID int64, numbers ...string) {
	t.Helper()
	for _, n := range numbers {
		if _, err := f.D.W.Exec(`INSERT INTO enrolments (municipality_id, session_id, staff_id, status, source, created_at, updated_at)
			VALUES ($1, $2, $3, 'enrolled', 'nomination', $4, $4)`, f.A.ID, sessionID, f.staffID(t, f.A.ID, n), recClock); err != nil {
			t.Fatal(err)
		}
	}
}

func recFlash(t *testing.T, w *httptest.ResponseRecorder) string {
	t.Helper()
	c := cookieFrom(w, "flash")
	if c == nil {
		t.Fatalf("no flash message; status %d", w.Code)
	}
	msg, _ := url.QueryUnescape(c.Value)
	return msg
}

func recJSON(path, body string) *http.Request {
	r := httptest.NewRequest(http.MethodPost, path, strings.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	return r
}

func TestRecordsAttendance(t *testing.T) {
	forEachFixture(t, func(t *testing.T, f *fixture) {
		recSetup(t, f)
		ctx := context.Background()
		center, instructor := f.asCookie(t, "a_center_staff"), f.asCookie(t, "a_instructor")
		liaison, staffMe := f.asCookie(t, "a_liaison"), f.asCookie(t, "a_staff")
		x := recSession(t, f, "SETTAI", "2026-06-10", training.Instructor{Number: "A2002"})
		other := recSession(t, f, "SETTAI", "2026-06-10")
		recEnrol(t, f, x.ID, "A1001", "A2001", "A2003")
		page := fmt.Sprintf("/sessions/%d/attendance", x.ID)

		// Who sees the roster.
		w := f.get(page, center)
		expectStatus(t, w, http.StatusOK)
		expectBody(t, w, "髙橋 一樹", "鈴木 次郎", "伊藤 美咲", "QRコードで受付", `name="st_A2001"`)
		expectStatus(t, f.get(page, instructor), http.StatusOK)
		expectStatus(t, f.get(fmt.Sprintf("/sessions/%d/attendance", other.ID), instructor), http.StatusNotFound)
		w = f.get(page, liaison)
		expectStatus(t, w, http.StatusOK)
		expectBody(t, w, "鈴木 次郎")
		expectNotInBody(t, w, "髙橋 一樹", `name="st_A2001"`, "/qr.png")
		expectStatus(t, f.get(page, staffMe), http.StatusForbidden)
		expectStatus(t, f.get(page, f.asCookie(t, "a_supervisor")), http.StatusForbidden)
		expectStatus(t, f.get("/sessions/999999/attendance", center), http.StatusNotFound)
		expectStatus(t, f.post(page, url.Values{"n": {"A2001"}, "st_A2001": {"present"}}, liaison), http.StatusForbidden)

		// Bulk marking: a bad line refuses the whole form and keeps the input.
		audits := f.count(t, `SELECT COUNT(*) FROM audit_log`)
		form := url.Values{"n": {"A1001", "A2001", "A2003"}, "st_A1001": {"present"}, "st_A2001": {"partial"}, "h_A2001": {"2"},
			"st_A2003": {"absent"}, "r_A2003": {"その他"}}
		w = f.post(page, form, center)
		expectStatus(t, w, http.StatusBadRequest)
		expectBody(t, w, "その他", "内容を入力してください")
		if n := f.count(t, `SELECT COUNT(*) FROM attendance`); n != 0 {
			t.Fatalf("refused form saved %d rows", n)
		}
		form.Set("note_A2003", "研修講師として出張")
		expectRedirect(t, f.post(page, form, center), page)
		if n := f.count(t, `SELECT COUNT(*) FROM audit_log`); n != audits+1 {
			t.Fatalf("audit entries %d → %d, want one more", audits, n)
		}
		w = f.get(page, center)
		expectBody(t, w, "令和8年度 第0001号", "研修講師として出張")

		// Certificates: the person, the center and their liaison; else 404.
		cert := fmt.Sprintf("/certificates/%d/", x.ID)
		w = f.get(cert+"A1001", center)
		expectStatus(t, w, http.StatusOK)
		expectBody(t, w, "修 了 証", "髙橋 一樹 様", "接遇研修", "令和8年6月10日", "藤枝市人財育成センター長", "3時間", "令和8年度 第0001号",
			`class="rec-cert-seal"`, `data-print`)
		expectNotInBody(t, w, "SETTAI")
		expectStatus(t, f.get(cert+"A1001", staffMe), http.StatusNotFound) // another person's
		expectStatus(t, f.get(cert+"A1001", liaison), http.StatusNotFound) // another department
		expectStatus(t, f.get(cert+"A2001", staffMe), http.StatusNotFound) // 2 of 3 hours: not completed
		expectStatus(t, f.get(cert+"A2001", f.asCookie(t, "a_supervisor")), http.StatusNotFound)

		// The issuer and the numbering are the center admin's settings.
		expectStatus(t, f.post("/settings/certificates", url.Values{"issuer": {"mayor"}, "issuer_name": {"北村 正平"}, "numbering": {"program"}}, center), http.StatusForbidden)
		admin := f.asCookie(t, "a_center_admin")
		expectStatus(t, f.post("/settings/certificates", url.Values{"issuer": {"king"}, "numbering": {"fy"}}, admin), http.StatusBadRequest)
		expectRedirect(t, f.post("/settings/certificates", url.Values{"issuer": {"mayor"}, "issuer_name": {"北村 正平"}, "numbering": {"program"}}, admin), "/settings")

		// The instructor marks A2001 present through the API; now completed.
		w = f.do(recJSON(fmt.Sprintf("/api/v1/sessions/%d/attendance", x.ID), `[{"number":"A2001","status":"present"}]`), f.asBearer(t, "a_instructor"))
		expectStatus(t, w, http.StatusOK)
		expectStatus(t, f.get(cert+"A2001", staffMe), http.StatusOK)
		expectStatus(t, f.get(cert+"A2001", liaison), http.StatusOK)
		// All of the session's certificates print as one document, the new
		// one numbered per programme and signed by the mayor; the number
		// issued before keeps its form.
		w = f.get(fmt.Sprintf("/sessions/%d/certificates", x.ID), center)
		expectStatus(t, w, http.StatusOK)
		expectBody(t, w, "髙橋 一樹 様", "令和8年度 第0001号", "令和8年度 接遇研修 第0002号", "藤枝市長　北村 正平")
		if n := strings.Count(w.Body.String(), `<article class="rec-cert"`); n != 2 {
			t.Errorf("%d certificates in the session's document, want 2", n)
		}
		expectStatus(t, f.get(fmt.Sprintf("/sessions/%d/certificates", x.ID), liaison), http.StatusForbidden)
		w = f.do(recJSON(fmt.Sprintf("/api/v1/sessions/%d/attendance", x.ID), `[{"number":"A1002","status":"present"}]`), f.asBearer(t, "a_center_staff"))
		expectStatus(t, w, http.StatusBadRequest)
		w = f.do(recJSON(fmt.Sprintf("/api/v1/sessions/%d/attendance", other.ID), `[]`), f.asBearer(t, "a_instructor"))
		expectStatus(t, w, http.StatusNotFound)
		var got struct {
			Rows []training.AttendanceRow `json:"rows"`
		}
		w = f.get(fmt.Sprintf("/api/v1/sessions/%d/attendance", x.ID), f.asBearer(t, "a_liaison"))
		expectStatus(t, w, http.StatusOK)
		decodeJSON(t, w, &got)
		if len(got.Rows) != 2 || got.Rows[0].Number == "A1001" || got.Rows[1].Number == "A1001" {
			t.Fatalf("liaison's rows %+v", got.Rows)
		}

		// The QR code: the center and the session's instructors only.
		w = f.get(fmt.Sprintf("/sessions/%d/qr.png", x.ID), instructor)
		expectStatus(t, w, http.StatusOK)
		if w.Header().Get("Content-Type") != "image/png" || !bytes.HasPrefix(w.Body.Bytes(), []byte("\x89PNG")) {
			t.Fatalf("not a PNG: %q", w.Header().Get("Content-Type"))
		}
		expectStatus(t, f.get(fmt.Sprintf("/sessions/%d/qr.png", other.ID), instructor), http.StatusNotFound)
		expectStatus(t, f.get(fmt.Sprintf("/sessions/%d/qr.png", x.ID), staffMe), http.StatusForbidden)

		// QR check-in by the person themself.
		recEnrol(t, f, other.ID, "A2001")
		tok, err := f.Srv.Train.CheckinToken(ctx, f.A.ID, other.ID)
		if err != nil {
			t.Fatal(err)
		}
		link := fmt.Sprintf("/checkin/%d/%s", other.ID, tok)
		expectStatus(t, f.get(fmt.Sprintf("/checkin/%d/%s", other.ID, strings.Repeat("x", len(tok))), staffMe), http.StatusNotFound)
		expectStatus(t, f.get(fmt.Sprintf("/checkin/%d/%s", x.ID, tok), staffMe), http.StatusNotFound) // another session's token
		expectStatus(t, f.get(link, f.asCookie(t, "a_sysadmin")), http.StatusNotFound)                 // no staff record
		w = f.get(link, anonymous)
		expectRedirect(t, w, "/login?next="+url.QueryEscape(link))
		w = f.get(link, staffMe)
		expectStatus(t, w, http.StatusOK)
		expectBody(t, w, "出席を受け付ける", "鈴木 次郎")
		w = f.post(link, nil, staffMe)
		expectRedirect(t, w, link)
		if msg := recFlash(t, w); !strings.Contains(msg, "出席を受け付けました") {
			t.Fatalf("flash %q", msg)
		}
		if msg := recFlash(t, f.post(link, nil, staffMe)); msg != "既に受付済みです。" {
			t.Fatalf("second check-in: %q", msg)
		}
		// Not enrolled: the instructor's own staff record is not on the roster.
		expectStatus(t, f.post(link, nil, instructor), http.StatusNotFound)

		// The shared tablet.
		tablet := fmt.Sprintf("/sessions/%d/tablet", other.ID)
		expectStatus(t, f.get(tablet, center), http.StatusOK)
		w = f.post(tablet, url.Values{"number": {"A2003"}}, center)
		expectStatus(t, w, http.StatusNotFound)
		expectBody(t, w, "登録されていません")
		recEnrol(t, f, other.ID, "A2003")
		w = f.post(tablet, url.Values{"number": {"A2003"}}, center)
		expectRedirect(t, w, tablet)
		if msg := recFlash(t, w); msg != "伊藤 美咲 さんの出席を受け付けました。" {
			t.Fatalf("tablet flash %q", msg)
		}
		expectStatus(t, f.post(tablet, url.Values{"number": {"A2003"}}, instructor), http.StatusNotFound) // not their session
		if n := f.count(t, `SELECT COUNT(*) FROM attendance WHERE session_id = $1 AND status = 'present' AND checked_in_at IS NOT NULL`, other.ID); n != 2 {
			t.Fatalf("%d check-ins recorded", n)
		}
	})
}

func TestRecordsSurveyAndReport(t *testing.T) {
	forEachFixture(t, func(t *testing.T, f *fixture) {
		recSetup(t, f)
		ctx := context.Background()
		center, staffMe, super := f.asCookie(t, "a_center_staff"), f.asCookie(t, "a_staff"), f.asCookie(t, "a_supervisor")
		p, _ := f.Srv.Train.ProgramByCode(ctx, f.A.ID, "COMPLIANCE")
		p.CompletionReport = true
		if err := f.Srv.Train.SaveProgram(ctx, audit.System, f.A.ID, p); err != nil {
			t.Fatal(err)
		}

		// The questionnaire is built by the center.
		expectStatus(t, f.get("/programs/COMPLIANCE/survey", center), http.StatusOK)
		expectStatus(t, f.get("/programs/COMPLIANCE/survey", staffMe), http.StatusForbidden)
		expectStatus(t, f.get("/programs/NOPE/survey", center), http.StatusNotFound)
		survey := url.Values{"title": {"研修アンケート"}, "rows": {"4"},
			"ord_0": {"1"}, "kind_0": {"scale"}, "text_0": {"満足度"}, "req_0": {"1"},
			"ord_1": {"2"}, "kind_1": {"choice"}, "text_1": {"役立つ場面"}, "choices_1": {"窓口\n庁内"},
			"ord_2": {"3"}, "kind_2": {"text"}, "text_2": {"感想"},
			"ord_3": {"4"}, "kind_3": {"choice"}, "text_3": {""}}
		bad := url.Values{}
		for k, v := range survey {
			bad[k] = v
		}
		bad.Set("choices_1", "窓口")
		w := f.post("/programs/COMPLIANCE/survey", bad, center)
		expectStatus(t, w, http.StatusBadRequest)
		expectBody(t, w, "選択肢を2つ以上", "満足度")
		expectRedirect(t, f.post("/programs/COMPLIANCE/survey", survey, center), "/programs/COMPLIANCE/survey")
		expectStatus(t, f.post("/programs/COMPLIANCE/survey", survey, staffMe), http.StatusForbidden)
		sv, err := f.Srv.Train.SurveyOf(ctx, f.A.ID, p.ID)
		if err != nil || len(sv.Questions) != 3 {
			t.Fatalf("survey %+v %v", sv, err)
		}

		x := recSession(t, f, "COMPLIANCE", "2026-06-10")
		recEnrol(t, f, x.ID, "A2001", "A1001")
		f.Srv.Train.MarkAttendance(ctx, audit.System, f.A.ID, x.ID, []training.Mark{{Number: "A2001", Status: "present"}, {Number: "A1001", Status: "present"}})

		// Answered once by the attendee; a second time is refused.
		sp := fmt.Sprintf("/sessions/%d/survey", x.ID)
		w = f.get(sp, staffMe)
		expectStatus(t, w, http.StatusOK)
		expectBody(t, w, "研修アンケート", "満足度", "窓口")
		expectStatus(t, f.get(sp, f.asCookie(t, "a_instructor")), http.StatusNotFound) // not an attendee
		answers := url.Values{fmt.Sprintf("q_%d", sv.Questions[0].ID): {"4"}, fmt.Sprintf("q_%d", sv.Questions[1].ID): {"窓口"},
			fmt.Sprintf("q_%d", sv.Questions[2].ID): {"具体例が多く分かりやすかった"}}
		w = f.post(sp, url.Values{fmt.Sprintf("q_%d", sv.Questions[1].ID): {"窓口"}}, staffMe)
		expectStatus(t, w, http.StatusBadRequest)
		expectBody(t, w, "「満足度」に回答してください")
		expectRedirect(t, f.post(sp, answers, staffMe), sp)
		w = f.post(sp, answers, staffMe)
		expectStatus(t, w, http.StatusConflict)
		expectBody(t, w, "既に回答済みです")
		expectBody(t, f.get(sp, staffMe), "回答済みです")
		if n := f.count(t, `SELECT COUNT(*) FROM survey_responses`); n != 1 {
			t.Fatalf("%d responses", n)
		}

		// Results per program and year, and per session.
		w = f.get("/programs/COMPLIANCE/survey/results?fy=2026", center)
		expectStatus(t, w, http.StatusOK)
		expectBody(t, w, "4.00", "具体例が多く分かりやすかった", "窓口")
		expectStatus(t, f.get("/programs/COMPLIANCE/survey/results", staffMe), http.StatusForbidden)
		var res struct {
			Surveys []training.SurveyResult `json:"surveys"`
		}
		w = f.get(fmt.Sprintf("/api/v1/programs/COMPLIANCE/survey/results?fy=2026&session=%d", x.ID), f.asBearer(t, "a_center_admin"))
		expectStatus(t, w, http.StatusOK)
		decodeJSON(t, w, &res)
		if len(res.Surveys) != 1 || res.Surveys[0].Responses != 1 || res.Surveys[0].Questions[0].Mean != 4 {
			t.Fatalf("results %+v", res)
		}

		// The report: written, submitted, returned, resubmitted, accepted.
		rp := fmt.Sprintf("/sessions/%d/report", x.ID)
		expectStatus(t, f.get(rp, staffMe), http.StatusOK)
		body := "コンプライアンスの事例を学んだ。課内で共有し、日々の確認に活かしたい。"
		expectRedirect(t, f.post(rp, url.Values{"body": {body}, "action": {"submit"}}, staffMe), rp)
		w = f.post(rp, url.Values{"body": {body + "追記"}, "action": {"draft"}}, staffMe)
		expectStatus(t, w, http.StatusConflict)
		// A1001 (総務部) also submits, outside the 市民文化部 supervisor's unit.
		if err := f.Srv.Train.SaveReport(ctx, audit.System, f.A.ID, x.ID, f.staffID(t, f.A.ID, "A1001"), "総務部の報告書です。十分な長さ。", true); err != nil {
			t.Fatal(err)
		}
		w = f.get("/reports", super)
		expectStatus(t, w, http.StatusOK)
		expectBody(t, w, "鈴木 次郎", "課内で共有し", "承認する")
		expectNotInBody(t, w, "髙橋 一樹")
		expectBody(t, f.get("/reports", center), "鈴木 次郎", "髙橋 一樹")
		expectNotInBody(t, f.get("/reports", center), "承認する")
		expectStatus(t, f.get("/reports", staffMe), http.StatusForbidden)
		reports, _ := f.Srv.Train.Reports(ctx, f.A.ID, staff.Scope{}, "submitted")
		var mine, theirs int64
		for _, r := range reports {
			if r.Number == "A2001" {
				mine = r.ID
			} else {
				theirs = r.ID
			}
		}
		review := func(id int64) string { return fmt.Sprintf("/reports/%d/review", id) }
		expectStatus(t, f.post(review(theirs), url.Values{"decision": {"accept"}}, super), http.StatusNotFound)
		expectStatus(t, f.post(review(mine), url.Values{"decision": {"accept"}}, center), http.StatusForbidden)
		expectStatus(t, f.post(review(mine), url.Values{"decision": {"return"}}, super), http.StatusBadRequest)
		expectRedirect(t, f.post(review(mine), url.Values{"decision": {"return"}, "comment": {"今後の行動を具体的に書いてください。"}}, super), "/reports")
		if _, err := f.Srv.Train.CertificateOf(ctx, f.A.ID, x.ID, f.staffID(t, f.A.ID, "A2001")); err == nil {
			t.Fatal("completed before the report was accepted")
		}
		w = f.get(rp, staffMe)
		expectBody(t, w, "差戻し", "今後の行動を具体的に書いてください。", "所属長に提出する")
		expectRedirect(t, f.post(rp, url.Values{"body": {body + "来月の課内会議で報告する。"}, "action": {"submit"}}, staffMe), rp)
		expectRedirect(t, f.post(review(mine), url.Values{"decision": {"accept"}}, super), "/reports")
		expectBody(t, f.get(rp, staffMe), "承認済み")
		expectStatus(t, f.get(fmt.Sprintf("/certificates/%d/A2001", x.ID), staffMe), http.StatusOK)
		expectBody(t, f.get("/my/history", staffMe), "令和8年度 第0001号", "受講報告書")
	})
}

func TestRecordsHistoryAndInstructors(t *testing.T) {
	forEachFixture(t, func(t *testing.T, f *fixture) {
		recSetup(t, f)
		ctx := context.Background()
		center, liaison, staffMe := f.asCookie(t, "a_center_staff"), f.asCookie(t, "a_liaison"), f.asCookie(t, "a_staff")
		x := recSession(t, f, "TERAKOYA", "2026-06-01", training.Instructor{Number: "A2002", Hours: 1.5})
		recEnrol(t, f, x.ID, "A2001", "A1001")
		f.Srv.Train.MarkAttendance(ctx, audit.System, f.A.ID, x.ID, []training.Mark{{Number: "A2001", Status: "present"}, {Number: "A1001", Status: "absent", Reason: "公務"}})

		// External trainings are entered by the center.
		ext := url.Values{"title": {"自治大学校 第1部課程"}, "organiser": {"自治大学校"}, "start": {"2026-05-11"}, "end": {"2026-05-15"}, "hours": {"30"}}
		expectStatus(t, f.post("/staff/A2001/external", ext, liaison), http.StatusForbidden)
		expectRedirect(t, f.post("/staff/A2001/external", ext, center), "/staff/A2001/external")
		bad := url.Values{"title": {"日付なし"}, "hours": {"3"}}
		expectStatus(t, f.post("/staff/A2001/external", bad, center), http.StatusBadRequest)
		expectStatus(t, f.get("/staff/NOPE/external", center), http.StatusNotFound)

		// History: the person, their department's liaison, the center.
		w := f.get("/staff/A2001/history", liaison)
		expectStatus(t, w, http.StatusOK)
		expectBody(t, w, "令和8年度", "自治大学校 第1部課程", "33時間", "職員寺子屋")
		expectStatus(t, f.get("/staff/A1001/history", liaison), http.StatusNotFound)
		expectStatus(t, f.get("/staff/A1001/history", staffMe), http.StatusNotFound)
		expectStatus(t, f.get("/staff/A1001/history", f.asCookie(t, "a_supervisor")), http.StatusNotFound)
		expectStatus(t, f.get("/staff/A1001/history", f.asCookie(t, "a_case_manager")), http.StatusForbidden)
		expectBody(t, f.get("/staff/A1001/history", center), "欠席")
		w = f.get("/my/history", staffMe)
		expectStatus(t, w, http.StatusOK)
		expectBody(t, w, "わたしの受講履歴", "自治大学校 第1部課程")
		expectStatus(t, f.get("/my/history", f.asCookie(t, "a_center_admin")), http.StatusNotFound) // no staff record
		var h struct {
			Number string                 `json:"number"`
			ByFY   []training.FYHours     `json:"by_fy"`
			Items  []training.HistoryItem `json:"items"`
		}
		w = f.get("/api/v1/staff/A2001/history", f.asBearer(t, "a_staff"))
		expectStatus(t, w, http.StatusOK)
		decodeJSON(t, w, &h)
		if h.Number != "A2001" || len(h.ByFY) != 1 || h.ByFY[0].Total != 33 || len(h.Items) != 2 {
			t.Fatalf("history %+v", h)
		}
		expectStatus(t, f.get("/api/v1/staff/A1001/history", f.asBearer(t, "a_staff")), http.StatusNotFound)
		expectStatus(t, f.get("/api/v1/staff/B2001/history", f.asBearer(t, "a_center_admin")), http.StatusNotFound) // another municipality

		// Topics and the instructor pool.
		expectRedirect(t, f.post("/my/topics", url.Values{"topic": {"窓口のユニバーサルデザイン"}, "public": {"1"}}, staffMe), "/my/topics")
		expectStatus(t, f.post("/my/topics", url.Values{"topic": {""}}, staffMe), http.StatusBadRequest)
		expectBody(t, f.get("/my/topics", staffMe), "窓口のユニバーサルデザイン", "公開")
		w = f.get("/my/topics", f.asCookie(t, "a_instructor"))
		expectBody(t, w, "職員寺子屋", fmt.Sprintf("/sessions/%d/attendance", x.ID), "1.5時間")
		topics, _ := f.Srv.Train.TopicsOf(ctx, f.A.ID, f.staffID(t, f.A.ID, "A2001"))
		// Another person's topic cannot be deleted.
		expectStatus(t, f.post("/my/topics", url.Values{"action": {"delete"}, "id": {fmt.Sprint(topics[0].ID)}}, f.asCookie(t, "a_instructor")), http.StatusNotFound)
		w = f.get("/instructors", center)
		expectStatus(t, w, http.StatusOK)
		expectBody(t, w, "佐藤 三郎", "令和8年度 1回・1.5時間", "鈴木 次郎", "窓口のユニバーサルデザイン")
		expectStatus(t, f.get("/instructors", staffMe), http.StatusForbidden)

		// 未受講: A1001 was absent from the TERAKOYA session.
		var na []training.NotAttendedEntry
		w = f.get("/api/v1/programs/TERAKOYA/not-attended?fy=2026", f.asBearer(t, "a_center_staff"))
		expectStatus(t, w, http.StatusOK)
		decodeJSON(t, w, &na)
		if len(na) != 1 || na[0].Number != "A1001" || na[0].Reason != "欠席（公務）" {
			t.Fatalf("not attended %+v", na)
		}
		w = f.get("/api/v1/programs/TERAKOYA/not-attended?fy=2026", f.asBearer(t, "a_liaison"))
		decodeJSON(t, w, &na)
		if len(na) != 0 {
			t.Fatalf("liaison sees another department: %+v", na)
		}
		next := recSession(t, f, "TERAKOYA", "2026-07-01")
		expectBody(t, f.get(fmt.Sprintf("/sessions/%d/attendance", next.ID), center), "未受講・欠席（公務）", "髙橋 一樹")
	})
}

// TestRecordsBadFY: the record pages and APIs that read ?fy= read it with
// the kit's one parser, so a year nobody can mean is a 400 with a Japanese
// message (they used to fall back to this year), and every spelling the
// parser accepts works.
func TestRecordsBadFY(t *testing.T) {
	forEachFixture(t, func(t *testing.T, f *fixture) {
		recSetup(t, f)
		center, api := f.asCookie(t, "a_center_staff"), f.asBearer(t, "a_center_staff")
		for _, path := range []string{
			"/programs/TERAKOYA/survey/results",
			"/api/v1/programs/TERAKOYA/survey/results",
			"/api/v1/programs/TERAKOYA/not-attended",
		} {
			c := center
			if strings.HasPrefix(path, "/api/") {
				c = api
			}
			for _, fy := range []string{"2026", "令和8年度", "R8", ""} {
				expectStatus(t, f.get(path+"?fy="+url.QueryEscape(fy), c), http.StatusOK)
			}
			w := f.get(path+"?fy=abc", c)
			expectStatus(t, w, http.StatusBadRequest)
			expectBody(t, w, "年度の指定が正しくありません")
			w = f.get(path+"?fy="+url.QueryEscape("令和99年度"), c)
			expectStatus(t, w, http.StatusBadRequest)
			expectBody(t, w, "年度は平成元年度から")
		}
	})
}
