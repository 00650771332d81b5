package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"hagukumi/auth"
	"hagukumi/db"
	"hagukumi/public"
	"hagukumi/recruit"
	"hagukumi/web/webtest"
)

// recruitEvent creates a published briefing through the API and returns
// its id and its sessions' ids.
func recruitEvent(t *testing.T, f *webtest.Fixture, capacity ...int) (int64, []int64) {
	t.Helper()
	var sessions []string
	for i, c := range capacity {
		sessions = append(sessions, fmt.Sprintf(`{"starts_at": "2026-06-%02dT13:00:00+09:00", "capacity": %d, "place": "本庁舎 大会議室"}`, 20+i, c))
	}
	body := `{"title": "市役所職員採用説明会", "sessions": [` + strings.Join(sessions, ",") + `], "published": true}`
	r := httptest.NewRequest(http.MethodPost, "/api/v1/recruit-events", strings.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	w := f.Do(r, f.Bearer(t, webtest.LoginOf(auth.CenterStaff)))
	if w.Code != http.StatusCreated {
		t.Fatalf("POST /api/v1/recruit-events: %d %s", w.Code, w.Body)
	}
	var out struct {
		ID       int64 `json:"id"`
		Sessions []struct {
			ID int64 `json:"id"`
		} `json:"sessions"`
	}
	if err := json.Unmarshal(w.Body.Bytes(), &out); err != nil || out.ID == 0 || len(out.Sessions) != len(capacity) {
		t.Fatalf("created: %s (%v)", w.Body, err)
	}
	var ids []int64
	for _, x := range out.Sessions {
		ids = append(ids, x.ID)
	}
	return out.ID, ids
}

// recruitRegister posts the contract's fields only (no stamp, no proof of
// work): accepted, queued for review.
func recruitRegister(t *testing.T, f *webtest.Fixture, event, session int64, name, email string) *httptest.ResponseRecorder {
	t.Helper()
	return postFrom(f.Srv.PublicHandler(), "203.0.113."+fmt.Sprint(f.Next()%250+1), fmt.Sprintf("/public/recruit/%d/register", event), url.Values{
		"name": {name}, "kana": {"テスト"}, "email": {email}, "university": {"静岡大学"}, "graduation_year": {"2027"},
		"session_id": {fmt.Sprint(session)}, "consent": {"on"}})
}

func trackOf(t *testing.T, w *httptest.ResponseRecorder) string {
	t.Helper()
	loc := w.Header().Get("Location")
	if w.Code != http.StatusSeeOther || !strings.HasPrefix(loc, "/public/track/") {
		t.Fatalf("register: %d %q %s", w.Code, loc, w.Body)
	}
	return loc
}

func getPublic(f *webtest.Fixture, path string) *httptest.ResponseRecorder {
	w := httptest.NewRecorder()
	f.Srv.PublicHandler().ServeHTTP(w, httptest.NewRequest(http.MethodGet, path, nil))
	return w
}

type recruitRegs struct {
	Items []struct {
		ID        int64  `json:"id"`
		State     string `json:"state"`
		SessionID int64  `json:"session_id"`
		Name      string `json:"name"`
		Email     string `json:"email"`
	} `json:"items"`
}

// TestRecruitContract walks the contract on both engines: the
// event API, the public page and form, 登録済 and キャンセル待ち on the
// private link, the duplicate 409 storing nothing, a cancellation
// promoting the first waitlisted, the registrations API, and the
// retention run after which the figures answer the same counts and no
// registrant's name or address is left (SQLite file and WAL included).
func TestRecruitContract(t *testing.T) {
	webtest.ForEach(t, func(t *testing.T, f *webtest.Fixture) {
		ctx := context.Background()
		now := time.Date(2026, 6, 1, 1, 0, 0, 0, time.UTC)
		f.Srv.SetClock(func() time.Time { return now })
		id, sessions := recruitEvent(t, f, 1)
		x := sessions[0]

		if w := getPublic(f, "/public/recruit"); w.Code != 200 || !strings.Contains(w.Body.String(), "市役所職員採用説明会") || !strings.Contains(w.Body.String(), "受付中") {
			t.Fatalf("public list: %d %s", w.Code, w.Body)
		}
		w := getPublic(f, fmt.Sprintf("/public/recruit/%d", id))
		if w.Code != 200 || !strings.Contains(w.Body.String(), `name="consent"`) || !strings.Contains(w.Body.String(), "/public/privacy") {
			t.Fatalf("public page: %d", w.Code)
		}
		// Without consent: refused, nothing stored.
		r := postFrom(f.Srv.PublicHandler(), "203.0.113.9", fmt.Sprintf("/public/recruit/%d/register", id), url.Values{
			"name": {"同意 なし"}, "kana": {"ドウイ"}, "email": {"no@example.jp"}, "university": {"静岡大学"}, "graduation_year": {"2027"}, "session_id": {fmt.Sprint(x)}})
		if r.Code != http.StatusUnprocessableEntity || !strings.Contains(r.Body.String(), "同意") {
			t.Fatalf("without consent: %d", r.Code)
		}
		first := trackOf(t, recruitRegister(t, f, id, x, "秘密 一郎", "Ichiro.Secret@example.jp"))
		second := trackOf(t, recruitRegister(t, f, id, x, "秘密 二郎", "jiro.secret@example.jp"))
		if w := getPublic(f, first); w.Code != 200 || !strings.Contains(w.Body.String(), "登録済") || !strings.Contains(w.Body.String(), "/qr.png") {
			t.Fatalf("first track: %d", w.Code)
		}
		if w := getPublic(f, second); w.Code != 200 || !strings.Contains(w.Body.String(), "キャンセル待ち") {
			t.Fatalf("second track: %d", w.Code)
		}
		if w := getPublic(f, first+"/qr.png"); w.Code != 200 || w.Header().Get("Content-Type") != "image/png" {
			t.Fatalf("qr: %d %s", w.Code, w.Header().Get("Content-Type"))
		}
		if w := getPublic(f, fmt.Sprintf("/public/recruit/%d", id)); !strings.Contains(w.Body.String(), "満席・キャンセル待ち") {
			t.Error("the full event's page does not say 満席・キャンセル待ち")
		}
		// The same address again, other case and spaces: 409, nothing stored.
		before := f.Count(t, `SELECT COUNT(*) FROM recruit_registrations`)
		subs := f.Count(t, `SELECT COUNT(*) FROM public_submissions`)
		if w := recruitRegister(t, f, id, x, "秘密 一郎", " ichiro.secret@EXAMPLE.jp "); w.Code != http.StatusConflict || !strings.Contains(w.Body.String(), "既に登録") {
			t.Fatalf("duplicate: %d %s", w.Code, w.Body)
		}
		if f.Count(t, `SELECT COUNT(*) FROM recruit_registrations`) != before || f.Count(t, `SELECT COUNT(*) FROM public_submissions`) != subs {
			t.Fatal("the duplicate stored something")
		}
		// The confirmation mail holds the private link.
		if n := f.Count(t, `SELECT COUNT(*) FROM mail_queue WHERE to_addr = 'Ichiro.Secret@example.jp' AND body LIKE $1`, "%"+first+"%"); n != 1 {
			t.Fatalf("%d confirmation mails with the link", n)
		}
		// Registrations API.
		regs := func() recruitRegs {
			w := f.Get(fmt.Sprintf("/api/v1/recruit-events/%d/registrations", id), f.Bearer(t, webtest.LoginOf(auth.CenterAdmin)))
			var out recruitRegs
			if w.Code != 200 || json.Unmarshal(w.Body.Bytes(), &out) != nil {
				t.Fatalf("registrations: %d %s", w.Code, w.Body)
			}
			return out
		}
		got := regs()
		if len(got.Items) != 2 || got.Items[0].State != "registered" || got.Items[1].State != "waitlisted" || got.Items[0].SessionID != x {
			t.Fatalf("registrations: %+v", got)
		}
		// Nobody outside the center reads them.
		for _, role := range []auth.Role{auth.Staff, auth.Supervisor, auth.Liaison, auth.Instructor, auth.SysAdmin} {
			if w := f.Get(fmt.Sprintf("/api/v1/recruit-events/%d/registrations", id), f.Bearer(t, webtest.LoginOf(role))); w.Code != http.StatusForbidden {
				t.Errorf("%s reads the registrations: %d", role, w.Code)
			}
		}
		// Another municipality's center gets 404.
		if w := f.Get(fmt.Sprintf("/api/v1/recruit-events/%d/registrations", id), f.Bearer(t, webtest.LoginOfB(auth.CenterAdmin))); w.Code != http.StatusNotFound {
			t.Errorf("municipality B reads A's registrations: %d", w.Code)
		}
		// Cancel the first: the waitlisted second becomes 登録済.
		if w := postFrom(f.Srv.PublicHandler(), "203.0.113.1", first+"/cancel", nil); w.Code != http.StatusSeeOther {
			t.Fatalf("cancel: %d %s", w.Code, w.Body)
		}
		if w := getPublic(f, second); !strings.Contains(w.Body.String(), "登録済") {
			t.Fatal("the waitlisted registrant was not promoted")
		}
		got = regs()
		states := map[string]int{}
		for _, g := range got.Items {
			states[g.State]++
		}
		if states["registered"] != 1 || states["cancelled"] != 1 {
			t.Fatalf("after cancel: %+v", states)
		}
		// The desk checks the second in by code.
		var code string
		f.D.R.QueryRow(`SELECT checkin_code FROM recruit_registrations WHERE state = 'registered'`).Scan(&code)
		now = time.Date(2026, 6, 20, 3, 30, 0, 0, time.UTC)
		if w := f.Post(fmt.Sprintf("/recruit/events/%d/checkin", id), url.Values{"code": {code}}, f.Cookie(t, webtest.LoginOf(auth.CenterStaff))); w.Code != http.StatusSeeOther {
			t.Fatalf("check-in: %d %s", w.Code, w.Body)
		}
		figures := func() string {
			w := f.Get(fmt.Sprintf("/api/v1/recruit-events/%d/figures", id), f.Bearer(t, webtest.LoginOf(auth.CenterAdmin)))
			if w.Code != 200 {
				t.Fatalf("figures: %d %s", w.Code, w.Body)
			}
			var m map[string]any
			json.Unmarshal(w.Body.Bytes(), &m)
			delete(m, "purged")
			b, _ := json.Marshal(m)
			return string(b)
		}
		before2 := figures()
		if !strings.Contains(before2, `"attended":1`) || !strings.Contains(before2, `"cancelled":1`) {
			t.Fatalf("figures: %s", before2)
		}
		// The retention run after the end of the next fiscal year.
		st := &recruit.Store{DB: f.D, Pub: &public.Store{DB: f.D}}
		p, err := st.Purge(ctx, time.Date(2028, 4, 1, 0, 0, 0, 0, time.UTC))
		if err != nil || p.Events != 1 {
			t.Fatalf("purge: %+v %v", p, err)
		}
		if after := figures(); after != before2 {
			t.Fatalf("figures changed by the purge:\n%s\n%s", before2, after)
		}
		for _, g := range regs().Items {
			if g.Name != "" || g.Email != "" {
				t.Fatalf("a purged registration still names someone: %+v", g)
			}
		}
		for _, q := range []string{
			`SELECT COUNT(*) FROM recruit_registrations WHERE name <> '' OR email <> ''`,
			`SELECT COUNT(*) FROM public_submissions WHERE name LIKE '%秘密%' OR email LIKE '%secret%'`,
			`SELECT COUNT(*) FROM mail_queue WHERE to_addr LIKE '%secret%' OR body LIKE '%秘密%'`,
			`SELECT COUNT(*) FROM audit_log WHERE detail LIKE '%秘密%' OR detail LIKE '%secret%'`,
		} {
			if n := f.Count(t, q); n != 0 {
				t.Errorf("%s: %d", q, n)
			}
		}
		if w := getPublic(f, first); w.Code != http.StatusNotFound {
			t.Errorf("the private link answers %d after the purge", w.Code)
		}
		if f.D.Engine != db.SQLite {
			return
		}
		if _, err := f.D.W.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
			t.Fatal(err)
		}
		for _, path := range []string{f.D.Path, f.D.Path + "-wal"} {
			b, err := os.ReadFile(path)
			if err != nil && !os.IsNotExist(err) {
				t.Fatal(err)
			}
			for _, secret := range []string{"秘密 一郎", "秘密 二郎", "ichiro.secret", "Ichiro.Secret", "jiro.secret"} {
				if bytes.Contains(b, []byte(secret)) {
					t.Errorf("%s holds %q after the purge", path, secret)
				}
			}
		}
	})
}

