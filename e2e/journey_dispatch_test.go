package e2e

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"hagukumi/calendar"
)

// Journey (issue 14): a 自治会 sends a lecture request from a phone
// without logging in; the center matches a lecturer; the lecturer's
// 所属長 agrees; the center sets the terms and approves; the 決定通知
// prints as an A4 PDF with the Japanese text; the requester follows the
// request by the private link, sees the notice and gives feedback after
// the lecture; the figures page counts it.
func TestJourneyDispatch(t *testing.T) {
	requireBrowser(t)
	base, adminPW, _ := startServerDB(t)
	center := newBrowser(t, base)
	center.adminPassword = adminPW
	today := calendar.Today(time.Now())
	wished := today.AddDate(0, 0, 21).Format(time.DateOnly)
	const org, topic = "駿河台自治会", "地震に備える家庭の防災"

	csv := strings.Join([]string{
		"職員番号,氏名,フリガナ,性別,生年月日,採用日,雇用区分,職種,職位,職位発令日,所属,出身大学,メール,在職状況",
		"53001,杉山 翔太,スギヤマ ショウタ,男,1988/4/1,2011/4/1,正規,一般事務,主査,2022/4/1,市民文化部 市民課,,,在職",
		"53002,望月 京子,モチヅキ キョウコ,女,1972/4/1,1995/4/1,正規,一般事務,部長,2023/4/1,市民文化部,,,在職",
	}, "\r\n") + "\r\n"
	staffFile := filepath.Join(t.TempDir(), "dispatch_staff.csv")
	if err := os.WriteFile(staffFile, []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}

	// ---- The center: staff, the 所属長's login, a published topic.
	center.adminReady()
	center.importStaff(staffFile)
	chiefPW := strongPassword("Bucho")
	center.newUser("shimin-bucho", "市民文化部長", "所属長", "市民文化部", "", chiefPW)
	center.open("/lectures/topics")
	center.checkPage("講師派遣のテーマ")
	center.typeInto("#t-title", topic)
	center.selectByText("#t-unit", "市民文化部")
	center.typeInto("#t-speakers", "53001")
	center.do(chromedp.Click(chromedp.CSS("#t-published")))
	center.click("#topic-add")
	if f := center.text(".flash"); !strings.Contains(f, topic) {
		t.Fatalf("adding the topic: flash %q, error %q", f, center.text(".error"))
	}

	// ---- The requester, on a phone, without an account.
	req := newBrowser(t, base)
	req.setViewport(phoneW, phoneH)
	if st := req.open("/public/lectures/request"); st != 200 {
		t.Fatalf("the request form: %d", st)
	}
	req.checkPage("講師派遣の申込（スマートフォン）")
	req.typeInto("#organisation", org)
	req.selectByText("#requester_type", "自治会")
	req.typeInto("#contact_name", "藤枝 花子")
	req.typeInto("#email", "hanako@example.jp")
	req.selectByText("#topic", topic+"（90分・対面）")
	req.do(chromedp.SetValue(chromedp.CSS("#date1"), wished))
	req.typeInto("#place", "駿河台公民館")
	req.typeInto("#audience_size", "35")
	req.typeInto("#purpose", "自治会の防災訓練の前に、家庭での備えを学びたい。")
	req.do(chromedp.Click(chromedp.CSS("#purpose_ok")))
	// A person takes more than the minimum fill time.
	time.Sleep(3500 * time.Millisecond)
	req.click(`form[action="/public/lectures/request"] button[type=submit]`)
	req.waitFor("the private link", `location.pathname.startsWith('/public/track/')`, 30*time.Second)
	if s := req.text("#lecture-state"); s != "受付" {
		t.Fatalf("after sending: state %q, error %q", s, req.text(".error"))
	}
	req.checkPage("講師派遣の申込の状況（受付）")
	track := req.path()

	// ---- The center matches the lecturer, who is asked through the 所属長.
	center.open("/lectures")
	center.checkPage("講師派遣の一覧")
	center.click(`main table a`)
	detail := center.path()
	if !strings.HasPrefix(detail, "/lectures/") {
		t.Fatalf("the request link leads to %s", detail)
	}
	center.checkPage("講師派遣の依頼（候補）")
	if c := center.text("main"); !strings.Contains(c, "杉山 翔太") || !strings.Contains(c, "藤枝 花子") {
		t.Fatalf("the request page: %q", c)
	}
	center.click(`form[action$="/lecturer"] button[aria-label*="杉山 翔太"]`)
	center.expectFlash("lecturer", detail)

	// The requester never sees the internal step of the 所属長's agreement.
	req.open(track)
	if s := req.text("#lecture-state"); s != "調整中" || strings.Contains(req.text("main"), "所属長") {
		t.Fatalf("while the 所属長 is asked the requester sees %q: %q", s, req.text("main"))
	}

	// ---- The 所属長 agrees.
	chief := newBrowser(t, base)
	chief.login("shimin-bucho", chiefPW)
	chief.changePassword(chiefPW, strongPassword("Bucho2"))
	chief.open("/lectures/agreements")
	chief.checkPage("講師派遣の承認")
	chief.click(`main form button[value=agree]`)
	chief.expectFlash("agreement", "/lectures/agreements")

	// ---- The center sets the terms (the group asked to move it to today)
	// and approves: the 決定通知.
	center.open(detail)
	if s := center.text("#lecture-state"); s != "講師決定" {
		t.Fatalf("after the agreement: %q", s)
	}
	center.do(chromedp.SetValue(chromedp.CSS("#lecture_on"), today.Format(time.DateOnly)))
	center.selectByText("#work_mode", "職務専念義務免除")
	center.click("#lecture-terms")
	center.expectFlash("terms", detail)
	center.click("#lecture-to-approved")
	center.expectFlash("approval", detail)
	center.click("#lecture-notice")
	center.checkPage("講師派遣決定通知書")
	pdf := trPrintPDF(center)
	file := trSave(t, "dispatch_notice.pdf", pdf)
	dspCheckPDF(t, file, pdf, org+"様", "講師派遣決定通知書", topic, "令和")

	// ---- The requester sees 承認 and the notice by the private link.
	req.open(track)
	if s := req.text("#lecture-state"); s != "承認" {
		t.Fatalf("after approval the requester sees %q", s)
	}
	req.click("#lecture-notice")
	req.checkPage("講師派遣決定通知書（依頼者）")
	if n := req.text("main"); !strings.Contains(n, "杉山 翔太") || !strings.Contains(n, org) {
		t.Fatalf("the requester's notice: %q", n)
	}

	// ---- The lecture is given; the center records it.
	center.open(detail)
	center.typeInto("#attendees", "32")
	center.click("#lecture-report")
	center.expectFlash("report", detail)

	// ---- The requester answers the feedback, once.
	req.open(track)
	if s := req.text("#lecture-state"); s != "報告済" {
		t.Fatalf("after the report the requester sees %q", s)
	}
	req.checkPage("講師派遣のアンケート")
	req.do(chromedp.Click(chromedp.CSS(`input[name=satisfaction][value="5"]`)))
	req.typeInto("#comment", "わかりやすく、すぐに役立つお話でした。")
	req.click("#lecture-feedback")
	if m := req.text("main"); !strings.Contains(m, "ありがとうございました") || strings.Contains(m, "満足度") {
		t.Fatalf("after the feedback: %q", m)
	}

	// ---- The figures count it.
	center.open("/lectures/figures")
	center.checkPage("講師派遣の実績")
	if n := center.text("#lecture-delivered"); n != "1件" {
		t.Fatalf("figures: delivered %q", n)
	}
	if m := center.text("main"); !strings.Contains(m, "平均 5.0") || !strings.Contains(m, topic) {
		t.Fatalf("figures: %q", m)
	}
}

