package web_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"hagukumi/auth"
	"hagukumi/web/webtest"
)

// TestMailOutboxPage: a mail the relay keeps refusing is shown to the
// administrators with the relay's answer; 「すぐ送り直す」 makes it due
// now, 「送信をやめる」 stops it, each audited; another municipality's
// mail answers 404 and does not change; other roles get 403.
func TestMailOutboxPage(t *testing.T) {
	webtest.ForEach(t, func(t *testing.T, f *webtest.Fixture) {
		now := time.Date(2026, 6, 1, 1, 0, 0, 0, time.UTC)
		f.Srv.SetClock(func() time.Time { return now })
		queue := func(muni int64, to string, attempts int) int64 {
			var id int64
			if err := f.D.W.QueryRow(`INSERT INTO mail_queue (municipality_id, to_addr, subject, body, ics, status, attempts, next_attempt_at, last_error, created_at)
				VALUES ($1, $2, '研修のご案内', '本文', '', 'pending', $3, $4, $5, $6) RETURNING id`,
				muni, to, attempts, now.Add(time.Hour), "550 5.1.1 user unknown", now.Add(-time.Hour)).Scan(&id); err != nil {
				t.Fatal(err)
			}
			return id
		}
		failing := queue(f.A.ID, "wrong@example.jp", 3)
		other := queue(f.B.ID, "b@example.jp", 1)
		admin := f.Cookie(t, webtest.LoginOf(auth.CenterAdmin))

		w := f.Get("/mail", admin)
		if w.Code != 200 || !strings.Contains(w.Body.String(), "wrong@example.jp") || !strings.Contains(w.Body.String(), "550 5.1.1 user unknown") {
			t.Fatalf("GET /mail: %d, the failing mail and its error must be listed", w.Code)
		}
		if strings.Contains(w.Body.String(), "b@example.jp") {
			t.Fatal("another municipality's mail is listed")
		}
		if w := f.Get("/mail", f.Cookie(t, webtest.LoginOf(auth.Staff))); w.Code != 403 {
			t.Fatalf("a staff member opens the outbox: %d", w.Code)
		}
		var api struct {
			Counts struct{ Pending, Failing int }
		}
		w = f.Get("/api/v1/mail", f.Bearer(t, webtest.LoginOf(auth.SysAdmin)))
		if err := json.Unmarshal(w.Body.Bytes(), &api); err != nil || api.Counts.Pending != 1 || api.Counts.Failing != 1 {
			t.Fatalf("GET /api/v1/mail: %d %s", w.Code, w.Body.String())
		}

		if w := f.Post(fmt.Sprintf("/mail/%d/retry", failing), nil, admin); w.Code != 303 {
			t.Fatalf("retry: %d %s", w.Code, w.Body.String())
		}
		if n := f.Count(t, `SELECT COUNT(*) FROM mail_queue WHERE id = $1 AND next_attempt_at <= $2`, failing, now); n != 1 {
			t.Fatal("the mail is not due now after 「すぐ送り直す」")
		}
		if w := f.Post(fmt.Sprintf("/mail/%d/cancel", other), nil, admin); w.Code != 404 {
			t.Fatalf("cancel of another municipality's mail: %d, want 404", w.Code)
		}
		if n := f.Count(t, `SELECT COUNT(*) FROM mail_queue WHERE id = $1 AND status = 'pending'`, other); n != 1 {
			t.Fatal("another municipality's mail was changed")
		}
		if w := f.Post(fmt.Sprintf("/mail/%d/cancel", failing), nil, admin); w.Code != 303 {
			t.Fatalf("cancel: %d", w.Code)
		}
		if w := f.Post(fmt.Sprintf("/mail/%d/retry", failing), nil, admin); w.Code != 404 {
			t.Fatalf("retry of a mail given up: %d, want 404", w.Code)
		}
		if n := f.Count(t, `SELECT COUNT(*) FROM audit_log WHERE entity = 'mail' AND action IN ('retry', 'cancel') AND entity_id = $1`, fmt.Sprint(failing)); n != 2 {
			t.Fatalf("%d audit entries for the mail, want 2", n)
		}
		if w := f.Get("/mail", admin); !strings.Contains(w.Body.String(), "送信中止") {
			t.Fatal("the mail given up is not listed as 送信中止")
		}
	})
}
