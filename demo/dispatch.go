package demo

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"hagukumi/audit"
	"hagukumi/calendar"
	"hagukumi/db"
	"hagukumi/dispatch"
)

// demoLectureTopics are the demo menu: a title, the department's index
// among the city's departments, the audience, minutes and format.
var demoLectureTopics = []struct {
	title, audience, format string
	dept, minutes           int
}{
	{"地震に備える家庭の防災", "自治会・学校", "対面", 0, 90}, {"自主防災組織の運営", "自治会", "対面", 0, 90},
	{"市の財政のしくみ", "どなたでも", "対面・オンライン", 1, 60}, {"税の使われ方", "中学生・高校生", "対面", 1, 50},
	{"ごみの分け方と減らし方", "自治会・学校", "対面", 2, 60}, {"地球温暖化と私たちの暮らし", "どなたでも", "対面・オンライン", 2, 90},
	{"子育て支援の制度", "子育て中の方", "対面", 3, 60}, {"認知症サポーター養成講座", "どなたでも", "対面", 3, 90},
	{"介護保険の使い方", "高齢者・家族", "対面", 3, 60}, {"健康づくりと食生活", "どなたでも", "対面", 3, 60},
	{"まちづくりと都市計画", "大学・自治会", "対面・オンライン", 4, 90}, {"公共交通を守る", "自治会", "対面", 4, 60},
	{"市役所の仕事", "小学生・中学生", "対面", 5, 45}, {"選挙のしくみ", "高校生・大学生", "対面", 5, 50},
	{"情報セキュリティの基本", "企業・団体", "オンライン", 5, 60}, {"市民協働とNPO", "NPO・市民団体", "対面", 6, 90},
	{"観光と地域産業", "大学・企業", "対面・オンライン", 6, 90}, {"農業と6次産業化", "どなたでも", "対面", 7, 90},
	{"消費者トラブルを防ぐ", "高齢者・自治会", "対面", 7, 60}, {"水道の話", "小学生", "対面", 8, 45},
}

// demoOrgs are the demo requesters, with their type.
var demoOrgs = []struct{ name, kind string }{
	{"駿河台自治会", "自治会"}, {"市立東中学校", "学校"}, {"静岡産業大学 経営学部", "大学"}, {"株式会社しずおか物産", "企業"},
	{"富士見町町内会", "自治会"}, {"市立南小学校", "学校"}, {"隣市 企画課", "他自治体"}, {"子育てサークルひだまり", "NPO・市民団体"},
	{"県立北高等学校", "学校"}, {"みどり台自治会", "自治会"}, {"常葉大学 社会環境学部", "大学"}, {"しずおか信用金庫", "企業"},
}

