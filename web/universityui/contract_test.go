package universityui_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"hagukumi/auth"
	"hagukumi/web/webtest"
)

func postJSON(t *testing.T, f *webtest.Fixture, path, body string) *httptest.ResponseRecorder {
	t.Helper()
	r := httptest.NewRequest(http.MethodPost, path, strings.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	w := f.Do(r, f.Bearer(t, webtest.LoginOf(auth.CenterStaff)))
	if w.Code != http.StatusCreated {
		t.Fatalf("POST %s: %d %s", path, w.Code, w.Body.String())
	}
	return w
}

func getJSON(t *testing.T, f *webtest.Fixture, role auth.Role, path string, v any) {
	t.Helper()
	w := f.Get(path, f.Bearer(t, webtest.LoginOf(role)))
	if w.Code != http.StatusOK {
		t.Fatalf("GET %s as %s: %d %s", path, role, w.Code, w.Body.String())
	}
	if err := json.Unmarshal(w.Body.Bytes(), v); err != nil {
		t.Fatal(err)
	}
}

// TestPartnersAndCoursesContract: partners list id, name, kind and their
// agreements (kind, signed_on); a fiscal year's courses list their
// lectures with date and lecturers (number), and a lecturer sees their own dates.
func TestPartnersAndCoursesContract(t *testing.T) {
	webtest.ForEach(t, func(t *testing.T, f *webtest.Fixture) {
		var p struct{ ID int64 }
		json.Unmarshal(postJSON(t, f, "/api/v1/partners", `{"name":"静岡産業大学","kind":"大学"}`).Body.Bytes(), &p)
		postJSON(t, f, fmt.Sprintf("/api/v1/partners/%d/agreements", p.ID), `{"kind":"包括連携協定","signed_on":"2012-07-01","department":"企画政策課"}`)
		postJSON(t, f, fmt.Sprintf("/api/v1/partners/%d/activities", p.ID), `{"date":"2026-06-01","kind":"職員OBOG説明","title":"公務員ガイダンス"}`)

		var partners struct {
			Items []struct {
				ID         int64
				Name, Kind string
				Agreements []struct {
					Kind     string `json:"kind"`
					SignedOn string `json:"signed_on"`
				}
			}
		}
		getJSON(t, f, auth.CenterStaff, "/api/v1/partners", &partners)
		if len(partners.Items) != 1 || partners.Items[0].ID != p.ID || partners.Items[0].Kind != "大学" || len(partners.Items[0].Agreements) != 1 ||
			partners.Items[0].Agreements[0].Kind != "包括連携協定" || partners.Items[0].Agreements[0].SignedOn != "2012-07-01" {
			t.Fatalf("partners %+v", partners)
		}

		var c struct{ ID int64 }
		json.Unmarshal(postJSON(t, f, "/api/v1/university-courses", fmt.Sprintf(`{"partner_id":%d,"fy":2026,"name":"地方自治論A","term":"前期","credits":2}`, p.ID)).Body.Bytes(), &c)
		lectures := fmt.Sprintf("/api/v1/university-courses/%d/lectures", c.ID)
		postJSON(t, f, lectures, `{"date":"2026-04-10","topic":"市の仕事","hours":1.5,"lecturers":[{"number":"A1001"}]}`)
		postJSON(t, f, lectures, `{"date":"2026-04-17","topic":"市民協働","hours":1.5,"lecturers":[{"number":"A2001"},{"number":"A1002"}]}`)

		type course struct {
			Name     string
			Lectures []struct {
				Date      string `json:"date"`
				Lecturers []struct {
					Number string `json:"number"`
				} `json:"lecturers"`
			} `json:"lectures"`
		}
		var all struct{ Items []course }
		getJSON(t, f, auth.CenterStaff, "/api/v1/university-courses?fy=2026", &all)
		if len(all.Items) != 1 || len(all.Items[0].Lectures) != 2 || all.Items[0].Lectures[1].Date != "2026-04-17" || len(all.Items[0].Lectures[1].Lecturers) != 2 || all.Items[0].Lectures[0].Lecturers[0].Number != "A1001" {
			t.Fatalf("courses %+v", all)
		}
		// The staff account is A2001: it sees its own date only.
		var mine struct{ Items []course }
		getJSON(t, f, auth.Staff, "/api/v1/university-courses?fy=2026", &mine)
		if len(mine.Items) != 1 || len(mine.Items[0].Lectures) != 1 || mine.Items[0].Lectures[0].Date != "2026-04-17" {
			t.Fatalf("own lectures %+v", mine)
		}
		if page := f.Get("/university-courses?fy=2026", f.Cookie(t, webtest.LoginOf(auth.Staff))); page.Code != http.StatusOK || !strings.Contains(page.Body.String(), "令和8年4月17日") || strings.Contains(page.Body.String(), "令和8年4月10日") {
			t.Fatalf("lecturer's page %d", page.Code)
		}
		var fig struct {
			University struct{ Lectures, Lecturers, Departments int }
		}
		getJSON(t, f, auth.CenterStaff, "/api/v1/outward/figures?fy=2026", &fig)
		if fig.University.Lectures != 2 || fig.University.Lecturers != 3 || fig.University.Departments != 2 {
			t.Fatalf("figures %+v", fig)
		}
		if page := f.Get("/partners?fy=2026", f.Cookie(t, webtest.LoginOf(auth.CenterStaff))); page.Code != http.StatusOK || !strings.Contains(page.Body.String(), "公務員ガイダンス") {
			t.Fatalf("partners page %d", page.Code)
		}
	})
}
