package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp/kb"
)

const (
	sampleCSV  = "testdata/staff_sample_cp932.csv"   // 8 staff, Shift_JIS (CP932)
	badRowsCSV = "testdata/staff_bad_rows_cp932.csv" // 3 bad rows of 4, Shift_JIS
)

// Journey 1: first start → log in with the printed admin password, by
// keyboard only → forced to change it → change it → home shows the counts.
func TestJourneyFirstStartAdminLogin(t *testing.T) {
	start := time.Now()
	e := newEnv(t)

	// First visit: everything sends to the login page.
	e.open("/")
	if p := e.path(); p != "/login" {
		t.Fatalf("first visit: at %s, want /login", p)
	}
	e.checkPage("login")

	// The keyboard path: the login name has the focus, Tab to the password,
	// Tab to the button, Enter.
	e.open("/login")
	// autofocus applies at the next rendering after the load.
	e.waitFor("autofocus on the login name field", `document.activeElement === document.getElementById('login')`, 5*time.Second)
	e.press("admin")
	e.press(kb.Tab)
	if a := e.activeElement(); !strings.HasPrefix(a, "input#password") {
		t.Fatalf("Tab from the login name reaches %s, want the password", a)
	}
	e.press(e.adminPassword)
	e.press(kb.Tab)
	if a := e.activeElement(); !strings.HasPrefix(a, "button[type=submit]") || !strings.Contains(a, "ログイン") {
		t.Fatalf("Tab from the password reaches %s, want the ログイン button", a)
	}
	e.submit(chromeKey(kb.Enter))

	// Forced to change the one-time password, and kept there.
	if p := e.path(); p != "/account/password" {
		t.Fatalf("after the first login: at %s, want /account/password", p)
	}
	if n := e.text(".notice"); !strings.Contains(n, "新しいパスワードを設定してください") {
		t.Errorf("password page notice = %q", n)
	}
	e.checkPage("password-forced")
	e.open("/staff")
	if p := e.path(); p != "/account/password" {
		t.Errorf("before changing the password, /staff leads to %s, want /account/password", p)
	}

	// A mismatch is refused in Japanese.
	e.typeInto("#current", e.adminPassword)
	e.typeInto("#new", "Fujieda-Center-7391")
	e.typeInto("#confirm", "Fujieda-Center-7392")
	e.click(`form[action="/account/password"] button[type=submit]`)
	if msg := e.text(".error"); !strings.Contains(msg, "一致しません") {
		t.Errorf("mismatched confirmation: error %q", msg)
	}
	e.checkPage("password-mismatch")

	// Change it, by keyboard: Tab from the confirmation to the button, Enter.
	newPW := strongPassword("Center")
	e.typeInto("#current", e.adminPassword)
	e.typeInto("#new", newPW)
	e.typeInto("#confirm", newPW)
	e.press(kb.Tab)
	if a := e.activeElement(); !strings.Contains(a, "変更する") {
		t.Fatalf("Tab from the confirmation reaches %s, want the 変更する button", a)
	}
	e.submit(chromeKey(kb.Enter))
	if p := e.path(); p != "/" {
		t.Fatalf("after the change: at %s (error %q)", p, e.text(".error"))
	}
	if f := e.text(".flash"); f != "パスワードを変更しました。" {
		t.Errorf("flash = %q", f)
	}
	labels := e.texts(".stats .label")
	nums := e.texts(".stats .num")
	if want := []string{"在職", "休職", "退職", "所属（今年度）"}; strings.Join(labels, ",") != strings.Join(want, ",") {
		t.Errorf("home counts labels = %v, want %v", labels, want)
	}
	if strings.Join(nums, ",") != "0,0,0,0" {
		t.Errorf("home counts on a new database = %v, want 0,0,0,0", nums)
	}
	e.checkPage("home")

	// The old one-time password no longer works; the new one does.
	e.logout()
	e.login("admin", e.adminPassword)
	if msg := e.text(".error"); !strings.Contains(msg, "正しくありません") {
		t.Errorf("login with the old password: error %q", msg)
	}
	e.checkPage("login-failed")
	e.login("admin", newPW)
	if p := e.path(); p != "/" {
		t.Errorf("login with the new password: at %s, want /", p)
	}
	t.Logf("journey 1 took %v", time.Since(start).Round(time.Millisecond))
}

