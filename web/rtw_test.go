package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"hagukumi/app"
	"hagukumi/audit"
	"hagukumi/auth"
	"hagukumi/db"
	"hagukumi/web"
	"hagukumi/web/webtest"
)

// The note every rtw test writes; it must never be found in plain text.
const rtwSecret = "主治医所見テスト：適応障害の疑い・秘密の語ZQX"

func jsonReq(method, path string, v any) *http.Request {
	b, _ := json.Marshal(v)
	r := httptest.NewRequest(method, path, bytes.NewReader(b))
	r.Header.Set("Content-Type", "application/json")
	return r
}

// rtwCase opens a case for A2001 managed by a_case_manager, with one note.
func rtwCase(t *testing.T, f *webtest.Fixture) int64 {
	t.Helper()
	w := f.Do(jsonReq("POST", "/api/v1/rtw-cases", map[string]any{"staff_number": "A2001", "managers": []string{webtest.LoginOf(auth.CaseManager)}}),
		f.Bearer(t, webtest.LoginOf(auth.CenterAdmin)))
	if w.Code != http.StatusCreated {
		t.Fatalf("create case: %d %s", w.Code, w.Body)
	}
	var got struct{ ID int64 }
	json.Unmarshal(w.Body.Bytes(), &got)
	w = f.Do(jsonReq("POST", fmt.Sprintf("/api/v1/rtw-cases/%d/notes", got.ID), map[string]string{"text": rtwSecret}),
		f.Bearer(t, webtest.LoginOf(auth.CaseManager)))
	if w.Code != http.StatusCreated {
		t.Fatalf("add note: %d %s", w.Code, w.Body)
	}
	return got.ID
}

// Contract: the assigned manager reads the case with its notes; every
// read adds one audit entry naming reader and case; the chain verifies.
func TestRTWContractRead(t *testing.T) {
	webtest.ForEach(t, func(t *testing.T, f *webtest.Fixture) {
		id := rtwCase(t, f)
		before := f.Count(t, `SELECT COUNT(*) FROM audit_log WHERE action = 'rtw.read' AND entity_id = $1`, fmt.Sprint(id))
		w := f.Get(fmt.Sprintf("/api/v1/rtw-cases/%d", id), f.Bearer(t, webtest.LoginOf(auth.CaseManager)))
		if w.Code != 200 || !strings.Contains(w.Body.String(), rtwSecret) {
			t.Fatalf("manager read: %d %s", w.Code, w.Body)
		}
		after := f.Count(t, `SELECT COUNT(*) FROM audit_log WHERE action = 'rtw.read' AND entity_id = $1 AND actor = $2`, fmt.Sprint(id), webtest.LoginOf(auth.CaseManager))
		if after != before+1 {
			t.Errorf("audit entries for the read: %d → %d, want one more", before, after)
		}
		if n := f.Count(t, `SELECT COUNT(*) FROM audit_log WHERE detail LIKE $1`, "%秘密%"); n != 0 {
			t.Errorf("%d audit entries hold note text", n)
		}
		if _, err := audit.Verify(context.Background(), f.D.R); err != nil {
			t.Errorf("audit verify: %v", err)
		}
		// One case this year: its count is suppressed (under 5).
		w = f.Get("/api/v1/rtw-counts", f.Bearer(t, webtest.LoginOf(auth.CenterAdmin)))
		if w.Code != 200 || !strings.Contains(w.Body.String(), `"opened":null`) {
			t.Errorf("counts: %d %s", w.Code, w.Body)
		}
	})
}

