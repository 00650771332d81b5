package e2e

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"hagukumi/auth"
	"hagukumi/calendar"
	"hagukumi/rtw"
)

// Journey (issue 17): a case manager opens an assigned return-to-work
// case, records the 試し出勤 plan and the return (step ⑤), records the
// 所属長's consent and releases a work adjustment; the 所属長 sees the
// adjustment without the reason; the center admin cannot open the case
// (404); the case manager's audit review shows the reads.
func TestJourneyRTW(t *testing.T) {
	requireBrowser(t)
	base, adminPW, d := startServerDB(t)
	center := newBrowser(t, base)
	center.adminPassword = adminPW
	today := calendar.Today(time.Now())
	returned := today.Format(time.DateOnly)
	until := today.AddDate(0, 6, 0).Format(time.DateOnly)
	// The reason must never reach the 所属長; the plan text is case content.
	const trialPlan = "4週間、午前のみ。資料整理から開始。延長は4週間まで（主治医の意見：適応障害の回復期）"
	const adjustment = "時間外勤務なし"

	csv := strings.Join([]string{
		"職員番号,氏名,フリガナ,性別,生年月日,採用日,雇用区分,職種,職位,職位発令日,所属,出身大学,メール,在職状況",
		"52001,野口 拓海,ノグチ タクミ,男,1990/4/1,2014/4/1,正規,一般事務,主任主事,2020/4/1,市民文化部 市民課,,,在職",
		"52002,岡田 千尋,オカダ チヒロ,女,1975/4/1,1998/4/1,正規,一般事務,課長,2021/4/1,市民文化部 市民課,,,在職",
	}, "\r\n") + "\r\n"
	staffFile := filepath.Join(t.TempDir(), "rtw_staff.csv")
	if err := os.WriteFile(staffFile, []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}

	// ---- The center: staff, the case manager's and the 所属長's logins.
	center.adminReady()
	center.importStaff(staffFile)
	managerPW, chiefPW := strongPassword("Tanto"), strongPassword("Chief")
	center.newUser("rtw-tanto", "復職支援 担当", "復職支援担当", "", "", managerPW)
	center.newUser("shimin-cho", "市民文化部長", "所属長", "市民文化部", "", chiefPW)

	// The center admin opens the case as the API (POST /api/v1/rtw-cases)
	// would; this journey is about what happens in the browser afterwards.
	ctx := context.Background()
	admin, _, err := (&auth.Store{DB: d}).UserByLogin(ctx, "admin")
	if err != nil {
		t.Fatalf("admin: %v", err)
	}
	id, err := (&rtw.Store{DB: d, Keys: testKeys()}).CreateCase(ctx, admin, rtw.NewCase{StaffNumber: "52001", Managers: []string{"rtw-tanto"}})
	if err != nil {
		t.Fatalf("create case: %v", err)
	}
	casePath := fmt.Sprintf("/rtw/%d", id)

	// ---- The case manager opens the case from the list.
	manager := newBrowser(t, base)
	manager.login("rtw-tanto", managerPW)
	manager.changePassword(managerPW, strongPassword("Tanto2"))
	manager.open("/rtw")
	manager.checkPage("復職支援の一覧")
	if rows := manager.texts("main tbody tr"); len(rows) != 1 || !strings.Contains(rows[0], "野口 拓海") {
		t.Fatalf("case list %v", rows)
	}
	manager.click(`main tbody a`)
	if p := manager.path(); p != casePath {
		t.Fatalf("case link leads to %s, want %s", p, casePath)
	}
	manager.checkPage("復職支援の記録")

	// The 試し出勤 plan.
	manager.typeInto("#trial_plan", trialPlan)
	manager.click(`form[action$="/content"] button[type=submit]`)
	manager.expectFlash("content", casePath)
	if v := eval[string](manager, `document.querySelector('#trial_plan').value`); v != trialPlan {
		t.Fatalf("trial plan after saving: %q", v)
	}

	// The return: step ⑤ with the return date.
	manager.do(chromedp.SetValue(chromedp.CSS("#step"), "5"))
	manager.do(chromedp.SetValue(chromedp.CSS("#returned_on"), returned))
	manager.click(`form[action$="/step"] button[type=submit]`)
	manager.expectFlash("step", casePath)
	if v := eval[string](manager, `document.querySelector('#step').value`); v != "5" {
		t.Fatalf("step after saving: %q", v)
	}
	if v := eval[string](manager, `document.querySelector('#returned_on').value`); v != returned {
		t.Fatalf("return date after saving: %q, want %s", v, returned)
	}

	// The 所属長's consent, then the adjustment.
	manager.do(chromedp.SetValue(chromedp.CSS("#party"), "supervisor"))
	manager.do(chromedp.SetValue(chromedp.CSS("#given"), "1"))
	manager.typeInto("#what", "就業上の配慮の内容と期限")
	manager.click(`form[action$="/consents"] button[type=submit]:not([name])`)
	manager.expectFlash("consent", casePath)
	manager.typeInto("#adj", adjustment)
	manager.do(chromedp.SetValue(chromedp.CSS("#until"), until))
	manager.click(`form[action$="/adjustments"] button[type=submit]`)
	manager.expectFlash("adjustment", casePath)
	manager.checkPage("復職支援の記録（開示後）")

	// ---- The 所属長 sees the adjustment and nothing of the reason.
	chief := newBrowser(t, base)
	chief.login("shimin-cho", chiefPW)
	chief.changePassword(chiefPW, strongPassword("Chief2"))
	chief.open("/work-adjustments")
	chief.checkPage("就業上の配慮")
	rows := chief.texts("main tbody tr")
	if len(rows) != 1 || !strings.Contains(rows[0], "野口 拓海") || !strings.Contains(rows[0], adjustment) {
		t.Fatalf("所属長's adjustments %v", rows)
	}
	if body := chief.text("body"); strings.Contains(body, "試し出勤") || strings.Contains(body, "適応障害") || strings.Contains(body, "午前のみ") {
		t.Fatalf("the 所属長's page shows case content: %s", body)
	}
	if st := chief.open(casePath); st != 404 {
		t.Errorf("所属長 opening the case: %d, want 404", st)
	}

	// ---- The center admin cannot open the case: a 404 page, no content.
	if st := center.open(casePath); st != 404 {
		t.Fatalf("center admin opening the case: %d, want 404", st)
	}
	if body := center.text("body"); strings.Contains(body, "野口") || strings.Contains(body, "午前のみ") {
		t.Fatalf("the center admin's 404 page shows the case: %s", body)
	}
	if st := center.open(casePath + "/audit"); st != 404 {
		t.Errorf("center admin opening the audit review: %d, want 404", st)
	}

	// ---- The case manager reviews who looked: the reads are there.
	manager.open(casePath)
	manager.click(`a[href$="/audit"]`)
	manager.checkPage("閲覧・操作の記録")
	var reads int
	var actions []string
	for _, row := range manager.texts("main tbody tr") {
		actions = append(actions, row)
		if strings.Contains(row, "閲覧") && !strings.Contains(row, "閲覧記録") && strings.Contains(row, "rtw-tanto") {
			reads++
		}
	}
	// The manager read the case on opening it, after each of the four
	// saves, and once more before the review.
	if reads < 6 {
		t.Errorf("audit review shows %d reads by rtw-tanto, want at least 6: %v", reads, actions)
	}
	for _, want := range []string{"記録の保存", "段階の変更", "同意の記録", "配慮の開示", "作成・担当割当"} {
		if !contains(actions, want) {
			t.Errorf("audit review lacks %q: %v", want, actions)
		}
	}
	if contains(actions, "shimin-cho") {
		t.Errorf("audit review names the 所属長, who never read the case: %v", actions)
	}
}

// expectFlash checks that a save of the case page came back to the case
// with a confirmation and no error.
func (e *env) expectFlash(what, casePath string) {
	e.t.Helper()
	if p := e.path(); p != casePath {
		e.t.Fatalf("after saving the %s: at %s, error %q", what, p, e.text(".error"))
	}
	if f := e.text(".flash"); f == "" {
		e.t.Fatalf("after saving the %s: no confirmation, error %q", what, e.text(".error"))
	}
}
