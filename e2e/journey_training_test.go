package e2e

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	sjisenc "golang.org/x/text/encoding/japanese"

	"hagukumi/calendar"
	"hagukumi/training"
)

// Journey 5 (issue 4, after the training core): plan a session → enrol the
// eligible roster → a staff member sees it and downloads the .ics →
// attendance marked → survey answered (once) → certificate page printed to
// PDF by Chromium, the PDF checked for the person's name.
//
// Three people at three desks, each in their own browser context: the
// center (admin), the new hire at their PC, and the same new hire on a
// second device (where a second survey answer is refused).
//
// Dates follow the real clock: the staff file hires the new staff on 1 April
// of the current fiscal year, and the session runs on two days, the latest
// business day up to today (so it has begun: the survey opens on the first
// day) and the next business day after today (so it is still upcoming on
// わたしの研修 and in the .ics).
func TestJourneyTraining(t *testing.T) {
	start := time.Now()
	requireBrowser(t)
	base, adminPW := startServer(t)
	center := newBrowser(t, base)
	center.adminPassword = adminPW
	lap := trLaps(t)

	now := time.Now().In(calendar.JST)
	fy := calendar.FiscalYear(now)
	day1, day2 := trSessionDays(now, fy)
	days := []string{day1}
	if day2 != "" {
		days = append(days, day2)
	} else {
		t.Logf("no business day is left in %s after today: the session has one day, %s", calendar.FormatNendo(fy), day1)
	}
	const perDay = 7.0 // 09:00–16:00
	hours := fmt.Sprintf("%g", perDay*float64(len(days)))
	t.Logf("today %s (JST), %s; session days %v, %s hours", now.Format(time.DateOnly), calendar.FormatNendo(fy), days, hours)

	const (
		number   = "41001" // 採用1年目 正規 在職: eligible for NEW_HIRE
		name     = "若葉 さくら"
		login    = "wakaba"
		firstPW  = "Sakura-Start-5821" // a password may not contain the login name
		program  = "新規採用職員研修"
		code     = "NEW_HIRE"
		venue    = "本庁舎 5階 大会議室"
		session  = "第1回"
		teacher  = "静岡県自治研修所 山本 恵子"
		freeText = "電話応対の練習が実務にすぐ役立ちそうです。"
	)

	// ---- The center: staff file, a login for the new hire.
	center.adminReady()
	center.importStaff(trNewHireCSV(t, fy))
	center.newUser(login, "", "職員", "", number, firstPW)
	if f := center.text(".flash"); f != "利用者「"+login+"」を追加しました。" {
		t.Fatalf("creating the new hire's login: flash %q, error %q", f, center.text(".error"))
	}
	lap("center: first login, staff file imported, staff login created")

	// The program and its eligible roster for this year.
	center.click(`header nav a[href="/programs"]`)
	center.click(`main a[href="/programs/` + code + `"]`)
	if h := center.text("main h1"); !strings.HasPrefix(h, program) {
		t.Fatalf("program page h1 = %q, want %s", h, program)
	}
	if rule := trFact(center, "対象者"); rule != "採用1年目の正規職員" {
		t.Errorf("NEW_HIRE 対象者 = %q, want 採用1年目の正規職員", rule)
	}
	center.checkPage("program")
	center.click(`main a[href="/programs/` + code + `/eligible"]`)
	eligible := center.texts("main .scroll table tbody td:nth-child(1)")
	if strings.Join(eligible, ",") != "41001,41002" {
		// 41003 会計年度任用, 41004 採用2年目, 41005 休職 are not eligible.
		t.Errorf("NEW_HIRE roster for %s = %v, want [41001 41002]", calendar.FormatNendo(fy), eligible)
	}
	center.checkPage("eligible")
	lap("center: program and eligible roster")

	// ---- Plan a session from the year's plan.
	center.click(`header nav a[href="/plan"]`)
	if h := center.text("main h1"); !strings.Contains(h, calendar.FormatNendo(fy)) {
		t.Errorf("plan h1 = %q, want %s", h, calendar.FormatNendo(fy))
	}
	center.checkPage("plan")
	center.click(`section[aria-labelledby="prog-` + code + `"] a[href^="/sessions/new"]`)
	if got := trSelected(center, "#program"); got != program+"（"+code+"）" {
		t.Errorf("the session form preselects %q, want %s（%s）", got, program, code)
	}
	if got := eval[string](center, `document.getElementById('fy').value`); got != fmt.Sprint(fy) {
		t.Errorf("the session form's 年度 = %q, want %d", got, fy)
	}
	center.checkPage("session-form")
	center.typeInto("#title", session)
	center.typeInto("#venue", venue)
	center.typeInto("#capacity", "40")
	for i, d := range days {
		trSetValue(center, fmt.Sprintf("#day%d_date", i), d)
		trSetValue(center, fmt.Sprintf("#day%d_start", i), "09:00")
		trSetValue(center, fmt.Sprintf("#day%d_end", i), "16:00")
	}
	center.typeInto("#ins0_name", teacher)
	// Keyboard: from the last field, Tab to 保存 and Enter.
	center.do(chromedp.Focus(chromedp.CSS("#ins4_hours")))
	center.tabThenEnter(`form[action="/sessions"] button[type=submit]`)
	var sessionID int64
	if _, err := fmt.Sscanf(center.path(), "/sessions/%d", &sessionID); err != nil || sessionID == 0 {
		t.Fatalf("after saving the session: at %s, error %q", center.location(), center.text(".error"))
	}
	if f := center.text(".flash"); f != "開催回を保存しました。" {
		t.Errorf("flash after saving the session = %q", f)
	}
	if h := center.text("main h1"); !strings.HasPrefix(h, program+" "+session) {
		t.Errorf("session page h1 = %q, want %s %s", h, program, session)
	}
	if got := trFactParts(center, "日程", ".day"); len(got) != len(days) {
		t.Errorf("session page 日程 = %v, want %d days", got, len(days))
	}
	if got := trFact(center, "時間数"); got != hours+"時間" {
		t.Errorf("session page 時間数 = %q, want %s時間 (the sum of the days)", got, hours)
	}
	if got := trFact(center, "会場"); got != venue {
		t.Errorf("session page 会場 = %q, want %s", got, venue)
	}
	center.checkPage("session-created")
	sessionPath := fmt.Sprintf("/sessions/%d", sessionID)
	lap("center: session planned")

	// ---- Enrol the eligible roster: 対象者を一括指名, by keyboard, and
	// accept the confirmation the page asks for.
	dialogs := trAcceptDialogs(center)
	focusByTab(center, `form[action="`+sessionPath+`/nominate-roster"] button[type=submit]`)
	center.submit(chromeKey(kb.Enter))
	if got := dialogs(); len(got) != 1 || !strings.Contains(got[0], "対象者をこの研修の全開催回に割り振ります") {
		t.Errorf("dialogs before the roster nomination = %q, want one confirm", got)
	}
	if f := center.text(".flash"); f != "対象者を開催回に割り振りました。受講決定 2人、キャンセル待ち 0人を登録しました。" {
		t.Errorf("flash after 対象者を一括指名 = %q", f)
	}
	roster := center.texts(`section[aria-labelledby="roster-h"] tbody tr`)
	if len(roster) != 2 || !contains(roster, "41001") || !contains(roster, "41002") {
		t.Errorf("session roster = %q, want 41001 and 41002", roster)
	}
	for _, r := range roster {
		if !strings.Contains(r, "受講決定") || !strings.Contains(r, "指名") {
			t.Errorf("roster row %q: want 受講決定 by 指名", r)
		}
	}
	center.checkPage("session-nominated")
	lap("center: eligible roster nominated")

	// ---- The survey of the program, built before attendance, so that
	// completion asks for it only if the program's rule says so.
	center.click(`main a[href="/programs/` + code + `"]`)
	center.click(`main a[href="/programs/` + code + `/survey"]`)
	center.checkPage("survey-edit")
	center.typeInto("#text_0", "研修の内容は今後の業務に役立ちそうですか")
	center.do(chromedp.Click(chromedp.CSS(`input[name="req_0"]`)))
	center.selectByText("#kind_1", "選択肢")
	center.typeInto("#text_1", "研修の長さはいかがでしたか")
	trTypeLines(center, "#choices_1", "長い\nちょうどよい\n短い")
	center.do(chromedp.Click(chromedp.CSS(`input[name="req_1"]`)))
	center.selectByText("#kind_2", "自由記述")
	center.typeInto("#text_2", "ご意見・ご感想をお書きください")
	center.do(chromedp.Focus(chromedp.CSS("#choices_2")))
	center.tabThenEnter(`form[action="/programs/` + code + `/survey"] button[type=submit]`)
	if f := center.text(".flash"); f != "アンケートを保存しました。" {
		t.Fatalf("flash after saving the survey = %q (error %q)", f, center.text(".error"))
	}
	saved := []string{
		eval[string](center, `document.getElementById('text_0').value`),
		eval[string](center, `document.getElementById('text_1').value`),
		eval[string](center, `document.getElementById('text_2').value`),
	}
	if saved[0] == "" || saved[1] == "" || saved[2] == "" {
		t.Errorf("the saved survey shows questions %q", saved)
	}
	center.checkPage("survey-saved")
	lap("center: survey built")

	// ---- The new hire, at their PC: first login, わたしの研修, the .ics.
	staffPC := newBrowser(t, base)
	staffPC.login(login, firstPW)
	if p := staffPC.path(); p != "/account/password" {
		t.Fatalf("the new hire's first login: at %s, error %q", p, staffPC.text(".error"))
	}
	staffPW := strongPassword("Sakura")
	staffPC.changePassword(firstPW, staffPW)
	staffPC.click(`header nav a[href="/my/trainings"]`)
	cards := staffPC.texts("ul.cards li.card")
	if len(cards) != 1 || !strings.Contains(cards[0], program+" "+session) || !strings.Contains(cards[0], venue) {
		t.Fatalf("わたしの研修 これからの受講予定 = %q, want %s %s at %s", cards, program, session, venue)
	}
	staffPC.checkPage("my-trainings")
	icsLink := `ul.cards a[href="` + sessionPath + `.ics"]`
	focusByTab(staffPC, icsLink) // the download is reachable by keyboard
	ics := trFetch(staffPC, eval[string](staffPC, fmt.Sprintf(`document.querySelector(%s).href`, jsString(icsLink))))
	trCheckICS(t, ics, program, venue, days)
	trSave(t, "session.ics", []byte(ics.Body))

	// The session page as the new hire sees it.
	staffPC.click(`ul.cards h3 a[href="` + sessionPath + `"]`)
	if got := staffPC.text("#mine-h + p"); !strings.Contains(got, "受講決定") {
		t.Errorf("the new hire's あなたの受講 = %q, want 受講決定", got)
	}
	if n := len(staffPC.texts(`form[action$="/nominate-roster"]`)); n != 0 {
		t.Errorf("the new hire is offered 対象者を一括指名")
	}
	staffPC.checkPage("staff-session")
	lap("staff: わたしの研修, .ics downloaded, session page")

	// ---- The center marks attendance: 41001 出席, 41002 欠席 (休暇).
	center.open(sessionPath)
	attendLink := `main a[href="` + sessionPath + `/attendance"]`
	if len(center.texts(attendLink)) == 0 {
		t.Errorf("app defect: the center's session page %s has no link to its attendance roster %s/attendance "+
			"(web/templates/session.html; nothing else links there), so 出欠 is reachable only by typing the URL", sessionPath, sessionPath)
		center.open(sessionPath + "/attendance")
	} else {
		center.click(attendLink)
	}
	if got := trFact(center, "修了の条件"); got != "開催時間の75%以上の出席" {
		t.Errorf("修了の条件 = %q, want 開催時間の75%%以上の出席 (NEW_HIRE does not ask for the survey)", got)
	}
	if got := center.texts(`form.rec-roster tbody td:nth-child(1)`); strings.Join(got, ",") != "41001,41002" {
		t.Errorf("attendance roster = %v, want [41001 41002]", got)
	}
	center.checkPage("attendance")
	center.do(chromedp.Click(chromedp.CSS(`input[name="st_41001"][value="present"]`)))
	center.do(chromedp.Click(chromedp.CSS(`input[name="st_41002"][value="absent"]`)))
	center.selectByText("#r_41002", "休暇")
	focusByTab(center, `form.rec-roster button[type=submit]:not([name])`)
	center.submit(chromeKey(kb.Enter))
	if f := center.text(".flash"); f != "出欠を保存しました。" {
		t.Fatalf("flash after marking attendance = %q (error %q)", f, center.text(".error"))
	}
	if got := trFact(center, "集計"); got != "出席 1人・一部出席 0人・欠席 1人・未記録 0人" {
		t.Errorf("attendance 集計 = %q", got)
	}
	certNo := training.CertificateNumber(training.NumberByYear, fy, "", 1)
	if got := center.text(`form.rec-roster tbody tr:nth-child(1) td:nth-child(7)`); got != "修了"+certNo {
		t.Errorf("41001 修了 = %q, want 修了 and the certificate %s", got, certNo)
	}
	if got := center.text(`form.rec-roster tbody tr:nth-child(2) td:nth-child(7)`); got != "—" {
		t.Errorf("41002 (欠席) 修了 = %q, want —", got)
	}
	center.checkPage("attendance-marked")
	lap("center: attendance marked")

	// ---- The new hire answers the survey from 受講履歴. A second device
	// has the same survey open; its answer, sent after the first, is refused.
	staffPhone := newBrowser(t, base)
	staffPhone.login(login, staffPW)
	if p := staffPhone.path(); p != "/" {
		t.Fatalf("second device login: at %s", p)
	}
	staffPhone.click(`header a[href="/my/history"]`)
	staffPhone.click(`main a[href="` + sessionPath + `/survey"]`)

	staffPC.click(`header a[href="/my/history"]`)
	staffPC.click(`main a[href="` + sessionPath + `/survey"]`)
	if n := len(staffPC.texts(`form[action="` + sessionPath + `/survey"]`)); n != 1 {
		t.Fatalf("the survey page offers no form (notice %q)", staffPC.text(".notice"))
	}
	staffPC.checkPage("survey-answer")
	trAnswerSurvey(staffPC, "4", "ちょうどよい", freeText)
	staffPC.tabThenEnter(`form[action="` + sessionPath + `/survey"] button[type=submit]`)
	if f := staffPC.text(".flash"); f != "アンケートに回答しました。ご協力ありがとうございました。" {
		t.Fatalf("flash after answering = %q (error %q)", f, staffPC.text(".error"))
	}
	if got := staffPC.text(".rec-big"); !strings.Contains(got, "回答済み") {
		t.Errorf("after answering, the page says %q, want 回答済み", got)
	}
	if n := len(staffPC.texts(`form[action="` + sessionPath + `/survey"]`)); n != 0 {
		t.Errorf("after answering, the survey form is still offered")
	}
	staffPC.checkPage("survey-answered")

	trAnswerSurvey(staffPhone, "2", "長い", "二度目の回答")
	status := staffPhone.tabThenEnter(`form[action="` + sessionPath + `/survey"] button[type=submit]`)
	if status != 409 {
		t.Errorf("second answer from another device: status %d, want 409", status)
	}
	if msg := staffPhone.text(".error"); msg != "このアンケートには既に回答済みです。回答は1回だけです。" {
		t.Errorf("second answer: error %q", msg)
	}
	staffPhone.checkPage("survey-second-answer-refused")
	lap("staff: survey answered; a second answer refused")

	// ---- 受講履歴: the completed program and its hours.
	staffPC.click(`header a[href="/my/history"]`)
	items := staffPC.texts("main .scroll table tbody tr")
	if len(items) != 1 {
		t.Fatalf("受講履歴 研修の一覧 = %q, want one row", items)
	}
	for _, want := range []string{program + " " + session, "出席", hours + "時間", "修了", "修了証 " + certNo} {
		if !strings.Contains(items[0], want) {
			t.Errorf("受講履歴 row %q lacks %q", items[0], want)
		}
	}
	byFY := staffPC.texts("main > table tbody tr td")
	if want := []string{calendar.FormatNendo(fy), "1件", "1件", hours + "時間", "0時間", hours + "時間"}; strings.Join(byFY, "|") != strings.Join(want, "|") {
		t.Errorf("受講履歴 年度ごとの受講時間 = %q, want %q", byFY, want)
	}
	staffPC.checkPage("history")

	// ---- The certificate, opened by keyboard from the history, printed
	// to PDF the way Chromium's 「PDFに保存」 does.
	certPath := fmt.Sprintf("/certificates/%d/%s", sessionID, number)
	focusByTab(staffPC, `main a[href="`+certPath+`"]`)
	staffPC.submit(chromeKey(kb.Enter))
	if p := staffPC.path(); p != certPath {
		t.Fatalf("the certificate link leads to %s, want %s", p, certPath)
	}
	if got := staffPC.text(".rec-cert-name"); got != name+" 様" {
		t.Errorf("certificate name = %q, want %s 様", got, name)
	}
	if got := staffPC.text(".rec-cert-no"); got != certNo {
		t.Errorf("certificate number = %q, want %s", got, certNo)
	}
	if got := trFact(staffPC, "研修名"); got != program+" "+session {
		t.Errorf("certificate 研修名 = %q", got)
	}
	if got := trFact(staffPC, "受講時間"); got != hours+"時間" {
		t.Errorf("certificate 受講時間 = %q, want %s時間", got, hours)
	}
	staffPC.checkPage("certificate")
	pdf := trPrintPDF(staffPC)
	pdfFile := trSave(t, "certificate.pdf", pdf)
	trCheckPDF(t, pdfFile, pdf, name, certNo)
	lap("staff: history, certificate printed to PDF")

	// Nothing reached outside the server in any of the three browsers.
	for who, e := range map[string]*env{"center": center, "staff PC": staffPC, "second device": staffPhone} {
		if out := e.rec.outsideRequests(); len(out) > 0 {
			t.Errorf("%s: requests outside the test server: %v", who, out)
		}
		e.assertClean(who)
	}
	t.Logf("journey 5 took %v", time.Since(start).Round(time.Millisecond))
}