// Journey 2: import a Shift_JIS staff file: the preview shows the diff,
// apply, the list shows them; a file with bad rows shows every error in
// Japanese and changes nothing.
func TestJourneyImportStaff(t *testing.T) {
	start := time.Now()
	e := newEnv(t)
	e.adminReady()

	e.open("/staff")
	if n := e.staffTotal(); n != 0 {
		t.Fatalf("staff before the import = %d", n)
	}

	// Reach the import page from the menu.
	e.click(`header nav a[href="/import/staff"]`)
	e.checkPage("import-form")

	e.uploadStaff(sampleCSV)
	if h := e.text("main h2"); h != "変更内容（まだ適用していません）" {
		t.Fatalf("preview heading = %q (errors %v)", h, e.texts(".error td"))
	}
	counts := strings.Join(e.texts(".stats .num"), ",")
	if counts != "8,0,0,0" {
		t.Errorf("preview 追加,更新,変更なし,退職 = %s, want 8,0,0,0", counts)
	}
	names := e.texts("main table tbody tr td:nth-child(3)")
	for _, want := range []string{"髙橋 一樹", "山﨑 葵", "望月 ①美"} {
		if !contains(names, want) {
			t.Errorf("preview lacks %s (CP932 extension characters): %v", want, names)
		}
	}
	e.checkPage("import-preview")
	previewAt := e.location()

	// Nothing is applied yet.
	e.open("/staff")
	if n := e.staffTotal(); n != 0 {
		t.Errorf("staff after the dry run = %d, want 0", n)
	}
	e.open(previewAt)
	e.settledImport()

	// Apply by keyboard: focus the button by Tab, Enter.
	focusByTab(e, `form[action$="/apply"] button`)
	e.submit(chromeKey(kb.Enter))
	e.settledImport()
	if h := e.text("main h2"); h != "取込を適用しました" {
		t.Fatalf("after apply: %q", h)
	}
	e.checkPage("import-applied")

	e.click(`main a[href="/staff"]`)
	if n := e.staffTotal(); n != 8 {
		t.Errorf("staff after the import = %d, want 8", n)
	}
	listed := e.texts("main table tbody td:nth-child(2)")
	for _, want := range []string{"髙橋 一樹", "山﨑 葵", "鈴木 花", "村松 健"} {
		if !contains(listed, want) {
			t.Errorf("staff list lacks %s: %v", want, listed)
		}
	}
	e.checkPage("staff-list")

	// Home counts the imported staff: 6 在職, 1 休職 (31005), 1 退職 (31008).
	e.click(`header nav a[href="/"]`)
	if nums := e.texts(".stats .num"); len(nums) != 4 || strings.Join(nums[:3], ",") != "6,1,1" {
		t.Errorf("home 在職,休職,退職,所属 = %v, want 6,1,1,…", nums)
	}

	// A file with bad rows: every error, by line, in Japanese; nothing changes.
	e.open("/import/staff")
	e.uploadStaff(badRowsCSV)
	if h := e.text(".error h2"); !strings.Contains(h, "3件の誤り") {
		t.Errorf("bad file heading = %q, want 3件の誤り", h)
	}
	rows := e.texts(".error tbody tr")
	if len(rows) != 3 {
		t.Errorf("bad file: %d error rows, want 3: %v", len(rows), rows)
	}
	for i, want := range []struct{ line, col, msg string }{
		{"2行目", "氏名", "空です"},
		{"3行目", "採用日", "日付として読めません"},
		{"4行目", "雇用区分", "アルバイト"},
	} {
		if i >= len(rows) {
			break
		}
		r := rows[i]
		if !strings.Contains(r, want.line) || !strings.Contains(r, want.col) || !strings.Contains(r, want.msg) {
			t.Errorf("error row %d = %q, want %s %s …%s…", i+1, r, want.line, want.col, want.msg)
		}
	}
	for _, m := range e.texts(".error tbody td:nth-child(3)") {
		if !hasJapanese(m) {
			t.Errorf("error message not in Japanese: %q", m)
		}
	}
	if n := len(e.texts(`form[action$="/apply"]`)); n != 0 {
		t.Errorf("a refused file offers to apply it")
	}
	e.checkPage("import-errors")

	e.open("/staff")
	if n := e.staffTotal(); n != 8 {
		t.Errorf("staff after the refused file = %d, want 8 (unchanged)", n)
	}
	e.open("/staff?q=31104")
	if n := e.staffTotal(); n != 0 {
		t.Errorf("a good row of the refused file was imported (31104 found)")
	}
	t.Logf("journey 2 took %v", time.Since(start).Round(time.Millisecond))
}

