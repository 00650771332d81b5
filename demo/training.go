package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"hagukumi/audit"
	"hagukumi/calendar"
	"hagukumi/db"
	"hagukumi/staff"
	"hagukumi/training"
)

var venues = []string{"市役所 東館5階 大会議室", "生涯学習センター 研修室1", "市民会館 小ホール", "市役所 西館3階 研修室"}

// businessDay returns the first business day on or after t.
func businessDay(t time.Time) time.Time {
	for !calendar.IsBusinessDay(t) {
		t = t.AddDate(0, 0, 1)
	}
	return t
}

// demoSessions says, per program, how many sessions a year and in which
// month (from April) the first one falls.
var demoSessions = []struct {
	code   string
	count  int
	month  int
	days   int
	survey bool
}{
	{"NEW_HIRE", 2, 0, 3, true}, {"YEAR2", 1, 6, 1, false}, {"YEAR3", 1, 7, 1, false}, {"SHUSA_CANDIDATE", 1, 5, 1, false},
	{"NEW_KAKARICHO", 1, 2, 1, true}, {"SHUNIN_SHUSA_2", 1, 8, 1, false}, {"NEW_KACHO", 1, 1, 1, false}, {"KAIKEI_NENDO", 2, 1, 1, false},
	{"SETTAI", 2, 3, 1, true}, {"COMPLIANCE", 1, 9, 1, false}, {"MENTAL_HEALTH", 1, 10, 1, false}, {"IKUBOSS", 1, 7, 1, false},
	{"TERAKOYA", 3, 4, 1, false},
}

