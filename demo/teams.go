package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"hagukumi/audit"
	"hagukumi/calendar"
	"hagukumi/db"
	"hagukumi/teams"
)

// demoTeams are the two teams of the seed (最近の取組の実績) with a theme
// and proposal items per year; the items are plausible, not the city's.
var demoTeams = []struct {
	name, purpose string
	since         int
	women, men    int // members chosen per cohort
	maxRank       int // highest rank ordinal of a member
	themes        []string
}{
	{"新公共経営若手プロジェクトチーム", "若い内から市政を経営する意識と感覚を高めるため、毎年有志の若手職員がメンバーを変えて市の政策を議論し、市長に提言する。", 2009, 5, 6, 2,
		[]string{"コロナ禍からの地域経済の再生", "デジタルで身近になる市役所", "若者が活躍できるまち～将来にわたり活力あふれるまち", "選ばれるまちの子育て環境", "脱炭素のまちづくり", "関係人口を増やす観光", "公共施設の賢い使い方"}},
	{"女性活躍推進会議フジェンヌ", "女性の視点から働きやすい環境を調査研究し、市長に政策を提言する。", 2016, 4, 4, 5,
		[]string{"テレワークと働き方", "育児・介護と仕事の両立", "全ての職員がやりがいを持ってイキイキと働ける職場", "女性管理職を増やすキャリア支援", "男性の育児休業取得の推進", "心理的安全性の高い職場", "時間と場所にとらわれない働き方"}},
}

var demoItems = []string{
	"若手職員が地域の課題を学ぶ現場研修を毎年実施する", "庁内の手続を電子申請に切り替え、紙の決裁を減らす", "子育て中の職員が使える時差出勤の枠を広げる",
	"市の魅力を若者自身が発信するSNSチームを設ける", "空き店舗を若者の起業の場として貸し出す", "男性職員の育児休業取得を所属長の評価項目に加える",
	"会議の資料を事前配布とし、会議時間を1時間以内とする", "女性職員のキャリア相談窓口を設ける", "公共施設の予約をオンラインで完結させる",
	"市民と職員が一緒に考えるワークショップを定期開催する", "テレワーク用の端末を全課に配備する", "地元大学との共同研究の枠を設ける",
}

var demoActions = []string{"事業化", "予算要求", "制度改正", "運用改善"}

