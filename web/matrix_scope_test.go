package web_test

import (
	"context"
	"encoding/csv"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"hagukumi/audit"
	"hagukumi/calendar"
)

// apiStaffList is the JSON of GET /api/v1/staff.
type apiStaffList struct {
	Total int `json:"total"`
	Limit int `json:"limit"`
	Items []struct {
		Number string `json:"number"`
		Unit   string `json:"unit"`
	} `json:"items"`
}

func (f *fixture) apiStaff(t testing.TB, query string, c cred) apiStaffList {
	t.Helper()
	w := f.get("/api/v1/staff"+query, c)
	expectStatus(t, w, http.StatusOK)
	var l apiStaffList
	decodeJSON(t, w, &l)
	return l
}

func (l apiStaffList) numbers() []string {
	var out []string
	for _, it := range l.Items {
		out = append(out, it.Number)
	}
	sort.Strings(out)
	return out
}

// csvNumbers reads the 職員番号 column of a CSV export.
func csvNumbers(t testing.TB, body string) []string {
	t.Helper()
	recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(body, "\uFEFF"))).ReadAll()
	if err != nil {
		t.Fatalf("export is not CSV: %v", err)
	}
	var out []string
	for _, r := range recs[1:] {
		out = append(out, r[0])
	}
	sort.Strings(out)
	return out
}