// The compartment: every role but the assigned manager, and an unassigned
// case manager, gets 404 on every case route, by cookie and by token, and
// nothing of the case in the body.
func TestRTWCompartment(t *testing.T) {
	webtest.ForEach(t, func(t *testing.T, f *webtest.Fixture) {
		id := rtwCase(t, f)
		f.CreateUser(t, f.A.ID, "A", "a_other_case_manager", auth.CaseManager)
		var logins []string
		for _, r := range auth.Roles {
			if r != auth.CaseManager {
				logins = append(logins, webtest.LoginOf(r))
			}
		}
		logins = append(logins, "a_other_case_manager", webtest.LinkedCaseManager, webtest.LoginOfB(auth.CenterAdmin), webtest.LoginOfB(auth.SysAdmin))
		routes := []struct{ method, path string }{
			{"GET", "/rtw/%d"}, {"POST", "/rtw/%d/notes"}, {"POST", "/rtw/%d/content"},
			{"POST", "/rtw/%d/step"}, {"POST", "/rtw/%d/consents"}, {"POST", "/rtw/%d/disclosures"}, {"POST", "/rtw/%d/adjustments"},
			{"POST", "/rtw/%d/close"}, {"GET", "/rtw/%d/audit"},
			{"GET", "/api/v1/rtw-cases/%d"}, {"POST", "/api/v1/rtw-cases/%d/notes"},
		}
		for _, login := range logins {
			for _, rt := range routes {
				path := fmt.Sprintf(rt.path, id)
				var req *http.Request
				cred := f.Cookie(t, login)
				switch {
				case strings.HasPrefix(path, "/api/"):
					cred = f.Bearer(t, login)
					req = jsonReq(rt.method, path, map[string]string{"text": "x"})
				case rt.method == "POST":
					req = webtest.FormRequest(path, map[string][]string{"text": {"x"}})
				default:
					req = httptest.NewRequest("GET", path, nil)
				}
				w := f.Do(req, cred)
				if w.Code != http.StatusNotFound || strings.Contains(w.Body.String(), "A2001") || strings.Contains(w.Body.String(), rtwSecret) {
					t.Errorf("%s %s %s: %d, want 404 and nothing of the case", login, rt.method, path, w.Code)
				}
			}
		}
		if n := f.Count(t, `SELECT COUNT(*) FROM rtw_notes`); n != 1 {
			t.Errorf("refused writes added notes: %d", n)
		}
	})
}

// Contract: the note's text is nowhere in the SQLite file or WAL, nor in
// a backup, nor in the staff export.
func TestRTWNoPlainText(t *testing.T) {
	webtest.ForEach(t, func(t *testing.T, f *webtest.Fixture) {
		rtwCase(t, f)
		w := f.Get("/staff/export", f.Cookie(t, webtest.LoginOf(auth.CenterAdmin)))
		if w.Code != 200 || strings.Contains(w.Body.String(), rtwSecret) {
			t.Errorf("staff export: %d, holds the note: %v", w.Code, strings.Contains(w.Body.String(), rtwSecret))
		}
		if f.D.Engine != db.SQLite {
			return
		}
		if _, err := f.D.W.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
			t.Fatal(err)
		}
		backup := filepath.Join(t.TempDir(), "backup.db")
		if err := f.D.Backup(context.Background(), backup); err != nil {
			t.Fatal(err)
		}
		for _, p := range []string{f.D.Path, f.D.Path + "-wal", backup} {
			b, err := os.ReadFile(p)
			if err != nil && !os.IsNotExist(err) {
				t.Fatal(err)
			}
			if bytes.Contains(b, []byte(rtwSecret)) || bytes.Contains(b, []byte("秘密の語ZQX")) {
				t.Errorf("%s holds the note in plain text", p)
			}
		}
	})
}

