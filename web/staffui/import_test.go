package staffui_test

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

	"hagukumi/app"
	"hagukumi/web"
	"hagukumi/web/webtest"
)

func expect(t *testing.T, w *httptest.ResponseRecorder, status int, body ...string) {
	t.Helper()
	if w.Code != status {
		t.Fatalf("status %d, want %d; body:\n%.600s", w.Code, status, w.Body.String())
	}
	for _, b := range body {
		if !strings.Contains(w.Body.String(), b) {
			t.Fatalf("body lacks %q:\n%s", b, w.Body.String())
		}
	}
}

// A file that adds someone already registered under another number shows
// the warning in colour, and is applied only once the person ticks that
// they have read it; the API and the CLI take confirm likewise.
func TestImportWarningsMustBeConfirmed(t *testing.T) {
	webtest.ForEach(t, func(t *testing.T, f *webtest.Fixture) {
		admin := f.Cookie(t, webtest.LoginOf("center_admin"))
		file := "職員番号,氏名,生年月日,採用日,雇用区分,所属\nA9001,髙橋 一樹,1988/7/12,2011/4/1,正規,総務部 人事課\n"
		w := f.Do(webtest.MultipartRequest(t, "/import/staff", "dup.csv", []byte(file), map[string]string{"as_of": "2025-04-01"}), admin)
		expect(t, w, http.StatusSeeOther)
		loc := w.Header().Get("Location")
		w = f.WaitImport(t, loc, admin)
		expect(t, w, http.StatusOK, `<div class="notice" id="warnings">`, "確認が必要です：1件の警告があります",
			"登録済みの職員番号 A1001 の職員と氏名（髙橋 一樹）・生年月日（1988-07-12）が同じです", `name="confirm" type="checkbox" value="1" required`)

		w = f.Post(loc+"/apply", nil, admin)
		expect(t, w, http.StatusUnprocessableEntity, "「警告を確認しました」にチェックを入れてから適用してください。", `name="confirm"`)
		if n := f.Count(t, `SELECT COUNT(*) FROM staff WHERE number = 'A9001'`); n != 0 {
			t.Fatal("an unconfirmed import was applied")
		}
		w = f.Post(loc+"/apply", url.Values{"confirm": {"1"}}, admin)
		expect(t, w, http.StatusSeeOther)
		expect(t, f.WaitImport(t, loc, admin), http.StatusOK, "取込を適用しました")
		if n := f.Count(t, `SELECT COUNT(*) FROM staff WHERE number = 'A9001'`); n != 1 {
			t.Fatal("the confirmed import was not applied")
		}

		api := f.Bearer(t, webtest.LoginOf("center_admin"))
		file = strings.Replace(file, "A9001", "A9002", 1)
		post := func(q string) *httptest.ResponseRecorder {
			r := httptest.NewRequest(http.MethodPost, "/api/v1/imports/staff?as_of=2025-04-01&dry_run=false"+q, bytes.NewReader([]byte(file)))
			return f.Do(r, api)
		}
		expect(t, post(""), http.StatusConflict, `"applied":false`, `"kind":"duplicate"`)
		expect(t, post("&confirm=true"), http.StatusOK, `"applied":true`)
	})
}

// An import whose process died while applying (its lease ran out) is taken
// back to previewed when its page is viewed or the server starts, and can
// be applied again; one whose lease is fresh belongs to a live instance and
// is left alone.
func TestImportLeftApplyingIsRecovered(t *testing.T) {
	webtest.ForEach(t, func(t *testing.T, f *webtest.Fixture) {
		admin := f.Cookie(t, webtest.LoginOf("center_admin"))
		ctx := context.Background()
		stuck := func(lease any) int64 {
			id := f.InsertImport(t, f.A.ID, "previewed", webtest.StaffCSVA)
			if _, err := f.D.W.ExecContext(ctx, `UPDATE imports SET status = 'applying', lease_until = $1 WHERE id = $2`, lease, id); err != nil {
				t.Fatal(err)
			}
			return id
		}
		status := func(id int64) string {
			var s string
			if err := f.D.R.QueryRowContext(ctx, `SELECT status FROM imports WHERE id = $1`, id).Scan(&s); err != nil {
				t.Fatal(err)
			}
			return s
		}
		dead := stuck(time.Now().Add(-time.Hour).UnixMilli())
		live := stuck(time.Now().Add(time.Minute).UnixMilli())

		loc := fmt.Sprintf("/import/staff/%d", dead)
		w := f.Get(loc, admin)
		expect(t, w, http.StatusOK, "前回の取込は完了しませんでした。変更は行われていません。もう一度適用できます。", `action="`+loc+`/apply"`)
		if s := status(dead); s != "previewed" {
			t.Fatalf("dead import is %s", s)
		}
		expect(t, f.Post(loc+"/apply", nil, admin), http.StatusSeeOther)
		expect(t, f.WaitImport(t, loc, admin), http.StatusOK, "取込を適用しました")

		w = f.Get(fmt.Sprintf("/import/staff/%d", live), admin)
		expect(t, w, http.StatusOK, `data-refresh="1"`, "取込を適用しています")
		expect(t, f.Post(fmt.Sprintf("/import/staff/%d/apply", live), nil, admin), http.StatusConflict)
		if s := status(live); s != "applying" {
			t.Fatalf("live import is %s", s)
		}

		// At start, every dead import is taken back and live ones are kept.
		dead = stuck(time.Now().Add(-time.Minute).UnixMilli())
		legacy := stuck(nil)
		if _, err := app.New(f.D, web.Config{}, webtest.DiscardLogger()); err != nil {
			t.Fatal(err)
		}
		if a, b, c := status(dead), status(legacy), status(live); a != "previewed" || b != "previewed" || c != "applying" {
			t.Fatalf("after start: dead %s, without lease %s, live %s", a, b, c)
		}
		// The live one belongs to no process of this test: end it so that
		// the fixture does not wait for it.
		if _, err := f.D.W.ExecContext(ctx, `UPDATE imports SET status = 'failed' WHERE id = $1`, live); err != nil {
			t.Fatal(err)
		}
	})
}