// TestObjectScope checks that the handlers narrow to the user's scope:
// department for liaisons and supervisors, the person for staff and
// instructors, the municipality for everyone.
func TestObjectScope(t *testing.T) {
	t.Parallel()
	forEachFixture(t, func(t *testing.T, f *fixture) {
		t.Parallel()
		ctx := context.Background()
		// A unit only municipality A has, to look for in B's pages.
		onlyA, err := f.Srv.Staff.CreateUnit(ctx, audit.System, f.A.ID, 0, "藤枝専用部", calendar.CurrentFY(time.Now()))
		if err != nil {
			t.Fatal(err)
		}
		importA := f.insertImport(t, f.A.ID, "previewed", staffCSVA)
		modes := map[string]func(testing.TB, string) cred{"cookie": f.asCookie, "bearer": f.asBearer}

		for _, login := range []string{"a_liaison", "a_supervisor"} {
			for mode, as := range modes {
				t.Run(login+"/"+mode+"/department only", func(t *testing.T) {
					t.Parallel()
					c := as(t, login)
					for _, n := range numbersSomu {
						w := f.get("/staff/"+n, c)
						expectStatus(t, w, http.StatusNotFound)
						expectBody(t, w, fmt.Sprintf("職員番号 %s の職員は見つかりません。", n))
						w = f.get("/api/v1/staff/"+n, c)
						expectStatus(t, w, http.StatusNotFound)
						expectAPIError(t, w, fmt.Sprintf("職員番号 %s の職員は見つかりません。", n))
					}
					for _, n := range numbersShimin {
						expectStatus(t, f.get("/staff/"+n, c), http.StatusOK)
						expectStatus(t, f.get("/api/v1/staff/"+n, c), http.StatusOK)
					}
					l := f.apiStaff(t, "", c)
					if l.Total != len(numbersShimin) || !slices.Equal(l.numbers(), numbersShimin) {
						t.Fatalf("list: total %d, numbers %v, want %v", l.Total, l.numbers(), numbersShimin)
					}
					for _, it := range l.Items {
						if it.Unit != "市民文化部" && !strings.HasPrefix(it.Unit, "市民文化部/") {
							t.Errorf("%s of %s is outside the user's department", it.Number, it.Unit)
						}
					}
					// Filters cannot widen the scope.
					if l := f.apiStaff(t, fmt.Sprintf("?unit=%d", f.Units["A"]["総務部"]), c); l.Total != 0 || len(l.Items) != 0 {
						t.Errorf("unit filter on another department: %v", l.numbers())
					}
					if l := f.apiStaff(t, "?q="+url.QueryEscape("髙橋"), c); l.Total != 0 {
						t.Errorf("search found another department's staff: %v", l.numbers())
					}
				})
			}
			t.Run(login+"/pages", func(t *testing.T) {
				t.Parallel()
				c := f.asCookie(t, login)
				w := f.get("/staff", c)
				expectStatus(t, w, http.StatusOK)
				expectBody(t, w, "3人", "A2001", "A2002", "A2003")
				expectNotInBody(t, w, "A1001", "A1002", "髙橋", "山田")
				w = f.get("/org", c)
				expectStatus(t, w, http.StatusOK)
				expectBody(t, w, "市民課")
				expectNotInBody(t, w, "人事課", "藤枝専用部")
				w = f.get("/", c)
				expectStatus(t, w, http.StatusOK)
				expectBody(t, w, `<span class="num">3</span><span class="label">在職</span>`)
			})
		}
		t.Run("liaison export is the department", func(t *testing.T) {
			t.Parallel()
			w := f.get("/staff/export", f.asCookie(t, "a_liaison"))
			expectStatus(t, w, http.StatusOK)
			if got := csvNumbers(t, w.Body.String()); !slices.Equal(got, numbersShimin) {
				t.Fatalf("export has %v, want %v", got, numbersShimin)
			}
		})
		t.Run("liaison org units API is the department", func(t *testing.T) {
			w := f.get("/api/v1/org-units", f.asBearer(t, "a_liaison"))
			expectStatus(t, w, http.StatusOK)
			var units []struct{ Path string }
			decodeJSON(t, w, &units)
			for _, u := range units {
				if u.Path != "市民文化部" && !strings.HasPrefix(u.Path, "市民文化部/") {
					t.Errorf("unit %s is outside the liaison's department", u.Path)
				}
			}
		})

		own := map[string]string{"a_staff": "A2001", "a_instructor": "A2002"}
		for login, mine := range own {
			for mode, as := range modes {
				t.Run(login+"/"+mode+"/own record only", func(t *testing.T) {
					t.Parallel()
					c := as(t, login)
					expectStatus(t, f.get("/staff/"+mine, c), http.StatusOK)
					w := f.get("/api/v1/staff/"+mine, c)
					expectStatus(t, w, http.StatusOK)
					var m struct {
						Number  string `json:"number"`
						History struct {
							Units []struct{ Unit string } `json:"units"`
						} `json:"history"`
					}
					decodeJSON(t, w, &m)
					if m.Number != mine || len(m.History.Units) != 1 || m.History.Units[0].Unit != "市民文化部 市民課" {
						t.Fatalf("own record: %+v", m)
					}
					for _, n := range append(append([]string{}, numbersSomu...), numbersShimin...) {
						if n == mine {
							continue
						}
						expectStatus(t, f.get("/staff/"+n, c), http.StatusNotFound)
						expectStatus(t, f.get("/api/v1/staff/"+n, c), http.StatusNotFound)
					}
					for _, n := range numbersB {
						expectStatus(t, f.get("/api/v1/staff/"+n, c), http.StatusNotFound)
					}
				})
			}
		}
		t.Run("staff home shows only me", func(t *testing.T) {
			t.Parallel()
			w := f.get("/", f.asCookie(t, "a_staff"))
			expectStatus(t, w, http.StatusOK)
			expectBody(t, w, "鈴木 次郎", "職員番号 A2001")
			expectNotInBody(t, w, "職員の状況")
		})

		// Municipality B's users never see municipality A's records.
		t.Run("tenant/staff", func(t *testing.T) {
			t.Parallel()
			for _, login := range []string{"b_center_admin", "b_sysadmin", "b_liaison", "b_staff"} {
				for _, n := range append(append([]string{}, numbersSomu...), numbersShimin...) {
					expectStatus(t, f.get("/api/v1/staff/"+n, f.asBearer(t, login)), http.StatusNotFound)
					expectStatus(t, f.get("/staff/"+n, f.asCookie(t, login)), http.StatusNotFound)
				}
			}
			l := f.apiStaff(t, "", f.asBearer(t, "b_center_admin"))
			if !slices.Equal(l.numbers(), numbersB) || l.Total != len(numbersB) {
				t.Fatalf("B's admin lists %v (total %d), want %v", l.numbers(), l.Total, numbersB)
			}
			// B's liaison is scoped to B's 市民文化部, which has A's namesake.
			l = f.apiStaff(t, "", f.asBearer(t, "b_liaison"))
			if !slices.Equal(l.numbers(), []string{"B2001"}) {
				t.Fatalf("B's liaison lists %v, want [B2001]", l.numbers())
			}
			if l := f.apiStaff(t, fmt.Sprintf("?unit=%d", f.Units["A"]["市民文化部"]), f.asBearer(t, "b_center_admin")); l.Total != 0 {
				t.Fatalf("unit filter with A's unit: %v", l.numbers())
			}
			w := f.get("/staff/export", f.asCookie(t, "b_center_admin"))
			expectStatus(t, w, http.StatusOK)
			if got := csvNumbers(t, w.Body.String()); !slices.Equal(got, numbersB) {
				t.Fatalf("B's export has %v", got)
			}
			w = f.get("/staff", f.asCookie(t, "b_center_admin"))
			expectStatus(t, w, http.StatusOK)
			expectBody(t, w, "B1001", "B2001")
			expectNotInBody(t, w, "A1001", "A2001", "髙橋")
			expectStatus(t, f.get("/staff/B2001", f.asCookie(t, "b_staff")), http.StatusOK)
		})
		t.Run("tenant/org units", func(t *testing.T) {
			t.Parallel()
			w := f.get("/api/v1/org-units", f.asBearer(t, "b_center_admin"))
			expectStatus(t, w, http.StatusOK)
			var units []struct {
				ID   int64  `json:"id"`
				Path string `json:"path"`
			}
			decodeJSON(t, w, &units)
			if len(units) != len(f.Units["B"]) {
				t.Errorf("B sees %d units, B has %d", len(units), len(f.Units["B"]))
			}
			for _, u := range units {
				if f.Units["B"][u.Path] != u.ID {
					t.Errorf("B sees unit %d %s, which is not B's", u.ID, u.Path)
				}
			}
			w = f.get("/org", f.asCookie(t, "b_center_admin"))
			expectStatus(t, w, http.StatusOK)
			expectNotInBody(t, w, "藤枝専用部")
			for _, who := range []string{"b_center_admin", "b_sysadmin"} {
				c := f.asCookie(t, who)
				w = f.post(fmt.Sprintf("/org/units/%d/rename", onlyA), url.Values{"name": {"乗っ取り部"}, "fy": {fmt.Sprint(calendar.CurrentFY(time.Now()) + 1)}}, c)
				expectStatus(t, w, http.StatusNotFound)
				expectBody(t, w, "所属が見つかりません。")
				w = f.post("/org/units", url.Values{"name": {"乗っ取り課"}, "parent": {fmt.Sprint(onlyA)}}, c)
				expectStatus(t, w, http.StatusNotFound)
			}
			if n := f.count(t, `SELECT COUNT(*) FROM org_units WHERE name LIKE '乗っ取り%'`); n != 0 {
				t.Fatalf("B's admin changed A's organisation: %d units", n)
			}
			if n := f.count(t, `SELECT COUNT(*) FROM org_units WHERE id = $1 AND to_fy IS NULL`, onlyA); n != 1 {
				t.Fatal("A's unit was renamed by B")
			}
		})
		t.Run("tenant/users", func(t *testing.T) {
			t.Parallel()
			c := f.asCookie(t, "b_center_admin")
			w := f.get("/users", c)
			expectStatus(t, w, http.StatusOK)
			expectBody(t, w, "b_center_admin", "b_liaison")
			expectNotInBody(t, w, "a_center_admin", "a_liaison")
			victim := f.user(t, "a_center_staff")
			p := fmt.Sprintf("/users/%d", victim.ID)
			w = f.get(p, c)
			expectStatus(t, w, http.StatusNotFound)
			expectBody(t, w, "利用者が見つかりません。")
			expectNotInBody(t, w, victim.Login)
			w = f.post(p, url.Values{"display_name": {"乗っ取り"}, "role": {"sysadmin"}, "disabled": {"1"}}, c)
			expectStatus(t, w, http.StatusNotFound)
			w = f.post(p+"/password", nil, c)
			expectStatus(t, w, http.StatusNotFound)
			expectNotInBody(t, w, "仮パスワード")
			u, err := f.Srv.Auth.UserByID(context.Background(), victim.ID)
			if err != nil {
				t.Fatal(err)
			}
			if u.Role != victim.Role || u.Disabled || u.DisplayName != victim.DisplayName || u.MustChangePassword {
				t.Fatalf("A's user changed by B's admin: %+v", u)
			}
			// A's staff and units cannot be linked to B's accounts.
			w = f.post("/users", url.Values{"login": {"b_linked"}, "role": {"staff"}, "staff_number": {"A2001"}, "password": {testPassword}}, c)
			expectStatus(t, w, http.StatusNotFound)
			expectBody(t, w, "職員番号 A2001 の職員は見つかりません。")
			w = f.post("/users", url.Values{"login": {"b_scoped"}, "role": {"liaison"}, "unit": {fmt.Sprint(f.Units["A"]["市民文化部"])}, "password": {testPassword}}, c)
			expectStatus(t, w, http.StatusBadRequest)
			expectBody(t, w, "所属が見つかりません。")
			if n := f.count(t, `SELECT COUNT(*) FROM users WHERE login IN ('b_linked', 'b_scoped')`); n != 0 {
				t.Fatalf("%d accounts created with A's records", n)
			}
		})
		t.Run("tenant/user update with another municipality's unit", func(t *testing.T) {
			target := f.createUser(t, f.B.ID, "B", "b_liaison_target", "liaison")
			w := f.post(fmt.Sprintf("/users/%d", target.ID), url.Values{"role": {"liaison"}, "unit": {fmt.Sprint(f.Units["A"]["総務部"])}}, f.asCookie(t, "b_center_admin"))
			expectStatus(t, w, http.StatusBadRequest)
			expectBody(t, w, "所属が見つかりません。")
		})
		t.Run("tenant/audit", func(t *testing.T) {
			t.Parallel()
			c := f.asCookie(t, "b_center_admin")
			w := f.get("/audit?q=A1001", c)
			expectStatus(t, w, http.StatusOK)
			expectNotInBody(t, w, "髙橋")
			w = f.get("/audit/export", c)
			expectStatus(t, w, http.StatusOK)
			body := w.Body.String()
			if !strings.Contains(body, "B1001") || !strings.Contains(body, "b_center_admin") {
				t.Fatalf("B's audit export lacks B's own entries:\n%s", body)
			}
			for _, s := range []string{"A1001", "A2001", "a_center_admin", "藤枝専用部"} {
				if strings.Contains(body, s) {
					t.Errorf("B's audit export shows A's entry %q", s)
				}
			}
			// And A sees its own, not B's.
			w = f.get("/audit/export", f.asCookie(t, "a_center_admin"))
			expectStatus(t, w, http.StatusOK)
			if !strings.Contains(w.Body.String(), "A1001") || strings.Contains(w.Body.String(), "B1001") {
				t.Fatal("A's audit export is not A's")
			}
		})
		t.Run("tenant/imports", func(t *testing.T) {
			t.Parallel()
			for _, who := range []string{"b_center_admin", "b_sysadmin"} {
				c := f.asCookie(t, who)
				p := fmt.Sprintf("/import/staff/%d", importA)
				w := f.get(p, c)
				expectStatus(t, w, http.StatusNotFound)
				expectBody(t, w, "取込が見つかりません。")
				expectNotInBody(t, w, "fixture.csv")
				w = f.post(p+"/apply", nil, c)
				expectStatus(t, w, http.StatusNotFound)
			}
			if n := f.count(t, `SELECT COUNT(*) FROM imports WHERE id = $1 AND status = 'previewed'`, importA); n != 1 {
				t.Fatal("A's import was touched by B")
			}
			expectStatus(t, f.get(fmt.Sprintf("/import/staff/%d", importA), f.asCookie(t, "a_center_admin")), http.StatusOK)
		})
		t.Run("tenant/settings and home", func(t *testing.T) {
			t.Parallel()
			w := f.get("/", f.asCookie(t, "b_center_admin"))
			expectStatus(t, w, http.StatusOK)
			expectBody(t, w, "静岡市", `<span class="num">2</span><span class="label">在職</span>`)
			expectNotInBody(t, w, "藤枝市")
		})
		t.Run("bogus tokens", func(t *testing.T) {
			t.Parallel()
			for _, p := range []string{"/api/v1/me", "/api/v1/staff", "/api/v1/org-units"} {
				for _, tok := range []string{"hgk_unknown", " ", f.token(t, "a_center_admin") + "x"} {
					r := httptest.NewRequest(http.MethodGet, p, nil)
					r.Header.Set("Authorization", "Bearer "+tok)
					w := f.do(r, anonymous)
					expectStatus(t, w, http.StatusUnauthorized)
					expectAPIError(t, w, "認証が必要です。")
				}
			}
			// A bad token beside a good cookie: the token decides.
			r := httptest.NewRequest(http.MethodGet, "/api/v1/me", nil)
			r.Header.Set("Authorization", "Bearer hgk_unknown")
			expectStatus(t, f.do(r, f.asCookie(t, "a_center_admin")), http.StatusUnauthorized)
			// A token is not a session, nor a session a token.
			expectStatus(t, f.get("/api/v1/me", cred{session: f.token(t, "a_center_admin")}), http.StatusUnauthorized)
			expectStatus(t, f.get("/api/v1/me", cred{bearer: f.session(t, "a_center_admin")}), http.StatusUnauthorized)
		})
		t.Run("api list limit is what was applied", func(t *testing.T) {
			l := f.apiStaff(t, "?limit=5000", f.asBearer(t, "a_center_admin"))
			if l.Limit > 1000 {
				t.Fatalf("response says limit %d, but the store caps a page at 1000 and falls back to 50", l.Limit)
			}
		})
	})
}