// ---------------------------------------------------------------- helpers

// trLaps logs the time each part of the journey took.
func trLaps(t *testing.T) func(string) {
	last := time.Now()
	return func(what string) {
		t.Helper()
		t.Logf("timing: %s in %v", what, time.Since(last).Round(time.Millisecond))
		last = time.Now()
	}
}

// trSessionDays picks the session's days in fiscal year fy: the latest
// business day up to today, and the first business day after today ("" when
// the fiscal year has none left).
func trSessionDays(now time.Time, fy int) (first, next string) {
	today := time.Date(now.Year(), now.Month(), now.Day(), 12, 0, 0, 0, calendar.JST)
	first = today.Format(time.DateOnly)
	for d := today; calendar.FiscalYear(d) == fy && today.Sub(d) < 15*24*time.Hour; d = d.AddDate(0, 0, -1) {
		if calendar.IsBusinessDay(d) {
			first = d.Format(time.DateOnly)
			break
		}
	}
	for d := today.AddDate(0, 0, 1); calendar.FiscalYear(d) == fy && d.Sub(today) < 20*24*time.Hour; d = d.AddDate(0, 0, 1) {
		if calendar.IsBusinessDay(d) {
			return first, d.Format(time.DateOnly)
		}
	}
	return first, ""
}