// TestRecruitSpeakerSeesNamesOnly: a staff speaker sees the names
// registered for their own session, and nothing else; the center's pages
// are closed to them.
func TestRecruitSpeakerSeesNamesOnly(t *testing.T) {
	webtest.ForEach(t, func(t *testing.T, f *webtest.Fixture) {
		now := time.Date(2026, 6, 1, 1, 0, 0, 0, time.UTC)
		f.Srv.SetClock(func() time.Time { return now })
		id, sessions := recruitEvent(t, f, 5, 5)
		trackOf(t, recruitRegister(t, f, id, sessions[0], "説明 聞子", "kiko@example.jp"))
		trackOf(t, recruitRegister(t, f, id, sessions[1], "別回 太郎", "betsu@example.jp"))
		u := f.User(t, webtest.LoginOf(auth.Staff))
		var number string
		f.D.R.QueryRow(`SELECT number FROM staff WHERE id = $1`, u.StaffID).Scan(&number)
		if w := f.Post(fmt.Sprintf("/recruit/events/%d/speakers", id), url.Values{"session_id": {fmt.Sprint(sessions[0])}, "number": {number}, "hours": {"1.5"}},
			f.Cookie(t, webtest.LoginOf(auth.CenterAdmin))); w.Code != http.StatusSeeOther {
			t.Fatalf("add speaker: %d", w.Code)
		}
		w := f.Get("/recruit/my-sessions", f.Cookie(t, webtest.LoginOf(auth.Staff)))
		body := w.Body.String()
		if w.Code != 200 || !strings.Contains(body, "説明 聞子") || strings.Contains(body, "別回 太郎") || strings.Contains(body, "kiko@example.jp") || strings.Contains(body, "静岡大学") {
			t.Fatalf("speaker page: %d\n%s", w.Code, body)
		}
		if w := f.Get(fmt.Sprintf("/recruit/events/%d", id), f.Cookie(t, webtest.LoginOf(auth.Staff))); w.Code != http.StatusForbidden {
			t.Errorf("staff opens the event page: %d", w.Code)
		}
	})
}