// FillTraining gives a demo municipality a living training year: last
// year's and this year's published plans, sessions, the eligible rosters
// nominated, attendance for the sessions already held, survey answers, a
// few reports and staff instructors. It does nothing when sessions exist.
func FillTraining(ctx context.Context, d *db.DB, muni int64, seed int64, now time.Time) error {
	var n int
	if err := d.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM sessions_training WHERE municipality_id = $1`, muni).Scan(&n); err != nil || n > 0 {
		return err
	}
	ts := &training.Store{DB: d, Now: func() time.Time { return now }}
	by := audit.Actor{Login: "demo"}
	r := rand.New(rand.NewPCG(uint64(seed), 7))
	reports := newReportWriter(r)
	fy := calendar.CurrentFY(now)
	today := calendar.Today(now).Format(time.DateOnly)
	// Staff instructors: a few 係長 and above teach 寺子屋 and in-house sessions.
	var teachers []string
	rows, err := d.R.QueryContext(ctx, `SELECT s.number FROM staff s JOIN ranks k ON k.id = s.rank_id
		WHERE s.municipality_id = $1 AND s.status = '在職' AND k.ordinal >= 5 ORDER BY s.number LIMIT 12`, muni)
	if err != nil {
		return err
	}
	for rows.Next() {
		var num string
		rows.Scan(&num)
		teachers = append(teachers, num)
	}
	rows.Close()
	topics := []string{"文書事務の基礎", "公会計と予算のしくみ", "住民対応とクレーム対応", "Excelで効率化", "地域との協働の進め方", "防災と危機管理"}
	for i, num := range teachers {
		if i >= len(topics) {
			break
		}
		id, err := ts.StaffIDByNumber(ctx, muni, num)
		if err != nil {
			return err
		}
		if err := ts.AddTopic(ctx, by, muni, id, &training.Topic{Topic: topics[i], Description: "職員寺子屋・出前講座で話せます。", Public: i%2 == 0}); err != nil {
			return fmt.Errorf("demo topic: %w", err)
		}
	}
	var active int
	if err := d.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM staff WHERE municipality_id = $1 AND status = '在職'`, muni).Scan(&active); err != nil || active == 0 {
		return err
	}
	for _, year := range []int{fy - 1, fy} {
		// The center plans and nominates in March for the year to come: a
		// store whose clock stands then sees every session of the year
		// still 予定, as the center did. What happened since (attendance,
		// surveys, reports) is written with today's clock.
		plan := &training.Store{DB: d, Now: func() time.Time { return calendar.FiscalYearStart(year).AddDate(0, -1, 0) }}
		for _, spec := range demoSessions {
			p, err := ts.ProgramByCode(ctx, muni, spec.code)
			if err != nil {
				return err
			}
			if spec.survey && year == fy-1 {
				qs := []training.Question{
					{Kind: "scale", Text: "研修全体の満足度（5が最高）", Required: true},
					{Kind: "choice", Text: "内容の難しさ", Choices: []string{"易しい", "ちょうどよい", "難しい"}, Required: true},
					{Kind: "text", Text: "職場で活かしたいこと"},
				}
				if _, err := ts.SaveSurvey(ctx, by, muni, p.ID, p.Name+" アンケート", qs); err != nil {
					return fmt.Errorf("demo survey: %w", err)
				}
			}
			capacity := 25
			if !p.Rule.Manual {
				ro, err := ts.RosterFor(ctx, muni, p, year, nil)
				if err != nil {
					return err
				}
				capacity = (len(ro.People)+spec.count-1)/spec.count + 5
			}
			for k := 0; k < spec.count; k++ {
				start := businessDay(calendar.D(year, time.Month(4+spec.month+k*3), 8+r.IntN(10)).AddDate(0, 0, 0))
				if calendar.FiscalYear(start) != year {
					start = businessDay(calendar.D(year+1, 1, 12))
				}
				from, to := dayTimes(spec.code, p.Hours/float64(spec.days))
				var days []training.Day
				for day := start; len(days) < spec.days; day = day.AddDate(0, 0, 1) {
					if calendar.IsBusinessDay(day) && calendar.FiscalYear(day) == year {
						days = append(days, training.Day{Date: day.Format(time.DateOnly), Start: from, End: to})
					}
				}
				// The session lasts as long as the program says: a whole day's
				// hour for lunch is not training time.
				x := &training.Session{ProgramID: p.ID, FY: year, Title: fmt.Sprintf("第%d回", k+1), Venue: venues[r.IntN(len(venues))],
					Capacity: capacity, Days: days, Hours: p.Hours}
				if name, ok := lecturers[spec.code]; ok {
					x.Instructors = []training.Instructor{{Name: name}}
				} else if len(teachers) > 0 {
					x.Instructors = []training.Instructor{{Number: teachers[r.IntN(len(teachers))]}}
				}
				if err := plan.SaveSession(ctx, by, muni, x); err != nil {
					return fmt.Errorf("demo session %s: %w", spec.code, err)
				}
			}
		}
		if err := plan.SetPlanPublished(ctx, by, muni, year, true); err != nil {
			return err
		}
		for _, spec := range demoSessions {
			p, _ := ts.ProgramByCode(ctx, muni, spec.code)
			if p.Rule.Manual {
				continue
			}
			if _, err := plan.NominateRoster(ctx, by, muni, p.ID, year); err != nil {
				return fmt.Errorf("demo nominate %s: %w", spec.code, err)
			}
		}
		// Application-mode programs: some staff apply to the sessions to come.
		sessions, err := ts.Sessions(ctx, muni, training.SessionFilter{FY: year})
		if err != nil {
			return err
		}
		for _, x := range sessions {
			p, _ := ts.ProgramByID(ctx, muni, x.ProgramID)
			if p.Rule.Manual && x.First() > today {
				for j := 0; j < 8; j++ {
					var id int64
					if err := d.R.QueryRowContext(ctx, `SELECT id FROM staff WHERE municipality_id = $1 AND status = '在職' ORDER BY id LIMIT 1 OFFSET $2`,
						muni, r.IntN(min(active, 500))).Scan(&id); err != nil {
						return err
					}
					ts.Apply(ctx, by, muni, x.ID, id) // a person may already be on it: not an error for the demo
				}
			}
			if x.Last() >= today {
				continue
			}
			// Held sessions: attendance, survey answers and a few reports.
			roster, err := ts.SessionRoster(ctx, muni, x.ID, emptyScope)
			if err != nil {
				return err
			}
			var marks []training.Mark
			for _, e := range roster {
				if e.Status != "enrolled" {
					continue
				}
				m := training.Mark{Number: e.Number, Status: "present"}
				switch v := r.IntN(20); {
				case v == 0:
					m = training.Mark{Number: e.Number, Status: "absent", Reason: "公務"}
				case v == 1:
					m = training.Mark{Number: e.Number, Status: "partial", Hours: x.Hours / 2, Reason: "休暇"}
				}
				marks = append(marks, m)
			}
			if len(marks) == 0 {
				continue
			}
			if err := ts.MarkAttendance(ctx, by, muni, x.ID, marks); err != nil {
				return fmt.Errorf("demo attendance: %w", err)
			}
			survey, _ := ts.SurveyOf(ctx, muni, x.ProgramID)
			for i, m := range marks {
				if m.Status != "present" {
					continue
				}
				sid, _ := ts.StaffIDByNumber(ctx, muni, m.Number)
				if survey != nil && len(survey.Questions) == 3 && i%3 != 2 {
					ans := map[int64]string{survey.Questions[0].ID: fmt.Sprint(3 + r.IntN(3)), survey.Questions[1].ID: survey.Questions[1].Choices[r.IntN(3)]}
					if i%4 == 0 {
						ans[survey.Questions[2].ID] = applyAtWork[r.IntN(len(applyAtWork))]
					}
					if err := ts.AnswerSurvey(ctx, by, muni, x.ID, sid, ans); err != nil {
						return fmt.Errorf("demo survey answer: %w", err)
					}
				}
				if i%10 == 0 {
					if err := ts.SaveReport(ctx, by, muni, x.ID, sid, reports.write(x.ProgramName), true); err != nil {
						return fmt.Errorf("demo report: %w", err)
					}
				}
			}
		}
	}
	return nil
}