// trNewHireCSV writes a Shift_JIS staff file, as the city's HR system
// exports it, with hire dates relative to the current fiscal year fy:
// two new regular hires (eligible for NEW_HIRE), a new 会計年度任用 hire, a
// second-year regular and a new regular on leave (none of them eligible).
func trNewHireCSV(t *testing.T, fy int) string {
	t.Helper()
	hire := fmt.Sprintf("%d/4/1", fy)
	prev := fmt.Sprintf("%d/4/1", fy-1)
	lines := []string{
		"職員番号,氏名,フリガナ,性別,生年月日,採用日,雇用区分,職種,職位,職位発令日,所属,出身大学,メール,在職状況,昇格候補",
		"41001,若葉 さくら,ワカバ サクラ,女,2003/5/10," + hire + ",正規,一般事務,主事," + hire + ",総務部 人事課 人事係,静岡大学,s.wakaba@example.jp,在職,",
		"41002,青木 陽向,アオキ ヒナタ,男,2002/8/20," + hire + ",正規,土木,主事," + hire + ",都市建設部 道路課 維持係,静岡理工科大学,h.aoki@example.jp,在職,",
		"41003,松下 結衣,マツシタ ユイ,女,1995/1/15," + hire + ",会計年度任用,窓口事務,,,市民文化部 市民活動課,,y.matsushita@example.jp,在職,",
		"41004,小林 悠斗,コバヤシ ユウト,男,2001/3/3," + prev + ",正規,一般事務,主事," + prev + ",財政部 財政課,常葉大学,y.kobayashi@example.jp,在職,",
		"41005,大石 美咲,オオイシ ミサキ,女,2002/12/1," + hire + ",正規,保健師,主事," + hire + ",健康福祉部 健康推進課,静岡県立大学,m.oishi@example.jp,休職,",
	}
	sjis, err := sjisenc.ShiftJIS.NewEncoder().String(strings.Join(lines, "\r\n") + "\r\n")
	if err != nil {
		t.Fatalf("encode the staff file: %v", err)
	}
	file := filepath.Join(t.TempDir(), "staff_new_hires_cp932.csv")
	if err := os.WriteFile(file, []byte(sjis), 0o644); err != nil {
		t.Fatal(err)
	}
	return file
}

