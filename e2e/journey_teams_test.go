package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"hagukumi/calendar"
)

// Journey (issue 16): the center forms this year's cohort of a policy team
// with a balanced membership, records a meeting with its material, records
// the 提言書 with its items; the liaison of 市民文化部 answers for their
// department's item (and cannot answer the other); the follow-up report
// shows the answer and the 反映率.
func TestJourneyTeams(t *testing.T) {
	requireBrowser(t)
	base, adminPW := startServer(t)
	center := newBrowser(t, base)
	center.adminPassword = adminPW
	fy := calendar.CurrentFY(time.Now())
	today := calendar.Today(time.Now()).Format(time.DateOnly)
	dir := t.TempDir()

	csv := strings.Join([]string{
		"職員番号,氏名,フリガナ,性別,生年月日,採用日,雇用区分,職種,職位,職位発令日,所属,出身大学,メール,在職状況",
		"51001,川村 葵,カワムラ アオイ,女,1997/4/1,2020/4/1,正規,一般事務,主事,2020/4/1,市民文化部 市民課,,,在職",
		"51002,森 翔太,モリ ショウタ,男,1996/4/1,2019/4/1,正規,一般事務,主任主事,2023/4/1,総務部 人事課,,,在職",
		"51003,杉山 結,スギヤマ ユイ,女,1998/4/1,2021/4/1,正規,土木,主事,2021/4/1,都市建設部 道路課,,,在職",
	}, "\r\n") + "\r\n"
	staffFile := filepath.Join(dir, "team_staff.csv")
	pdf := filepath.Join(dir, "第1回資料.pdf")
	if err := os.WriteFile(staffFile, []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(pdf, []byte("%PDF-1.4\n%%EOF\n"), 0o644); err != nil {
		t.Fatal(err)
	}

	// ---- The center: staff, the liaison's login, the team and this year's cohort.
	center.adminReady()
	center.importStaff(staffFile)
	liaisonPW := strongPassword("Liaison")
	center.newUser("shimin-renraku", "市民文化部 研修担当", "所属研修担当", "市民文化部", "", liaisonPW)

	center.open("/teams")
	center.checkPage("政策提言チーム")
	center.typeInto("#name", "新公共経営若手プロジェクトチーム")
	center.do(chromedp.SetValue(chromedp.CSS("#since_fy"), "2009"))
	center.click(`form[action="/teams"] button[type=submit]`)
	if h := center.text("main h1"); h != "新公共経営若手プロジェクトチーム" {
		t.Fatalf("after creating the team: %q %q", h, center.text(".error"))
	}
	center.typeInto("#theme", "若者が活躍できるまち")
	center.click(`form[action$="/cohorts"] button[type=submit]`)
	for _, m := range []struct{ number, role string }{{"51001", "リーダー"}, {"51002", "メンバー"}, {"51003", "メンバー"}} {
		center.typeInto("#number", m.number)
		center.selectByText("#role", m.role)
		center.click(`form[action$="/members"] button[type=submit]`)
	}
	if b := center.text("dl.balance"); !strings.Contains(b, "女 2人") || !strings.Contains(b, "男 1人") || !strings.Contains(b, "市民文化部 1人") {
		t.Fatalf("balance %q", b)
	}

	// ---- A meeting with its material, then the 提言書.
	center.do(chromedp.SetValue(chromedp.CSS("#held_on"), today))
	center.typeInto("#agenda", "テーマの検討")
	abs, _ := filepath.Abs(pdf)
	center.do(chromedp.SetUploadFiles(chromedp.CSS("#files"), []string{abs}))
	center.click(`form[action$="/meetings"] button[type=submit]`)
	if l := center.text(`a[href^="/team-files/"]`); l != "第1回資料.pdf" {
		t.Fatalf("material link %q, error %q", l, center.text(".error"))
	}
	center.typeInto("#title", "若者が活躍できるまちへの提言")
	center.do(chromedp.SetValue(chromedp.CSS("#presented_on"), today))
	center.do(chromedp.SetValue(chromedp.CSS("#items"), "若者の居場所づくり | 市民文化部 | 施策1 | 300万円\n採用広報の刷新 | 総務部"))
	center.click(`form[action$="/proposal"] button[type=submit]`)
	center.checkPage("期のページ")
	cohortPath := center.path()

	// ---- The liaison answers for 市民文化部.
	liaison := newBrowser(t, base)
	liaison.login("shimin-renraku", liaisonPW)
	liaison.changePassword(liaisonPW, strongPassword("Shimin"))
	liaison.open("/proposal-items")
	liaison.checkPage("回答する提言項目")
	if rows := liaison.texts("main tbody tr"); len(rows) != 1 || !strings.Contains(rows[0], "若者の居場所づくり") {
		t.Fatalf("liaison's items %v", rows)
	}
	liaison.click(`main tbody a`)
	liaison.do(chromedp.Click(chromedp.CSS(`input[name=status][value=partly]`)))
	liaison.do(chromedp.SetValue(chromedp.CSS("#progress"), "40"))
	liaison.typeInto("#note", "来年度予算に要求しました")
	liaison.click(`form[action$="/responses"] button[type=submit]`)
	liaison.checkPage("提言項目")
	if f := liaison.text(".flash"); f != "回答を登録しました。" {
		t.Fatalf("answer: flash %q error %q", f, liaison.text(".error"))
	}

	// ---- The center opens this year's answer request; the liaison sees its due date.
	due := calendar.Today(time.Now()).AddDate(0, 0, 14)
	if end := calendar.FiscalYearEnd(fy); due.After(end) {
		due = end
	}
	center.open("/proposal-items")
	center.do(chromedp.SetValue(chromedp.CSS("#due_on"), due.Format(time.DateOnly)))
	center.click(`form[action="/proposal-requests"] button[type=submit]`)
	center.checkPage("回答依頼と部局ごとの回答状況")
	liaison.open("/proposal-items")
	if b := liaison.text("#request"); !strings.Contains(b, calendar.FormatWareki(due)) {
		t.Fatalf("the liaison's request: %q, error %q", b, center.text(".error"))
	}

	// ---- The center publishes the proposal; the public site shows its states.
	center.open(cohortPath)
	center.click(`form[action$="/publish"] button[type=submit]`)
	center.open("/public/proposals")
	center.checkPage("公開サイトの政策提言")
	if b := center.text("main"); !strings.Contains(b, "若者の居場所づくり") || !strings.Contains(b, "一部反映") || strings.Contains(b, "川村") {
		t.Fatalf("public proposals: %s", b)
	}

	// ---- The follow-up report.
	center.open(cohortPath)
	center.click(`a[href^="/teams/"]`)
	center.click(`a[href$="/report"]`)
	center.checkPage("提言の反映状況")
	body := center.text("main")
	for _, want := range []string{fmt.Sprintf("%s時点", calendar.FormatNendo(fy)), "若者の居場所づくり", "一部反映（40%）", "100%"} {
		if !strings.Contains(body, want) {
			t.Errorf("report lacks %q: %s", want, body)
		}
	}
}