// Journey 3: search staff by kana (half-width and hiragana) and by kanji,
// open a staff member's page and see the history of assignments.
func TestJourneySearchStaff(t *testing.T) {
	start := time.Now()
	e := newEnv(t)
	e.adminReady()
	e.importStaff(sampleCSV)

	e.open("/staff")
	search := func(q string) []string {
		t.Helper()
		e.open("/staff")
		e.typeInto("#q", q)
		e.submit(chromeKey(kb.Enter)) // Enter in the search field submits it
		if got := eval[string](e, `new URLSearchParams(location.search).get('q') || ''`); got != q {
			t.Errorf("search %q: the URL has q=%q", q, got)
		}
		return e.texts("main table tbody td:nth-child(2)")
	}
	for _, q := range []string{"ﾀｶﾊｼ", "たかはし", "タカハシ", "髙橋"} {
		got := search(q)
		if len(got) != 1 || got[0] != "髙橋 一樹" {
			t.Errorf("search %q found %v, want [髙橋 一樹]", q, got)
		}
	}
	if got := search("山﨑"); len(got) != 1 || got[0] != "山﨑 葵" {
		t.Errorf("search 山﨑 found %v", got)
	}
	search("たかはし")
	e.checkPage("staff-search")

	// Open the page by keyboard: Tab to the name, Enter.
	focusByTab(e, `main table a[href="/staff/31001"]`)
	e.submit(chromeKey(kb.Enter))
	if h := e.text("main h1"); !strings.HasPrefix(h, "髙橋 一樹") {
		t.Errorf("staff page h1 = %q", h)
	}
	if !contains(e.texts("main h2"), "所属の履歴") {
		t.Errorf("staff page lacks 所属の履歴: %v", e.texts("main h2"))
	}
	hist := e.texts("main h2 + table tbody tr")
	if !contains(hist, "総務部 人事課 人事係") {
		t.Errorf("所属の履歴 rows = %v, want 総務部 人事課 人事係", hist)
	}
	e.checkPage("staff-detail")
	t.Logf("journey 3 took %v", time.Since(start).Round(time.Millisecond))
}

// Journey 4: a department liaison sees only their department; a staff member
// sees only their own page; forbidden URLs typed by hand are refused.
func TestJourneyScopes(t *testing.T) {
	start := time.Now()
	e := newEnv(t)
	e.adminReady()
	e.importStaff(sampleCSV)

	// The admin creates the two accounts on /users/new.
	e.open("/users")
	e.checkPage("users")
	e.click(`main a[href="/users/new"]`)
	e.checkPage("user-new")
	liaisonPW, staffPW := "Shimin-Start-5821", "Aoi-Start-5821"
	e.newUser("shimin-liaison", "市民文化部 研修担当", "所属研修担当", "市民文化部", "", liaisonPW)
	e.newUser("yamazaki", "", "職員", "", "31002", staffPW)
	users := e.texts("main table tbody tr")
	if !contains(users, "shimin-liaison") || !contains(users, "yamazaki") {
		t.Fatalf("users list = %v", users)
	}
	e.logout()

	// The liaison: forced password change, then only 市民文化部.
	e.login("shimin-liaison", liaisonPW)
	e.changePassword(liaisonPW, strongPassword("Shimin"))
	e.click(`header nav a[href="/staff"]`)
	units := e.texts("main table tbody td:nth-child(4)")
	if len(units) == 0 {
		t.Fatalf("the liaison sees no staff")
	}
	for _, u := range units {
		if !strings.HasPrefix(u, "市民文化部") {
			t.Errorf("the liaison of 市民文化部 sees staff of %q", u)
		}
	}
	if n := e.staffTotal(); n != 1 {
		t.Errorf("the liaison's staff list has %d people, want 1 (山﨑 葵)", n)
	}
	e.checkPage("liaison-staff-list")
	if st := e.open("/staff/31001"); st != 404 && st != 403 {
		t.Errorf("liaison opening /staff/31001 (総務部) by hand: status %d, want 403 or 404", st)
	}
	if st := e.open("/users"); st != 403 {
		t.Errorf("liaison opening /users: status %d, want 403", st)
	}
	e.logout()

	// The staff member: only their own page.
	e.login("yamazaki", staffPW)
	e.changePassword(staffPW, strongPassword("Aoi"))
	if me := e.text("#me-h + p"); !strings.Contains(me, "31002") || !strings.Contains(me, "山﨑 葵") {
		t.Errorf("home わたしの情報 = %q", me)
	}
	if links := e.texts(`header nav a[href="/staff"]`); len(links) != 0 {
		t.Errorf("a staff member's menu offers the staff list")
	}
	e.checkPage("staff-home")
	e.click(`main a[href="/staff/31002"]`)
	if h := e.text("main h1"); !strings.HasPrefix(h, "山﨑 葵") {
		t.Errorf("own page h1 = %q", h)
	}
	e.checkPage("staff-own-page")

	if st := e.open("/staff/31001"); st != 404 && st != 403 {
		t.Errorf("staff member opening /staff/31001 by hand: status %d, want 403 or 404", st)
	}
	if h := e.text("main h1"); h != "エラー" {
		t.Errorf("refused page h1 = %q", h)
	}
	if msg := e.text(".error"); !hasJapanese(msg) {
		t.Errorf("refused page message = %q", msg)
	}
	e.checkPage("refused-other-staff")
	if st := e.open("/users"); st != 403 {
		t.Errorf("staff member opening /users: status %d, want 403", st)
	}
	if msg := e.text(".error"); !hasJapanese(msg) {
		t.Errorf("/users refusal message = %q", msg)
	}
	e.checkPage("refused-users")
	if st := e.open("/staff"); st != 403 {
		t.Errorf("staff member opening /staff: status %d, want 403", st)
	}
	if st := e.open("/import/staff"); st != 403 {
		t.Errorf("staff member opening /import/staff: status %d, want 403", st)
	}
	t.Logf("journey 4 took %v", time.Since(start).Round(time.Millisecond))
}