// trFact is the text of the <dd> after the <dt> labelled label.
func trFact(e *env, label string) string {
	e.t.Helper()
	return eval[string](e, fmt.Sprintf(`(() => {
  const dt = Array.from(document.querySelectorAll('main dt')).find(x => x.textContent.trim() === %s);
  const dd = dt && dt.nextElementSibling;
  return dd ? dd.textContent.trim().replace(/\s+/g, ' ') : '';
})()`, jsString(label)))
}

// trFactParts are the texts of the elements matching css in the <dd> after
// the <dt> labelled label.
func trFactParts(e *env, label, css string) []string {
	e.t.Helper()
	return eval[[]string](e, fmt.Sprintf(`Array.from(document.querySelectorAll('main dt')).filter(x => x.textContent.trim() === %s)
  .flatMap(dt => dt.nextElementSibling ? Array.from(dt.nextElementSibling.querySelectorAll(%s), x => x.textContent.trim()) : [])`, jsString(label), jsString(css)))
}

// trSelected is the text of the selected option of a <select>.
func trSelected(e *env, css string) string {
	e.t.Helper()
	return eval[string](e, fmt.Sprintf(`(() => { const s = document.querySelector(%s); return s && s.selectedOptions[0] ? s.selectedOptions[0].textContent.trim() : ''; })()`, jsString(css)))
}