// TestRecruitUniversities: a university, a contact and a visit from the
// forms; the alumni of one university on request; the year's figures
// count the visit.
func TestRecruitUniversities(t *testing.T) {
	webtest.ForEach(t, func(t *testing.T, f *webtest.Fixture) {
		c := f.Cookie(t, webtest.LoginOf(auth.CenterStaff))
		if w := f.Post("/recruit/universities", url.Values{"name": {"静岡大学"}, "kana": {"シズオカダイガク"}, "prefecture": {"静岡県"}, "partner": {"on"}}, c); w.Code != http.StatusSeeOther {
			t.Fatalf("university: %d", w.Code)
		}
		var id int64
		f.D.R.QueryRow(`SELECT id FROM recruit_universities WHERE name = '静岡大学'`).Scan(&id)
		if w := f.Post(fmt.Sprintf("/recruit/universities/%d/contacts", id), url.Values{"name": {"キャリア 担当"}, "email": {"career@example.ac.jp"}}, c); w.Code != http.StatusSeeOther {
			t.Fatalf("contact: %d", w.Code)
		}
		day := time.Now().In(time.FixedZone("JST", 9*3600)).Format(time.DateOnly)
		if w := f.Post("/recruit/visits", url.Values{"university_id": {fmt.Sprint(id)}, "date": {day}, "what": {"学内説明会"}, "students": {"25"}}, c); w.Code != http.StatusSeeOther {
			t.Fatalf("visit: %d", w.Code)
		}
		w := f.Get("/recruit/universities", c)
		if w.Code != 200 || !strings.Contains(w.Body.String(), "キャリア 担当") || !strings.Contains(w.Body.String(), "学内説明会") {
			t.Fatalf("universities page: %d", w.Code)
		}
		if w := f.Get(fmt.Sprintf("/recruit/universities?alumni=%d", id), c); w.Code != 200 || !strings.Contains(w.Body.String(), "静岡大学 出身の職員") {
			t.Fatalf("alumni: %d", w.Code)
		}
		if w := f.Get("/recruit/universities?alumni=999999", c); w.Code != http.StatusNotFound {
			t.Fatalf("alumni of no university: %d", w.Code)
		}
		w = f.Get("/api/v1/recruit-figures", f.Bearer(t, webtest.LoginOf(auth.CenterAdmin)))
		if w.Code != 200 || !strings.Contains(w.Body.String(), `"visits":1`) || !strings.Contains(w.Body.String(), `"students":25`) {
			t.Fatalf("year figures: %d %s", w.Code, w.Body)
		}
	})
}