// FillDispatch gives the demo city lecturer dispatch: a menu of twenty
// topics for last year and this year with their speakers, last year's
// requests (reported with feedback, declined for each reason, withdrawn)
// and this year's requests in every state. It does nothing when topics
// exist.
func FillDispatch(ctx context.Context, d *db.DB, muni int64, now time.Time) error {
	var n int
	if err := d.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM dispatch_topics WHERE municipality_id = $1`, muni).Scan(&n); err != nil || n > 0 {
		return err
	}
	depts, err := db.QueryAll(ctx, d.R, func(r db.Scanner) (string, error) {
		var p string
		return p, r.Scan(&p)
	}, `SELECT path FROM org_units WHERE municipality_id = $1 AND parent_id IS NULL AND to_fy IS NULL ORDER BY path`, muni)
	if err != nil || len(depts) == 0 {
		return err
	}
	// Two speakers per department: its first staff members in number order.
	type person struct {
		id   int64
		path string
	}
	staffOf := map[string][]person{}
	rows, err := d.R.QueryContext(ctx, `SELECT s.id, o.path FROM staff s JOIN org_units o ON o.id = s.unit_id
		WHERE s.municipality_id = $1 AND s.status = '在職' ORDER BY s.number`, muni)
	if err != nil {
		return err
	}
	for rows.Next() {
		var p person
		if err := rows.Scan(&p.id, &p.path); err != nil {
			rows.Close()
			return err
		}
		dept := p.path
		if i := strings.Index(dept, "/"); i >= 0 {
			dept = dept[:i]
		}
		if len(staffOf[dept]) < 3 {
			staffOf[dept] = append(staffOf[dept], p)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	fy := calendar.CurrentFY(now)
	today := calendar.Today(now)
	by := audit.Actor{Login: "demo"}
	return d.Tx(ctx, func(tx *sql.Tx) error {
		c, err := audit.Begin(ctx, tx, muni)
		if err != nil {
			return err
		}
		type topic struct {
			id       int64
			title    string
			dept     string
			speakers []person
		}
		topics := map[int][]topic{}
		for _, y := range []int{fy - 1, fy} {
			for i, t := range demoLectureTopics {
				dept := depts[t.dept%len(depts)]
				id, err := db.Insert(ctx, tx, `INSERT INTO dispatch_topics (municipality_id, fy, title, unit_path, description, audience, minutes, format, published, created_at)
					VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`, muni, y, t.title, dept, t.title+"について、担当課の職員がわかりやすくお話しします。",
					t.audience, t.minutes, t.format, i%7 != 6, calendar.FiscalYearStart(y))
				if err != nil {
					return err
				}
				sp := staffOf[dept]
				if len(sp) > 2 {
					sp = []person{sp[i%2], sp[2]}
				}
				for _, p := range sp {
					if _, err := tx.ExecContext(ctx, `INSERT INTO dispatch_speakers (topic_id, municipality_id, staff_id) VALUES ($1, $2, $3)`, id, muni, p.id); err != nil {
						return err
					}
				}
				topics[y] = append(topics[y], topic{id, t.title, dept, sp})
			}
			if err := c.Add(ctx, now, by, "copy", "lecture_topic", fmt.Sprint(y), map[string]any{"fy": y, "count": len(demoLectureTopics)}); err != nil {
				return err
			}
		}
		notice := map[int]int{}
		add := func(y, k int, state string, created, date time.Time) error {
			t := topics[y][(k*7)%len(topics[y])]
			o := demoOrgs[k%len(demoOrgs)]
			var lecturer any
			unit, agreement, lectureOn, work, feeStatus, noticeNo, reason, reasonText, delivered, materials, feedback := "", "", "", "", "", "", "", "", "", "", ""
			var approved, ended, feedbackAt any
			hours, attendees, sat, fee := 0.0, 0, 0, 0
			past := map[string]bool{dispatch.LecturerSet: true, dispatch.Approved: true, dispatch.Delivered: true, dispatch.Reported: true}
			if (state == dispatch.Coordinating || past[state]) && len(t.speakers) > 0 {
				p := t.speakers[k%len(t.speakers)]
				lecturer, unit, agreement = p.id, p.path, dispatch.AgreePending
				if past[state] {
					agreement = dispatch.AgreeYes
				}
			}
			if state == dispatch.Approved || state == dispatch.Delivered || state == dispatch.Reported {
				lectureOn, work, feeStatus = date.Format(time.DateOnly), dispatch.WorkModes[k%2], "なし"
				if k%4 == 3 {
					work, fee, feeStatus = dispatch.WorkOutside, 10000, "受領"
				}
				notice[y]++
				noticeNo = fmt.Sprintf("%s 第%d号", calendar.FormatNendo(y), notice[y])
				approved = created.AddDate(0, 0, 10)
			}
			if state == dispatch.Delivered || state == dispatch.Reported {
				delivered, hours, attendees, materials = date.Format(time.DateOnly), 1.5, 15+(k*11)%60, "スライド・配布資料"
			}
			if state == dispatch.Reported && k%3 != 2 {
				sat, feedback, feedbackAt = 4+k%2, "具体的な例が多く、わかりやすいお話でした。", date.AddDate(0, 0, 3)
			}
			if state == dispatch.Declined {
				reason = dispatch.Reasons[k%len(dispatch.Reasons)]
				if reason == dispatch.ReasonOther {
					reasonText = "会場が市外で、移動の時間が取れないため"
				}
			}
			if dispatch.Ended(state) {
				ended = created.AddDate(0, 0, 20)
				if state == dispatch.Reported {
					ended = date.AddDate(0, 0, 2)
				}
			}
			id, err := db.Insert(ctx, tx, `INSERT INTO dispatch_requests (municipality_id, fy, state, organisation, requester_type, contact_name, email, phone,
				topic_id, topic_title, unit_path, date1, date2, place, online, audience, audience_size, purpose, lecturer_id, lecturer_unit, agreement,
				lecture_on, work_mode, fee, fee_status, travel, notice_no, approved_at, decline_reason, decline_text, delivered_on, hours, attendees, materials,
				satisfaction, feedback, feedback_at, created_at, updated_at, ended_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27, $28, $29, $30, $31, $32, $33, $34, $35, $36, $37, $38, $38, $39) RETURNING id`,
				muni, y, state, o.name, o.kind, fmt.Sprintf("担当者 %d", k+1), fmt.Sprintf("contact%d@example.jp", k+1), "054-000-0000",
				t.id, t.title, t.dept, date.Format(time.DateOnly), date.AddDate(0, 0, 7).Format(time.DateOnly), o.name+" 集会所", k%5 == 4, "会員・生徒", 20+(k*13)%80,
				"会員の学習のため", lecturer, unit, agreement, lectureOn, work, fee, feeStatus, "公用車", noticeNo, approved, reason, reasonText, delivered, hours, attendees, materials,
				sat, feedback, feedbackAt, created.UTC(), ended)
			if err != nil {
				return err
			}
			return c.Add(ctx, now, by, "create", "lecture_request", fmt.Sprint(id), map[string]any{"state": state})
		}
		// Last year: most lectures given and reported, one declined for each
		// reason, one withdrawn.
		start := calendar.FiscalYearStart(fy - 1)
		lastYear := []string{dispatch.Reported, dispatch.Reported, dispatch.Declined, dispatch.Reported, dispatch.Reported, dispatch.Declined, dispatch.Reported,
			dispatch.Withdrawn, dispatch.Reported, dispatch.Reported, dispatch.Reported, dispatch.Reported, dispatch.Declined, dispatch.Reported, dispatch.Reported, dispatch.Declined}
		for k, st := range lastYear {
			created := start.AddDate(0, 0, 10+k*21).Add(10 * time.Hour)
			if err := add(fy-1, k, st, created, created.AddDate(0, 0, 30)); err != nil {
				return err
			}
		}
		// This year: every state; those still to be held are dated ahead of today.
		thisYear := []string{dispatch.Reported, dispatch.Reported, dispatch.Delivered, dispatch.Declined, dispatch.Withdrawn, dispatch.Approved,
			dispatch.LecturerSet, dispatch.Coordinating, dispatch.Coordinating, dispatch.Received, dispatch.Received}
		for k, st := range thisYear {
			var created, date time.Time
			switch st {
			case dispatch.Reported, dispatch.Delivered, dispatch.Declined, dispatch.Withdrawn:
				created = calendar.FiscalYearStart(fy).AddDate(0, 0, 5+k*9)
				date = created.AddDate(0, 0, 25)
				if !date.Before(today) {
					date = today.AddDate(0, 0, -1-k)
					created = date.AddDate(0, 0, -25)
				}
			default:
				created = today.AddDate(0, 0, -3-k)
				date = today.AddDate(0, 0, 20+k*4)
			}
			if created.Before(calendar.FiscalYearStart(fy)) {
				created = calendar.FiscalYearStart(fy)
			}
			if err := add(fy, 40+k, st, created.Add(10*time.Hour), date); err != nil {
				return err
			}
		}
		return c.Close(ctx)
	})
}
