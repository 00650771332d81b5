package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"hagukumi/calendar"
)

// Journey (issue 18): the center opens this year's OJT plans, names a
// trainer from another unit — the rules warn, the center overrides with a
// reason — the trainee writes a reflection on a phone, the 所属長 signs
// the quarter, and the trainee's development page shows it.
func TestJourneyOJT(t *testing.T) {
	requireBrowser(t)
	base, adminPW := startServer(t)
	center := newBrowser(t, base)
	center.adminPassword = adminPW
	fy := calendar.FiscalYear(time.Now().In(calendar.JST))
	const (
		traineePW = "Hikari-Start-5821"
		bossPW    = "Somu-Boss-Start-5821"
		reflect   = "窓口で住民票の交付をひとりでできるようになりました。"
		reason    = "人事係に在職3年以上の職員がいないため、財政係の先輩を指名"
	)

	// ---- The center: the staff file, logins for the trainee and the 所属長.
	center.adminReady()
	center.importStaff(ojtStaffCSV(t, fy))
	center.newUser("ojt-trainee", "", "職員", "", "51001", traineePW)
	center.newUser("ojt-boss", "総務部長", "所属長", "総務部", "", bossPW)

	// ---- This year's plans: made from the registry's new hires.
	center.click(`header nav a[href="/ojt"]`)
	center.checkPage("ojt-plans-empty")
	center.click(`main form[action^="/ojt/plans"] button`)
	if f := center.text(".flash"); !strings.Contains(f, "1 人のOJT計画を作りました") {
		t.Fatalf("flash after making the plans = %q (error %q)", f, center.text(".error"))
	}
	center.click(`main a[href^="/ojt/plans/"]`)
	planPath := center.path()
	center.checkPage("ojt-plan")

	// ---- A trainer from another unit: warned, then overridden with a reason.
	center.typeInto(`form[action$="/trainer"] input[name="number"]`, "51002")
	center.click(`form[action$="/trainer"] button`)
	if w := center.texts(`form[action$="/trainer"] .warning li`); !contains(w, "同じ所属ではありません") {
		t.Fatalf("warnings for a trainer of another unit = %q", w)
	}
	center.checkPage("ojt-trainer-warned")
	center.typeInto(`textarea[name="override_reason"]`, reason)
	center.click(`form[action$="/trainer"] button`)
	if f := center.text(".flash"); f != "トレーナーを指名しました（理由を付けて条件の確認を省きました）。" {
		t.Fatalf("flash after the override = %q (error %q)", f, center.text(".error"))
	}
	if body := center.text("main"); !strings.Contains(body, reason) || !strings.Contains(body, "財政 先輩") {
		t.Errorf("the plan does not show the trainer and the reason")
	}

	// ---- The trainee, on a phone: a reflection for the first month.
	trainee := newBrowser(t, base)
	trainee.setViewport(390, 844)
	trainee.login("ojt-trainee", traineePW)
	trainee.changePassword(traineePW, strongPassword("Hikari"))
	trainee.open("/my/ojt")
	trainee.click(`main a[href="` + planPath + `"]`)
	trainee.typeInto(`textarea[name="reflection"]`, reflect)
	trainee.click(`form[action$="/month"] button`)
	if f := trainee.text(".flash"); f != "保存しました。" {
		t.Fatalf("flash after the reflection = %q (error %q)", f, trainee.text(".error"))
	}
	trainee.checkPage("ojt-trainee-plan")

	// ---- The 所属長 signs the quarter and reads the reflection.
	boss := newBrowser(t, base)
	boss.login("ojt-boss", bossPW)
	boss.changePassword(bossPW, strongPassword("SomuBoss"))
	boss.open(planPath)
	if body := boss.text("main"); !strings.Contains(body, reflect) {
		t.Errorf("the 所属長 does not see the reflection")
	}
	boss.typeInto(`form[action$="/review"] textarea[name="comment"]`, "順調です。")
	boss.click(`form[action$="/review"] button`)
	if f := boss.text(".flash"); f != "確認を記録しました。" {
		t.Fatalf("flash after signing = %q (error %q)", f, boss.text(".error"))
	}
	boss.checkPage("ojt-signed")

	// ---- The trainee's development page shows the signed review.
	trainee.click(`header nav a[href="/my/development"]`)
	if body := trainee.text("main"); !strings.Contains(body, "所属長の確認 1回") || !strings.Contains(body, "受講すべき研修") {
		t.Errorf("development page = %q", body)
	}
	trainee.checkPage("ojt-development")

	// ---- The trainee's 自己申告 on the same page, on the phone.
	trainee.typeInto(`textarea[name="fields"]`, "子育て支援の分野")
	trainee.typeInto(`textarea[name="free_text"]`, "窓口での経験を制度の改善につなげたい。")
	trainee.click(`form[action="/my/career"] button`)
	if f := trainee.text(".flash"); !strings.Contains(f, "自己申告を保存しました") {
		t.Fatalf("flash after the career note = %q (error %q)", f, trainee.text(".error"))
	}
	trainee.checkPage("ojt-career-note")

	// ---- The 所属長 reads it and comments.
	boss.open("/staff/51001/development")
	if body := boss.text("main"); !strings.Contains(body, "子育て支援の分野") {
		t.Errorf("the 所属長 does not see the career note")
	}
	boss.typeInto(`form[action$="/career/comment"] textarea[name="comment"]`, "異動の希望として伝えます。")
	boss.click(`form[action$="/career/comment"] button`)
	if f := boss.text(".flash"); f != "自己申告にコメントしました。" {
		t.Fatalf("flash after the comment = %q (error %q)", f, boss.text(".error"))
	}
	boss.checkPage("ojt-career-comment")

	// ---- The center edits the OJT template of 一般事務.
	center.open("/ojt")
	center.click(`main a[href="/ojt/templates"]`)
	center.checkPage("ojt-templates")
	center.open("/ojt/templates?job=" + "%E4%B8%80%E8%88%AC%E4%BA%8B%E5%8B%99")
	center.setValue(`textarea[name="items"]`, "電話応対\n電話応対")
	center.click(`form[method="post"][action="/ojt/templates"] button`)
	if e := center.text(".error"); !strings.Contains(e, "1行目と同じです") {
		t.Fatalf("duplicate item message = %q", e)
	}
	center.checkPage("ojt-template-error")
	center.setValue(`textarea[name="items"]`, "電話応対\n住民票の交付")
	center.click(`form[method="post"][action="/ojt/templates"] button`)
	if f := center.text(".flash"); !strings.Contains(f, "ひな形を保存しました") {
		t.Fatalf("flash after the template = %q (error %q)", f, center.text(".error"))
	}
}

// ojtStaffCSV is a staff file with this year's new hire in 人事係 and a
// senior colleague in 財政係.
func ojtStaffCSV(t *testing.T, fy int) string {
	t.Helper()
	hire := fmt.Sprintf("%d/4/1", fy)
	lines := []string{
		"職員番号,氏名,フリガナ,性別,生年月日,採用日,雇用区分,職種,職位,職位発令日,所属,出身大学,メール,在職状況,昇格候補",
		"51001,光 ひかり,ヒカリ ヒカリ,女,2003/6/1," + hire + ",正規,一般事務,主事," + hire + ",総務部 人事課 人事係,,,在職,",
		"51002,財政 先輩,ザイセイ センパイ,男,1990/2/2,2012/4/1,正規,一般事務,主任主事,2019/4/1,総務部 財政課 財政係,,,在職,",
	}
	file := filepath.Join(t.TempDir(), "ojt_staff.csv")
	if err := os.WriteFile(file, []byte("\ufeff"+strings.Join(lines, "\r\n")+"\r\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return file
}