// dayTimes gives the start and end of a day of a program that teaches
// hours a day: a full day from 09:00 with an hour for lunch, a shorter one
// in the afternoon, and 寺子屋 after work.
func dayTimes(code string, hours float64) (string, string) {
	start, lunch := "13:30", 0.0
	switch {
	case code == "TERAKOYA":
		start = "17:30"
	case hours >= 5:
		start, lunch = "09:00", 1
	}
	t, _ := time.Parse("15:04", start)
	return start, t.Add(time.Duration((hours + lunch) * float64(time.Hour))).Format("15:04")
}

// lecturers are the outside instructors of the programs the center buys
// in, by name as the session page shows them (fictitious people). The
// others are taught by staff.
var lecturers = map[string]string{
	"SETTAI":          "杉本 恵子（接遇マナー講師）",
	"COMPLIANCE":      "大橋 健司（弁護士）",
	"MENTAL_HEALTH":   "石原 由香（公認心理師）",
	"IKUBOSS":         "川口 誠（働き方コンサルタント）",
	"NEW_KACHO":       "小松 孝之（自治体経営研究所 主任研究員）",
	"NEW_KAKARICHO":   "小松 孝之（自治体経営研究所 主任研究員）",
	"SHUSA_CANDIDATE": "長田 俊彦（公務研修講師）",
	"SHUNIN_SHUSA_2":  "長田 俊彦（公務研修講師）",
}

// applyAtWork are answers to a survey's 「職場で活かしたいこと」.
var applyAtWork = []string{"報連相を徹底したい。", "窓口での言葉づかいを見直したい。", "先輩に相談しやすい雰囲気をつくりたい。",
	"会議の進め方を工夫したい。", "市民の立場で説明することを心がけたい。", "係内で学んだことを共有したい。",
	"業務の優先順位をつけてから取りかかりたい。", "記録を残す習慣をつけたい。"}

// reportWriter writes 受講報告書 from parts, never the same text twice
// until every combination is used, so the reports read like different
// people wrote them.
type reportWriter struct {
	order []int
	next  int
}

var (
	reportLearned = []string{"相手の話を最後まで聞くことの大切さを学びました。", "根拠を示して説明する方法を演習で身につけました。",
		"他部署の職員と意見を交わし、自分の仕事を外から見ることができました。", "事例研究を通じて、判断に迷ったときの考え方を整理できました。",
		"講師の具体的な失敗談が印象に残りました。", "グループ討議で、同じ悩みを持つ職員が多いと知りました。",
		"法令やルールを確認する手順を改めて学びました。", "時間の使い方を振り返り、改善点が見えました。"}
	reportAction = []string{"来月の係内ミーティングで要点を共有します。", "窓口対応の手順書を見直し、係長に提案します。",
		"毎朝その日の優先順位を書き出すことから始めます。", "新しく来た職員への説明に活かします。",
		"市民への文書を、読み手の立場で書き直してみます。", "迷ったときは一人で抱えず、早めに相談するようにします。",
		"研修資料を課内の共有フォルダに置き、いつでも見られるようにします。"}
	reportClosing = []string{"", "半年後に自分の取組を振り返ります。", "学んだことを忘れないうちに実践したいと思います。",
		"機会があれば続きの研修も受けたいです。", "所属長と面談で目標として確認しました。"}
)

func newReportWriter(r *rand.Rand) *reportWriter {
	return &reportWriter{order: r.Perm(len(reportLearned) * len(reportAction) * len(reportClosing))}
}

func (w *reportWriter) write(program string) string {
	k := w.order[w.next%len(w.order)]
	w.next++
	a, b, c := k%len(reportLearned), k/len(reportLearned)%len(reportAction), k/len(reportLearned)/len(reportAction)
	return program + "では、" + reportLearned[a] + reportAction[b] + reportClosing[c]
}

// emptyScope reads a whole roster: the demo acts as the center.
var emptyScope = staff.Scope{}