// trSetValue fills a date or time field as its picker does: focus, value,
// input and change events. (Typing digits into a date field depends on the
// locale's field order; the picker does not.)
func trSetValue(e *env, css, value string) {
	e.t.Helper()
	ok := eval[bool](e, fmt.Sprintf(`(() => {
  const el = document.querySelector(%s); if (!el) return false;
  el.focus(); el.value = %s;
  el.dispatchEvent(new Event('input', {bubbles: true})); el.dispatchEvent(new Event('change', {bubbles: true}));
  return el.value === %s; })()`, jsString(css), jsString(value), jsString(value)))
	if !ok {
		e.t.Fatalf("cannot set %s to %q", css, value)
	}
}

// trTypeLines types text with line breaks into a textarea: a line, Enter,
// the next line.
func trTypeLines(e *env, css, text string) {
	e.t.Helper()
	for i, line := range strings.Split(text, "\n") {
		if i > 0 {
			e.press(kb.Enter)
		}
		e.typeInto(css, line)
	}
	if got := eval[string](e, fmt.Sprintf(`document.querySelector(%s).value`, jsString(css))); strings.ReplaceAll(got, "\r\n", "\n") != text {
		e.t.Fatalf("%s holds %q, want %q", css, got, text)
	}
}

// trAcceptDialogs answers OK to every JavaScript dialog of the tab (the
// confirmations of data-confirm forms), as a person clicking OK, and returns
// a func listing the dialogs seen so far ("confirm: message").
func trAcceptDialogs(e *env) func() []string {
	var mu sync.Mutex
	var seen []string
	events := chromedp.Events(e.ctx, page.JavascriptDialogOpening)
	go func() {
		for ev, err := range events {
			if err != nil {
				return
			}
			mu.Lock()
			seen = append(seen, string(ev.Type)+": "+ev.Message)
			mu.Unlock()
			go chromedp.Call(e.ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: true})
		}
	}()
	return func() []string {
		mu.Lock()
		defer mu.Unlock()
		return append([]string(nil), seen...)
	}
}

