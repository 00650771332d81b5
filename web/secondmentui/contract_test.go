package secondmentui_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"hagukumi/auth"
	"hagukumi/calendar"
	"hagukumi/web/webtest"
)

type active struct {
	Items []struct {
		Number         string `json:"number"`
		Host           string `json:"host"`
		From           string `json:"from"`
		To             string `json:"to"`
		ReportsOverdue int    `json:"reports_overdue"`
		Reports        []struct{ ID int64 }
	} `json:"items"`
}

func getActive(t *testing.T, f *webtest.Fixture, role auth.Role, on string) active {
	t.Helper()
	w := f.Get("/api/v1/secondments?active_on="+on, f.Bearer(t, webtest.LoginOf(role)))
	var a active
	if w.Code != http.StatusOK || json.Unmarshal(w.Body.Bytes(), &a) != nil {
		t.Fatalf("GET active_on=%s as %s: %d %s", on, role, w.Code, w.Body.String())
	}
	return a
}

// TestSecondmentContract: placements running on a date carry number,
// host, from, to and reports_overdue; a late report uploaded clears one
// from the count; staff see only their own placements.
func TestSecondmentContract(t *testing.T) {
	webtest.ForEach(t, func(t *testing.T, f *webtest.Fixture) {
		f.Srv.SetClock(func() time.Time { return time.Date(2026, 7, 15, 10, 0, 0, 0, calendar.JST) })
		for _, body := range []string{
			`{"number":"A2001","host":"静岡県立大学大学院","kind":"大学院","from":"2026-04-01","to":"2027-03-31","costs":"入学金・授業料は市が負担"}`,
			`{"number":"A1001","host":"株式会社しずおか","kind":"民間","from":"2025-04-01","to":"2026-03-31"}`,
		} {
			r := httptest.NewRequest(http.MethodPost, "/api/v1/secondments", strings.NewReader(body))
			if w := f.Do(r, f.Bearer(t, webtest.LoginOf(auth.CenterStaff))); w.Code != http.StatusCreated {
				t.Fatalf("create: %d %s", w.Code, w.Body.String())
			}
		}
		a := getActive(t, f, auth.CenterStaff, "2026-07-15")
		if len(a.Items) != 1 || a.Items[0].Number != "A2001" || a.Items[0].Host != "静岡県立大学大学院" || !strings.HasPrefix(a.Items[0].From, "2026-04-01") ||
			!strings.HasPrefix(a.Items[0].To, "2027-03-31") || a.Items[0].ReportsOverdue != 3 {
			t.Fatalf("active %+v", a)
		}
		if last := getActive(t, f, auth.CenterStaff, "2025-10-01"); len(last.Items) != 1 || last.Items[0].Number != "A1001" {
			t.Fatalf("active last year %+v", last)
		}
		if w := f.Get("/api/v1/secondments?active_on=7月", f.Bearer(t, webtest.LoginOf(auth.CenterStaff))); w.Code != http.StatusBadRequest {
			t.Fatalf("a bad date: %d", w.Code)
		}
		// The person (the staff account is A2001) uploads the April report late.
		r := webtest.MultipartRequest(t, "/secondment-reports/"+itoa(a.Items[0].Reports[0].ID), "4月報告.pdf", []byte("%PDF-1.4"), nil)
		if w := f.Do(r, f.Cookie(t, webtest.LoginOf(auth.Staff))); w.Code != http.StatusSeeOther {
			t.Fatalf("upload: %d %s", w.Code, w.Body.String())
		}
		mine := getActive(t, f, auth.Staff, "2026-07-15")
		if len(mine.Items) != 1 || mine.Items[0].ReportsOverdue != 2 {
			t.Fatalf("after upload %+v", mine)
		}
		// The instructor account (A2002) has no placement, and cannot hand in A2001's report.
		if other := getActive(t, f, auth.Instructor, "2026-07-15"); len(other.Items) != 0 {
			t.Fatalf("another person's placement shown: %+v", other)
		}
		r = webtest.MultipartRequest(t, "/api/v1/secondment-reports/"+itoa(a.Items[0].Reports[1].ID), "x.pdf", []byte("x"), nil)
		if w := f.Do(r, f.Bearer(t, webtest.LoginOf(auth.Instructor))); w.Code != http.StatusNotFound {
			t.Fatalf("upload by another: %d", w.Code)
		}
		page := f.Get("/secondments", f.Cookie(t, webtest.LoginOf(auth.CenterStaff)))
		if page.Code != http.StatusOK || !strings.Contains(page.Body.String(), "期限超過 2件") || !strings.Contains(page.Body.String(), "株式会社しずおか") {
			t.Fatalf("board %d %s", page.Code, page.Body.String())
		}
	})
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
