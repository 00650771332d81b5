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

// Journey (issue 19, the work beyond the city hall): the center records a
// course at a partner university with lecturers → a lecturer sees their
// date → a placement's final report is uploaded late and the overdue count
// clears → a joint-training application is made within the quota (one
// more is refused) and its completion reaches the person's history.
//
// Dates follow the real clock: the placement ended a month ago, so its
// final report (due 20 days after return) is late today; the joint
// training is a month ahead, its deadline ten days ahead.
func TestJourneyOutward(t *testing.T) {
	requireBrowser(t)
	base, adminPW := startServer(t)
	center := newBrowser(t, base)
	center.adminPassword = adminPW
	today := calendar.Today(time.Now())
	fy := calendar.FiscalYear(today)
	iso := func(d time.Time) string { return d.Format(time.DateOnly) }
	const (
		login   = "wakaba"
		firstPW = "Sakura-Start-5821"
	)

	// ---- The center: staff file and a login for the lecturer 41001.
	center.adminReady()
	center.importStaff(trNewHireCSV(t, fy))
	center.newUser(login, "", "職員", "", "41001", firstPW)

	// ---- A partner university and a course with a lecture date.
	center.open("/partners")
	center.do(chromedp.Click(chromedp.CSS("details summary")))
	center.typeInto("#partner-name", "静岡産業大学")
	center.click("#partner-create")
	if f := center.text(".flash"); f != "連携先「静岡産業大学」を登録しました。" {
		t.Fatalf("partner: flash %q", f)
	}
	center.checkPage("連携先")
	center.open(fmt.Sprintf("/university-courses?fy=%d", fy))
	center.typeInto("#course-name", "地方自治論A")
	center.click("#course-create")
	lecture := iso(today.AddDate(0, 0, 14))
	trSetValue(center, ".lecture-form input[name=date]", lecture)
	center.typeInto(".lecture-form input[name=topic]", "市役所の仕事")
	center.typeInto(".lecture-form input[name=lecturers]", "41001 41004")
	center.click(".lecture-form button")
	if f := center.text(".flash"); f != "講義日を登録しました。" {
		t.Fatalf("lecture: flash %q, error %q", f, center.text(".error"))
	}
	center.checkPage("大学連携講座")

	// ---- The lecturer signs in and finds their date.
	lecturer := newBrowser(t, base)
	lecturer.login(login, firstPW)
	lecturer.changePassword(firstPW, strongPassword("Lecturer"))
	lecturer.open(fmt.Sprintf("/university-courses?fy=%d", fy))
	if body := lecturer.text("main"); !strings.Contains(body, "地方自治論A") || !strings.Contains(body, "若葉 さくら") {
		t.Fatalf("the lecturer's page: %s", body)
	}
	lecturer.checkPage("大学連携講座（講師）")

	// ---- A company placement that ended a month ago: its report is late.
	center.open("/secondments")
	center.do(chromedp.Click(chromedp.CSS("details summary")))
	center.typeInto("#sec-number", "41004")
	center.typeInto("#sec-host", "株式会社しずおか")
	center.selectByText("#sec-kind", "民間")
	trSetValue(center, "#sec-from", iso(today.AddDate(-1, -1, 0)))
	trSetValue(center, "#sec-to", iso(today.AddDate(0, -1, 0)))
	center.click("#sec-create")
	if body := center.text("main"); !strings.Contains(body, "期限超過 1件") {
		t.Fatalf("the board shows no overdue report: %s", body)
	}
	center.checkPage("派遣")
	file := filepath.Join(t.TempDir(), "最終報告.pdf")
	if err := os.WriteFile(file, []byte("%PDF-1.4 最終報告"), 0o644); err != nil {
		t.Fatal(err)
	}
	center.do(chromedp.SetUploadFiles(chromedp.CSS(`form[action^="/secondment-reports/"] input[type=file]`), []string{file}))
	center.click(`form[action^="/secondment-reports/"] button`)
	if f := center.text(".flash"); f != "報告書を提出しました。" {
		t.Fatalf("upload: flash %q, error %q", f, center.text(".error"))
	}
	if body := center.text("main"); strings.Contains(body, "期限超過") || !strings.Contains(body, "提出済み") {
		t.Fatalf("after the upload: %s", body)
	}

	// ---- A joint training with a quota of one.
	center.open("/joint-programmes")
	center.do(chromedp.Click(chromedp.CSS("details summary")))
	center.typeInto("#jp-name", "政策形成研修")
	center.typeInto("#jp-quota", "1")
	start := today.AddDate(0, 1, 0)
	trSetValue(center, "#jp-start", iso(start))
	trSetValue(center, "#jp-end", iso(start))
	trSetValue(center, "#jp-by", iso(today.AddDate(0, 0, 10)))
	center.click("#jp-create")
	center.typeInto("#joint-number", "41001")
	center.click("#joint-apply")
	if f := center.text(".flash"); !strings.Contains(f, "41001 若葉 さくら を申し込みました。") {
		t.Fatalf("apply: flash %q, error %q", f, center.text(".error"))
	}
	center.typeInto("#joint-number", "41002")
	if status := center.click("#joint-apply"); status != 409 || !strings.Contains(center.text(".error"), "割当人数（1人）") {
		t.Fatalf("beyond the quota: status %d, error %q", status, center.text(".error"))
	}
	center.checkPage("共同研修")
	center.selectByText("td select[name=status]", "修了")
	center.click("td form button")
	if got := center.text(".joint-status"); got != "修了" {
		t.Fatalf("status after completion: %q", got)
	}

	// ---- The person finds the completion in their history.
	lecturer.open("/my/history")
	if body := lecturer.text("main"); !strings.Contains(body, "政策形成研修") {
		t.Fatalf("history lacks the joint training: %s", body)
	}
}