type trResponse struct {
	Status      int    `json:"status"`
	Type        string `json:"type"`
	Disposition string `json:"disposition"`
	Body        string `json:"body"`
}

// trFetch downloads a URL from within the page (with the page's cookies),
// as following a download link does, and returns the response.
func trFetch(e *env, u string) trResponse {
	e.t.Helper()
	return eval[trResponse](e, fmt.Sprintf(`fetch(%s, {credentials: 'same-origin'}).then(async r => ({
  status: r.status, type: r.headers.get('content-type') || '', disposition: r.headers.get('content-disposition') || '', body: await r.text()}))`,
		jsString(u)), chromedp.EvalAwaitPromise)
}

// trCheckICS checks the downloaded session calendar.
func trCheckICS(t *testing.T, r trResponse, program, venue string, days []string) {
	t.Helper()
	if r.Status != 200 {
		t.Fatalf(".ics: status %d", r.Status)
	}
	if !strings.HasPrefix(r.Type, "text/calendar") {
		t.Errorf(".ics Content-Type = %q, want text/calendar", r.Type)
	}
	if !strings.Contains(r.Disposition, "attachment") || !strings.Contains(r.Disposition, ".ics") {
		t.Errorf(".ics Content-Disposition = %q, want an .ics attachment", r.Disposition)
	}
	// Unfold the RFC 5545 lines (CRLF + space) before reading them.
	body := strings.ReplaceAll(r.Body, "\r\n ", "")
	if !strings.HasPrefix(body, "BEGIN:VCALENDAR\r\n") || !strings.HasSuffix(body, "END:VCALENDAR\r\n") {
		t.Errorf(".ics is not a VCALENDAR with CRLF lines:\n%s", r.Body)
	}
	if n := strings.Count(body, "BEGIN:VEVENT"); n != len(days) {
		t.Errorf(".ics has %d events, want %d (one per day)", n, len(days))
	}
	summary := regexp.MustCompile(`(?m)^SUMMARY:(.*)\r$`).FindAllStringSubmatch(body, -1)
	if len(summary) == 0 || !strings.Contains(summary[0][1], program) {
		t.Errorf(".ics SUMMARY = %v, want the program name %s", summary, program)
	}
	if !strings.Contains(body, "LOCATION:"+strings.ReplaceAll(venue, ",", `\,`)) {
		t.Errorf(".ics lacks LOCATION:%s", venue)
	}
	for _, d := range days {
		want := "DTSTART;TZID=Asia/Tokyo:" + strings.ReplaceAll(d, "-", "") + "T090000"
		if !strings.Contains(body, want) {
			t.Errorf(".ics lacks %s", want)
		}
	}
}

