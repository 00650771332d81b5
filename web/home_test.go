package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"testing"

	"hagukumi/audit"
	"hagukumi/training"
)

// TestHomeToDo checks that each role's home lists its own work, counted in
// its scope, and nothing of another role's (issue 11, point 6); and that
// わたしの研修 shows the true state of past sessions and links a survey only
// where one exists (point 7).
func TestHomeToDo(t *testing.T) {
	forEachFixture(t, func(t *testing.T, f *fixture) {
		recSetup(t, f) // today is 2026-06-10
		ctx := context.Background()
		center := f.asCookie(t, "a_center_staff")
		p, _ := f.Srv.Train.ProgramByCode(ctx, f.A.ID, "COMPLIANCE")
		p.CompletionReport = true
		if err := f.Srv.Train.SaveProgram(ctx, audit.System, f.A.ID, p); err != nil {
			t.Fatal(err)
		}
		expectRedirect(t, f.post("/programs/COMPLIANCE/survey", url.Values{"title": {"研修アンケート"}, "rows": {"1"},
			"ord_0": {"1"}, "kind_0": {"scale"}, "text_0": {"満足度"}, "req_0": {"1"}}, center), "/programs/COMPLIANCE/survey")

		// A2001 (a_staff, 市民文化部) attended a past session with a survey and
		// a required report, missed one without a survey, and has one to come.
		// A1001 (総務部) was not marked in the first.
		past := recSession(t, f, "COMPLIANCE", "2026-06-01")
		recEnrol(t, f, past.ID, "A2001", "A1001")
		missed := recSession(t, f, "SETTAI", "2026-06-03")
		recEnrol(t, f, missed.ID, "A2001")
		if err := f.Srv.Train.MarkAttendance(ctx, audit.System, f.A.ID, past.ID, []training.Mark{{Number: "A2001", Status: "present"}}); err != nil {
			t.Fatal(err)
		}
		if err := f.Srv.Train.MarkAttendance(ctx, audit.System, f.A.ID, missed.ID, []training.Mark{{Number: "A2001", Status: "absent", Reason: "病気"}}); err != nil {
			t.Fatal(err)
		}
		next := recSession(t, f, "SETTAI", "2026-06-12", training.Instructor{Number: "A2002", Hours: 3})
		recEnrol(t, f, next.ID, "A2001", "A1001")
		// Two undecided applications: one in 市民文化部 made today, one in 総務部
		// waiting for ten days.
		for _, a := range []struct {
			number string
			days   int
		}{{"A2002", 0}, {"A1002", 10}} {
			at := recClock.AddDate(0, 0, -a.days)
			if _, err := f.D.W.Exec(`INSERT INTO enrolments (municipality_id, session_id, staff_id, status, source, created_at, updated_at)
				VALUES ($1, $2, $3, 'applied', 'application', $4, $4)`, f.A.ID, next.ID, f.staffID(t, f.A.ID, a.number), at); err != nil {
				t.Fatal(err)
			}
		}
		year2, _ := f.Srv.Train.ProgramByCode(ctx, f.A.ID, "CAREER_DESIGN")
		for unit, q := range map[string]int{"市民文化部": 3, "総務部": 5} {
			if err := f.Srv.Train.SetQuota(ctx, audit.System, f.A.ID, year2.ID, 2026, f.Units["A"][unit], q); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := f.D.W.Exec(`INSERT INTO mail_queue (municipality_id, to_addr, subject, body, status, attempts, next_attempt_at, last_error, created_at)
			VALUES ($1, 'x@example.jp', '件名', '本文', 'pending', 2, $2, 'connection refused', $2)`, f.A.ID, recClock); err != nil {
			t.Fatal(err)
		}

		todo := "今日の仕事"
		cases := []struct {
			login string
			want  []string
			not   []string
		}{
			{"a_center_staff", []string{todo, "今週（今日から7日間）の開催回：1件", "出欠の記録待ち（終わった回で出欠が未記録）：1件",
				"7日を超えて決定されていない申込：1件", "使われていない推薦枠：8人分", "送信できていないメール：1通"},
				[]string{"所属長の仕事", "所属研修担当の仕事", "はじめに"}},
			{"a_supervisor", []string{"所属長の仕事", "承認待ちの申込：1件", `<a href="/approvals">`, "確認待ちの受講報告書：0件",
				"今月、所属職員が受講する研修：3件", `<span class="num">2</span><span class="label">所属（今年度）`},
				[]string{todo, "所属研修担当の仕事", "使われていない推薦枠"}},
			{"a_liaison", []string{"所属研修担当の仕事", "残っている推薦枠：3人分", `<a href="/recommendations">`},
				[]string{todo, "所属長の仕事"}},
			{"a_staff", []string{"わたしの研修", fmt.Sprintf(`<a href="/sessions/%d">`, next.ID),
				fmt.Sprintf(`<a href="/sessions/%d/survey">`, past.ID), fmt.Sprintf(`<a href="/sessions/%d/report">`, past.ID), `<a href="/my/history">`},
				[]string{todo, "所属長の仕事", "所属研修担当の仕事", fmt.Sprintf(`/sessions/%d/survey`, missed.ID), "はじめに"}},
			{"a_instructor", []string{"講師を務める研修", fmt.Sprintf(`<a href="/sessions/%d">`, next.ID)},
				[]string{todo, "所属長の仕事"}},
			{"a_sysadmin", []string{todo, "送信できていないメール：1通"}, []string{"所属長の仕事", "出欠の記録待ち"}},
		}
		for _, c := range cases {
			w := f.get("/", f.asCookie(t, c.login))
			expectStatus(t, w, http.StatusOK)
			expectBody(t, w, c.want...)
			expectNotInBody(t, w, c.not...)
		}

		// わたしの研修: attendance and absence, not 受講決定, for past sessions;
		// no survey link for the programme without one.
		w := f.get("/my/trainings", f.asCookie(t, "a_staff"))
		expectStatus(t, w, http.StatusOK)
		expectBody(t, w, "<td>出席</td>", "<td>欠席</td>", fmt.Sprintf(`<a href="/sessions/%d/survey">アンケート</a>`, past.ID))
		expectNotInBody(t, w, fmt.Sprintf(`/sessions/%d/survey`, missed.ID), fmt.Sprintf(`/sessions/%d/report`, missed.ID))

		// A fresh install has no name: the admins' home asks for it first.
		if _, err := f.D.W.Exec(`UPDATE municipalities SET name = '' WHERE id = $1`, f.A.ID); err != nil {
			t.Fatal(err)
		}
		w = f.get("/", f.asCookie(t, "a_center_admin"))
		expectBody(t, w, "はじめに", "自治体名がまだ設定されていません", `<a href="/settings">自治体名を設定する</a>`, "✓ 済：<a href=\"/import/staff\">")
		expectNotInBody(t, w, "藤枝市")
	})
}
