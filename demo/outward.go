package demo

import (
	"context"
	"fmt"
	"time"

	"hagukumi/audit"
	"hagukumi/auth"
	"hagukumi/calendar"
	"hagukumi/db"
	"hagukumi/joint"
	"hagukumi/secondment"
	"hagukumi/university"
)

// The six universities in the prefecture with a 包括連携協定, and 大正大学.
var demoPartners = []struct {
	name, kind, agreement, signed string
}{
	{"静岡産業大学", "大学", "包括連携協定", "2009-03-27"},
	{"静岡大学", "大学", "包括連携協定", "2012-05-21"},
	{"静岡県立大学", "大学", "包括連携協定", "2013-10-08"},
	{"常葉大学", "大学", "包括連携協定", "2014-02-17"},
	{"静岡福祉大学", "大学", "包括連携協定", "2015-07-01"},
	{"静岡理工科大学", "大学", "包括連携協定", "2016-03-24"},
	{"大正大学", "大学", "地域連携に関する協定", "2017-11-06"},
	{"静岡県市長会・町村会", "市長会・町村会", "", ""},
	{"早稲田大学マニフェスト研究所", "研究機関", "", ""},
}

// The courses at 静岡産業大学: name, term, number of lecture dates.
var demoCourses = []struct {
	name, term string
	dates      int
}{
	{"地方自治論A", "前期", 15}, {"地域産業論", "前期", 6}, {"地方自治論B", "後期", 8}, {"地方財政論", "後期", 6}, {"専門演習C（幸福福祉論）", "後期", 4},
}

var demoTopics = []string{"市役所の仕事", "総合計画と政策形成", "市民協働", "防災と危機管理", "子育て支援", "地域福祉", "観光と地域産業",
	"農業と6次産業化", "都市計画", "公共交通", "財政のしくみ", "税と収納", "情報政策", "人材育成", "まとめと振り返り"}