// trAnswerSurvey fills the survey form: the 5段階 scale, the choice and the
// free text (the text field keeps the focus, next to the submit button).
func trAnswerSurvey(e *env, scale, choice, text string) {
	e.t.Helper()
	e.do(chromedp.Click(chromedp.CSS(`main form fieldset.rec-scale input[type=radio][value="` + scale + `"]`)))
	e.do(chromedp.Click(chromedp.CSS(`main form fieldset.card:not(.rec-scale) input[type=radio][value="` + choice + `"]`)))
	e.typeInto(`main form textarea`, text)
}

// trPrintPDF prints the page as Chromium's 「PDFに保存」 does: the page's
// own @page size (A4 for a certificate), with backgrounds.
func trPrintPDF(e *env) []byte {
	e.t.Helper()
	ctx, cancel := context.WithTimeout(e.ctx, 3*stepTimeout)
	defer cancel()
	pdf, err := chromedp.Run(ctx, chromedp.PrintToPDF(chromedp.PDFPreferCSSPageSize(), chromedp.PDFPrintBackground()))
	if err != nil {
		e.t.Fatalf("print to PDF: %v", err)
	}
	return pdf
}

// trSave writes a file of the journey next to the screenshots.
func trSave(t *testing.T, name string, data []byte) string {
	t.Helper()
	dir := screenshotDir()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, unsafeName.ReplaceAllString(t.Name()+"_"+name, "_"))
	if err := os.WriteFile(file, data, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("saved %s (%d bytes)", file, len(data))
	return file
}