// dspCheckPDF checks a printed notice: a PDF on A4 with the texts wanted
// and without the screen-only parts.
func dspCheckPDF(t *testing.T, file string, pdf []byte, wants ...string) {
	t.Helper()
	if !strings.HasPrefix(string(pdf), "%PDF-") {
		t.Fatalf("the printed file is not a PDF: starts %q", pdf[:min(len(pdf), 16)])
	}
	if _, err := exec.LookPath("pdftotext"); err != nil {
		msg := "pdftotext not found (apt-get install -y poppler-utils): the PDF's text is not checked"
		if inCI() {
			t.Errorf("CI=true: %s", msg)
		} else {
			t.Log(msg)
		}
		return
	}
	out, err := exec.Command("pdftotext", "-enc", "UTF-8", file, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext %s: %v", file, err)
	}
	flat := trSpaces.ReplaceAllString(string(out), "")
	for _, want := range wants {
		if !strings.Contains(flat, trSpaces.ReplaceAllString(want, "")) {
			t.Errorf("the PDF's text lacks %q:\n%s", want, out)
		}
	}
	for _, screenOnly := range []string{"ログアウト", "ブラウザの印刷機能", "本文へ移動"} {
		if strings.Contains(flat, screenOnly) {
			t.Errorf("the printed notice shows the screen-only %q", screenOnly)
		}
	}
	if info, err := exec.Command("pdfinfo", file).Output(); err == nil && !strings.Contains(string(info), "A4") {
		t.Errorf("the notice is not on A4:\n%s", info)
	}
}