// FillOutward gives a demo municipality its work beyond the city hall:
// partners and agreements, this year's courses at 静岡産業大学 taught by
// staff of several departments, secondments (three to the 人材マネジメント
// 部会 in 令和4年度 with their papers, a graduate school with a report
// overdue, a company) and a joint-training year with quotas. It does
// nothing when partners exist.
func FillOutward(ctx context.Context, d *db.DB, muni int64, now time.Time) error {
	var n int
	if err := d.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM partners WHERE municipality_id = $1`, muni).Scan(&n); err != nil || n > 0 {
		return err
	}
	// One lecturer per department, in number order, so that the lectures
	// come from several departments and the demo is the same every time.
	rows, err := d.R.QueryContext(ctx, `SELECT MIN(s.number) FROM staff s WHERE s.municipality_id = $1 AND s.status = '在職' AND s.unit_id IS NOT NULL
		GROUP BY s.unit_id ORDER BY MIN(s.number) LIMIT 12`, muni)
	if err != nil {
		return err
	}
	var lecturers []string
	for rows.Next() {
		var number string
		if err := rows.Scan(&number); err != nil {
			rows.Close()
			return err
		}
		lecturers = append(lecturers, number)
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(lecturers) < 5 {
		return err
	}
	by := audit.Actor{Login: "demo"}
	clock := now
	us := &university.Store{DB: d, Now: func() time.Time { return clock }}
	fy := calendar.CurrentFY(now)
	ids := map[string]int64{}
	for _, p := range demoPartners {
		x := &university.Partner{Name: p.name, Kind: p.kind}
		if err := us.CreatePartner(ctx, by, muni, x); err != nil {
			return err
		}
		ids[p.name] = x.ID
		if p.agreement != "" {
			a := &university.Agreement{Kind: p.agreement, SignedOn: p.signed, AutoRenew: true, Scope: "人材育成・地域づくり・学生の地域活動", Department: "企画政策課"}
			if err := us.AddAgreement(ctx, by, muni, x.ID, a); err != nil {
				return err
			}
		}
	}
	for i, a := range []university.Activity{
		{PartnerID: ids["静岡産業大学"], Kind: "リレー講座", Title: "職員によるリレー講座（地方自治論A）"},
		{PartnerID: ids["静岡大学"], Kind: "職員OBOG説明", Title: "卒業生職員による仕事説明会"},
		{PartnerID: ids["静岡県立大学"], Kind: "共同研究", Title: "若者の定住に関する共同研究"},
		{PartnerID: ids["常葉大学"], Kind: "学生交流", Title: "学生と若手職員のまちづくりワークショップ"},
		{PartnerID: ids["大正大学"], Kind: "研究助成", Title: "地域構想研究所との地域調査"},
	} {
		a.Date = calendar.FiscalYearStart(fy).AddDate(0, 2+2*i, 10).Format(time.DateOnly)
		if err := us.AddActivity(ctx, by, muni, &a); err != nil {
			return err
		}
	}
	k := 0
	for _, c := range demoCourses {
		course := &university.Course{PartnerID: ids["静岡産業大学"], FY: fy, Name: c.name, Term: c.term, Credits: 2, Coordinator: "静岡産業大学 経営学部 教務担当"}
		if err := us.CreateCourse(ctx, by, muni, course); err != nil {
			return err
		}
		// 前期 starts in the second week of April, 後期 in late September; one date a week.
		first := calendar.FiscalYearStart(fy).AddDate(0, 0, 9)
		if c.term == "後期" {
			first = calendar.FiscalYearStart(fy).AddDate(0, 5, 24)
		}
		for i := 0; i < c.dates; i++ {
			l := &university.Lecture{Date: businessDay(first.AddDate(0, 0, 7*i)).Format(time.DateOnly), Topic: demoTopics[(i+k)%len(demoTopics)], Hours: 1.5, Attendance: 40 + (i*7+k)%25,
				Lecturers: []university.Lecturer{{Number: lecturers[(i+k)%len(lecturers)]}}}
			if i%5 == 2 {
				l.Lecturers = append(l.Lecturers, university.Lecturer{Number: lecturers[(i+k+1)%len(lecturers)]})
			}
			if err := us.AddLecture(ctx, by, muni, course.ID, l); err != nil {
				return err
			}
		}
		k += 3
	}
	if err := fillSecondments(ctx, d, muni, lecturers, now); err != nil {
		return err
	}
	return fillJoint(ctx, d, muni, lecturers, now)
}

// fillSecondments adds the three staff of 令和4年度 at the 人材マネジメント部会
// with their papers, a graduate-school placement running now with a
// monthly report overdue, and a company placement.
func fillSecondments(ctx context.Context, d *db.DB, muni int64, people []string, now time.Time) error {
	by := audit.Actor{Login: "demo"}
	clock := now
	ss := &secondment.Store{DB: d, Now: func() time.Time { return clock }}
	fy := calendar.CurrentFY(now)
	add := func(p secondment.Placement, submitUntil time.Time) error {
		if err := ss.Create(ctx, by, muni, &p); err != nil {
			return err
		}
		for _, r := range p.Reports {
			if r.Due.After(submitUntil) {
				continue
			}
			clock = r.Due.Add(-24 * time.Hour)
			name := fmt.Sprintf("%s_%s.txt", r.Kind, p.Number)
			if err := ss.Submit(ctx, by, muni, auth.Scope{}, r.ID, name, []byte(p.Host+" "+r.Kind+"（デモ）")); err != nil {
				return err
			}
		}
		clock = now
		return nil
	}
	for i := 0; i < 3; i++ {
		p := secondment.Placement{Number: people[i], Host: "早稲田大学マニフェスト研究所 人材マネジメント部会", Kind: secondment.Research,
			From: calendar.D(2022, 4, 22), To: calendar.D(2023, 1, 27), Costs: "参加費・旅費は市が負担（オンラインと対面の研究会）"}
		if err := add(p, p.To); err != nil {
			return err
		}
	}
	// The graduate school: every monthly report handed in but the last one due.
	grad := secondment.Placement{Number: people[3], Host: "静岡県立大学大学院 経営情報イノベーション研究科", Kind: secondment.Graduate,
		From: calendar.FiscalYearStart(fy), To: calendar.FiscalYearEnd(fy), Costs: "入学金・授業料は市が負担"}
	today := calendar.Today(now)
	if err := add(grad, today.AddDate(0, -1, 0)); err != nil {
		return err
	}
	company := secondment.Placement{Number: people[len(people)-1], Host: "株式会社しずおかフィナンシャルグループ", Kind: secondment.Company,
		From: calendar.FiscalYearStart(fy), To: calendar.FiscalYearEnd(fy), Costs: "給与は市が負担（派遣研修）"}
	return add(company, today)
}

// fillJoint adds this year's joint trainings with the city's quotas and
// applications; those already held are completed.
func fillJoint(ctx context.Context, d *db.DB, muni int64, people []string, now time.Time) error {
	by := audit.Actor{Login: "demo"}
	clock := now
	js := &joint.Store{DB: d, Now: func() time.Time { return clock }}
	fy := calendar.CurrentFY(now)
	start := calendar.FiscalYearStart(fy)
	for i, p := range []joint.Programme{
		{Name: "新任係長研修", Host: "静岡県市長会・町村会", Quota: 3, StartsOn: businessDay(start.AddDate(0, 2, 5)), Hours: 12},
		{Name: "政策法務研修", Host: "静岡県市長会・町村会", Quota: 2, StartsOn: businessDay(start.AddDate(0, 5, 10)), Hours: 6},
		{Name: "人口減少時代の地域経営", Host: "市町村アカデミー（JAMP）", Quota: 1, Policy: joint.Lottery, StartsOn: businessDay(start.AddDate(0, 7, 12)), Hours: 24},
		{Name: "自治体DXの推進", Host: "全国市町村国際文化研修所（JIAM）", Quota: 2, StartsOn: businessDay(start.AddDate(0, 10, 3)), Hours: 18},
	} {
		p.EndsOn = p.StartsOn.AddDate(0, 0, 1)
		p.ApplyBy = p.StartsOn.AddDate(0, -1, 0)
		if err := js.CreateProgramme(ctx, by, muni, &p); err != nil {
			return err
		}
		// Applications are made before the deadline, within the quota.
		clock = p.ApplyBy.Add(-72 * time.Hour)
		var apps []joint.Application
		for j := 0; j < p.Quota; j++ {
			a, err := js.Apply(ctx, by, muni, auth.Scope{}, p.ID, people[(i*3+j+4)%len(people)], "")
			if err != nil {
				return err
			}
			apps = append(apps, a)
		}
		clock = now
		if !p.EndsOn.Before(calendar.Today(now)) {
			continue
		}
		for _, a := range apps {
			if err := js.SetStatus(ctx, by, muni, a.ID, joint.Completed); err != nil {
				return err
			}
		}
	}
	return nil
}