var trSpaces = regexp.MustCompile(`\s+`)

// trCheckPDF checks the printed certificate: a PDF, one A4 page, with the
// person's name and the certificate number in its text and without the
// screen-only parts (menu, print hint). The text is read with pdftotext
// (poppler-utils); without it the text check is skipped here and fails in CI.
func trCheckPDF(t *testing.T, file string, pdf []byte, name, certNo string) {
	t.Helper()
	if !strings.HasPrefix(string(pdf), "%PDF-") {
		t.Fatalf("the printed file is not a PDF: starts %q", pdf[:min(len(pdf), 16)])
	}
	if len(pdf) < 5000 {
		t.Errorf("the PDF is suspiciously small: %d bytes", len(pdf))
	}
	if _, err := exec.LookPath("pdftotext"); err != nil {
		msg := "pdftotext not found (apt-get install -y poppler-utils): the PDF's text is not checked, only its header and size"
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
	text := string(out)
	flat := trSpaces.ReplaceAllString(text, "")
	for _, want := range []string{name + "様", "修了証", certNo} {
		if !strings.Contains(flat, trSpaces.ReplaceAllString(want, "")) {
			t.Errorf("the PDF's text lacks %q:\n%s", want, text)
		}
	}
	for _, screenOnly := range []string{"ログアウト", "ブラウザの印刷機能", "本文へ移動"} {
		if strings.Contains(flat, screenOnly) {
			t.Errorf("the printed certificate shows the screen-only %q (print CSS should hide it)", screenOnly)
		}
	}
	if info, err := exec.Command("pdfinfo", file).Output(); err == nil {
		pages := regexp.MustCompile(`(?m)^Pages:\s+(\d+)`).FindStringSubmatch(string(info))
		size := regexp.MustCompile(`(?m)^Page size:\s+(.*)$`).FindStringSubmatch(string(info))
		if pages == nil || pages[1] != "1" {
			t.Errorf("the certificate prints on %v pages, want 1 (pdfinfo:\n%s)", pages, info)
		}
		if size == nil || !strings.Contains(size[1], "A4") {
			t.Errorf("the certificate's paper = %v, want A4 (pdfinfo:\n%s)", size, info)
		}
	}
}