// Contract: without the key the server starts, /healthz and the staff
// pages answer, and the case says the key is missing.
func TestRTWKeyMissing(t *testing.T) {
	webtest.ForEach(t, func(t *testing.T, f *webtest.Fixture) {
		id := rtwCase(t, f)
		srv, err := app.New(f.D, web.Config{}, webtest.DiscardLogger())
		if err != nil {
			t.Fatal(err)
		}
		f.H = srv.Handler()
		if w := f.Get("/healthz", webtest.Cred{}); w.Code != 200 {
			t.Errorf("/healthz without key: %d", w.Code)
		}
		if w := f.Get("/staff", f.Cookie(t, webtest.LoginOf(auth.CenterAdmin))); w.Code != 200 {
			t.Errorf("/staff without key: %d", w.Code)
		}
		w := f.Get(fmt.Sprintf("/api/v1/rtw-cases/%d", id), f.Bearer(t, webtest.LoginOf(auth.CaseManager)))
		if w.Code != http.StatusServiceUnavailable || !strings.Contains(w.Body.String(), "暗号鍵") || strings.Contains(w.Body.String(), rtwSecret) {
			t.Errorf("case without key: %d %s", w.Code, w.Body)
		}
		w = f.Get(fmt.Sprintf("/rtw/%d", id), f.Cookie(t, webtest.LoginOf(auth.CaseManager)))
		if w.Code != 200 || !strings.Contains(w.Body.String(), "暗号鍵が設定されていない") {
			t.Errorf("case page without key: %d", w.Code)
		}
	})
}

// A changed byte in a stored note is reported, not shown.
func TestRTWTamper(t *testing.T) {
	webtest.ForEach(t, func(t *testing.T, f *webtest.Fixture) {
		id := rtwCase(t, f)
		var body string
		f.D.R.QueryRow(`SELECT body FROM rtw_notes WHERE case_id = $1`, id).Scan(&body)
		// A character in the middle: the last ones may be padding bits.
		i := len(body) / 2
		c := byte('A')
		if body[i] == 'A' {
			c = 'B'
		}
		if _, err := f.D.W.Exec(`UPDATE rtw_notes SET body = $1 WHERE case_id = $2`, body[:i]+string(c)+body[i+1:], id); err != nil {
			t.Fatal(err)
		}
		w := f.Get(fmt.Sprintf("/rtw/%d", id), f.Cookie(t, webtest.LoginOf(auth.CaseManager)))
		if w.Code != 200 || !strings.Contains(w.Body.String(), "改ざん") || strings.Contains(w.Body.String(), rtwSecret) {
			t.Errorf("tampered note: %d, reported=%v", w.Code, strings.Contains(w.Body.String(), "改ざん"))
		}
	})
}

// The 所属長 sees a released adjustment without its reason; the audit
// review lists the reads.
func TestRTWReleaseAndReview(t *testing.T) {
	webtest.ForEach(t, func(t *testing.T, f *webtest.Fixture) {
		id := rtwCase(t, f)
		cm := f.Cookie(t, webtest.LoginOf(auth.CaseManager))
		for _, p := range []struct {
			path string
			form map[string][]string
		}{
			{"/rtw/%d/content", map[string][]string{"support_plan": {"短時間勤務から開始。" + rtwSecret}, "trial_plan": {"4週間、午前のみ"}}},
			{"/rtw/%d/consents", map[string][]string{"party": {"supervisor"}, "given": {"1"}, "what": {"就業上の配慮"}}},
			{"/rtw/%d/adjustments", map[string][]string{"text": {"時間外勤務なし"}, "until": {"2027-03-31"}}},
		} {
			if w := f.Do(webtest.FormRequest(fmt.Sprintf(p.path, id), p.form), cm); w.Code != http.StatusSeeOther {
				t.Fatalf("%s: %d %s", p.path, w.Code, w.Body)
			}
		}
		w := f.Get("/work-adjustments", f.Cookie(t, webtest.LoginOf(auth.Supervisor)))
		if w.Code != 200 || !strings.Contains(w.Body.String(), "時間外勤務なし") || strings.Contains(w.Body.String(), rtwSecret) || strings.Contains(w.Body.String(), "短時間") {
			t.Errorf("supervisor's page: %d, has adjustment %v", w.Code, strings.Contains(w.Body.String(), "時間外勤務なし"))
		}
		f.Get(fmt.Sprintf("/rtw/%d", id), cm)
		w = f.Get(fmt.Sprintf("/rtw/%d/audit", id), cm)
		if w.Code != 200 || !strings.Contains(w.Body.String(), "閲覧") || !strings.Contains(w.Body.String(), webtest.LoginOf(auth.CaseManager)) {
			t.Errorf("audit review: %d", w.Code)
		}
	})
}
