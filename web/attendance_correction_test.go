package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"testing"

	"hagukumi/training"
)

// TestAttendanceCorrection: once a session's day is over, its instructor
// can no longer change the attendance; the center can, as a correction
// with a required reason that the audit entry keeps. On the day itself
// the instructor marks as before, with no reason asked.
func TestAttendanceCorrection(t *testing.T) {
	forEachFixture(t, func(t *testing.T, f *fixture) {
		recSetup(t, f) // today is 2026-06-10
		center, instructor := f.asCookie(t, "a_center_staff"), f.asCookie(t, "a_instructor")
		held := recSession(t, f, "SETTAI", "2026-06-09", training.Instructor{Number: "A2002"})
		today := recSession(t, f, "SETTAI", "2026-06-10", training.Instructor{Number: "A2002"})
		recEnrol(t, f, held.ID, "A2001")
		recEnrol(t, f, today.ID, "A2001")
		form := url.Values{"n": {"A2001"}, "st_A2001": {"present"}}

		// Today's session: the instructor marks, nothing about a correction.
		page := fmt.Sprintf("/sessions/%d/attendance", today.ID)
		expectNotInBody(t, f.get(page, instructor), "訂正の理由")
		expectRedirect(t, f.post(page, form, instructor), page)

		// The held session: the instructor is refused and offered no button.
		page = fmt.Sprintf("/sessions/%d/attendance", held.ID)
		w := f.get(page, instructor)
		expectStatus(t, w, http.StatusOK)
		expectBody(t, w, "人財育成センターにご連絡ください")
		expectNotInBody(t, w, "出欠を保存", "訂正の理由")
		expectStatus(t, f.post(page, form, instructor), http.StatusConflict)
		api := fmt.Sprintf("/api/v1/sessions/%d/attendance", held.ID)
		expectStatus(t, f.do(recJSON(api, `[{"number":"A2001","status":"present"}]`), f.asBearer(t, "a_instructor")), http.StatusConflict)

		// The center sees the required reason field; without it nothing is saved.
		expectBody(t, f.get(page, center), `name="correction_reason"`, "訂正の理由（必須）")
		w = f.post(page, form, center)
		expectStatus(t, w, http.StatusBadRequest)
		expectBody(t, w, "訂正する理由を入力してください")
		if n := f.count(t, `SELECT COUNT(*) FROM attendance WHERE session_id = $1`, held.ID); n != 0 {
			t.Fatalf("a correction without reason saved %d rows", n)
		}
		form.Set("correction_reason", "出席簿の記入漏れ")
		expectRedirect(t, f.post(page, form, center), page)
		if n := f.count(t, `SELECT COUNT(*) FROM attendance WHERE session_id = $1 AND status = 'present'`, held.ID); n != 1 {
			t.Fatalf("corrected rows %d, want 1", n)
		}
		if n := f.count(t, `SELECT COUNT(*) FROM audit_log WHERE action = 'correct' AND entity = 'attendance' AND entity_id = $1 AND detail LIKE $2`,
			fmt.Sprint(held.ID), "%出席簿の記入漏れ%"); n != 1 {
			t.Fatalf("correction audit entries with the reason: %d, want 1", n)
		}
		// The API: the center corrects with ?reason=, never without.
		expectStatus(t, f.do(recJSON(api, `[{"number":"A2001","status":"absent","reason":"病気"}]`), f.asBearer(t, "a_center_staff")), http.StatusBadRequest)
		expectStatus(t, f.do(recJSON(api+"?reason="+url.QueryEscape("病欠の届出"), `[{"number":"A2001","status":"absent","reason":"病気"}]`), f.asBearer(t, "a_center_staff")), http.StatusOK)
		if n := f.count(t, `SELECT COUNT(*) FROM audit_log WHERE action = 'correct' AND detail LIKE $1`, "%病欠の届出%"); n != 1 {
			t.Fatalf("API correction audit entries: %d, want 1", n)
		}
	})
}