// FillTeams gives a demo municipality both policy teams with a cohort per
// year from 令和2年度 to this year, members drawn from the registry, a
// proposal of 4–8 items for every past cohort answered year by year, and
// this year's cohort at work with meetings and a draft. It does nothing
// when teams exist.
func FillTeams(ctx context.Context, d *db.DB, muni int64, seed int64, now time.Time) error {
	var n int
	if err := d.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM teams WHERE municipality_id = $1`, muni).Scan(&n); err != nil || n > 0 {
		return err
	}
	s := &teams.Store{DB: d, Now: func() time.Time { return now }}
	by := audit.Actor{Login: "demo"}
	r := rand.New(rand.NewPCG(uint64(seed), 16))
	thisFY := calendar.CurrentFY(now)
	depts, err := db.QueryAll(ctx, d.R, func(sc db.Scanner) (string, error) {
		var p string
		return p, sc.Scan(&p)
	}, `SELECT path FROM org_units WHERE municipality_id = $1 AND parent_id IS NULL AND to_fy IS NULL ORDER BY path`, muni)
	if err != nil || len(depts) == 0 {
		return err
	}
	used := map[string]bool{}
	for ti, dt := range demoTeams {
		t := teams.Team{Name: dt.name, Purpose: dt.purpose, SinceFY: dt.since}
		if err := s.CreateTeam(ctx, by, muni, &t); err != nil {
			return err
		}
		for fy := 2020; fy <= thisFY; fy++ {
			c := teams.Cohort{TeamID: t.ID, FY: fy, Theme: dt.themes[(fy-2020)%len(dt.themes)], Selection: []string{"nomination", "volunteer"}[(fy+ti)%2]}
			if err := s.CreateCohort(ctx, by, muni, &c); err != nil {
				return err
			}
			if err := demoMembers(ctx, s, d, by, muni, c.ID, dt.women, dt.men, dt.maxRank, r, used); err != nil {
				return err
			}
			if err := demoMeetings(ctx, s, by, muni, c.ID, fy, r); err != nil {
				return err
			}
			if err := demoProposal(ctx, s, by, muni, c.ID, fy, thisFY, depts, r); err != nil {
				return err
			}
		}
	}
	return nil
}

// demoMembers picks the cohort's members among staff not chosen before:
// women and men of at most maxRank, one a department as far as it goes,
// the first one leader.
func demoMembers(ctx context.Context, s *teams.Store, d *db.DB, by audit.Actor, muni, cohortID int64, women, men, maxRank int, r *rand.Rand, used map[string]bool) error {
	type cand struct{ number, gender, dept string }
	cands, err := db.QueryAll(ctx, d.R, func(sc db.Scanner) (cand, error) {
		var c cand
		return c, sc.Scan(&c.number, &c.gender, &c.dept)
	}, `SELECT s.number, s.gender, COALESCE(o.path, '') FROM staff s JOIN ranks k ON k.id = s.rank_id LEFT JOIN org_units o ON o.id = s.unit_id
		WHERE s.municipality_id = $1 AND s.status = '在職' AND s.employment_type = '正規' AND k.ordinal <= $2 ORDER BY s.number`, muni, maxRank)
	if err != nil {
		return err
	}
	r.Shuffle(len(cands), func(i, j int) { cands[i], cands[j] = cands[j], cands[i] })
	want := map[string]int{"女": women, "男": men}
	seenDept := map[string]bool{}
	role := "リーダー"
	for pass := 0; pass < 2; pass++ {
		for _, c := range cands {
			top := c.dept
			for i, ch := range c.dept {
				if ch == '/' {
					top = c.dept[:i]
					break
				}
			}
			if used[c.number] || want[c.gender] == 0 || (pass == 0 && seenDept[top]) {
				continue
			}
			if err := s.AddMember(ctx, by, muni, cohortID, c.number, role); err != nil {
				return err
			}
			used[c.number], seenDept[top] = true, true
			want[c.gender]--
			role = "メンバー"
		}
	}
	return nil
}

// demoMeetings records three meetings, the first with a one-page PDF.
func demoMeetings(ctx context.Context, s *teams.Store, by audit.Actor, muni, cohortID int64, fy int, r *rand.Rand) error {
	agendas := []string{"顔合わせとテーマの検討", "先進地の調査報告", "提言書の取りまとめ"}
	for i, a := range agendas {
		day := businessDay(time.Date(fy, time.Month(5+i*3), 10+r.IntN(10), 0, 0, 0, 0, calendar.JST)).Format(time.DateOnly)
		m := teams.Meeting{CohortID: cohortID, HeldOn: day, Agenda: a, Attendance: "メンバー全員、人財育成センター", Minutes: fmt.Sprintf("%sについて意見交換を行った。次回までに各自が担当部分を調べる。", a)}
		var files []teams.Upload
		if i == 0 {
			files = []teams.Upload{{Name: "第1回資料.pdf", Data: []byte("%PDF-1.4\n% demo\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")}}
		}
		if err := s.AddMeeting(ctx, by, muni, &m, files); err != nil {
			return err
		}
	}
	return nil
}

// demoProposal records the cohort's proposal: presented in February for
// past years, a draft for this year. Each presented item is answered every
// following year until reflected or declined; some of this year's answers
// are still missing, as in any April to March.
func demoProposal(ctx context.Context, s *teams.Store, by audit.Actor, muni, cohortID int64, fy, thisFY int, depts []string, r *rand.Rand) error {
	p := teams.Proposal{CohortID: cohortID, Title: "市長への提言書"}
	if fy < thisFY {
		p.PresentedOn = businessDay(time.Date(fy+1, 2, 10, 0, 0, 0, 0, calendar.JST)).Format(time.DateOnly)
	}
	for i, n := 0, 4+r.IntN(5); i < n; i++ {
		it := teams.Item{Text: demoItems[r.IntN(len(demoItems))], Departments: []string{depts[r.IntN(len(depts))]}, Cost: fmt.Sprintf("%d万円", 50*(1+r.IntN(20)))}
		if r.IntN(4) == 0 {
			if other := depts[r.IntN(len(depts))]; other != it.Departments[0] {
				it.Departments = append(it.Departments, other)
			}
		}
		p.Items = append(p.Items, it)
	}
	if err := s.SaveProposal(ctx, by, muni, &p); err != nil || p.PresentedOn == "" {
		return err
	}
	for _, it := range p.Items {
		progress := 0
		for y := fy + 1; y <= thisFY; y++ {
			if y == thisFY && r.IntN(3) == 0 {
				break // not answered yet this year
			}
			status := teams.Considering
			switch x := r.IntN(10); {
			case x < 3:
				status, progress = teams.Reflected, 100
			case x < 6:
				status, progress = teams.Partly, min(90, progress+30+r.IntN(30))
			case x < 7:
				status = teams.Declined
			default:
				progress = min(progress+10, 50)
			}
			resp := teams.Response{ItemID: it.ID, FY: y, Status: status, Progress: progress, Action: demoActions[r.IntN(len(demoActions))], Note: "所管課で対応を進めています。"}
			if status == teams.Declined {
				resp.Action, resp.Note = "", "財源の確保が難しく、現行の制度で対応するため見送ります。"
			}
			if err := s.Respond(ctx, by, muni, &resp); err != nil {
				return err
			}
			if teams.Closed(status) {
				break
			}
		}
	}
	return nil
}
