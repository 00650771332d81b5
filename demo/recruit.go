package demo

import (
	"context"
	"fmt"
	"time"

	"hagukumi/audit"
	"hagukumi/calendar"
	"hagukumi/db"
	"hagukumi/public"
	"hagukumi/recruit"
)

var demoUniversities = []recruit.University{
	{Name: "静岡大学", Kana: "シズオカダイガク", Prefecture: "静岡県", Partner: true},
	{Name: "静岡県立大学", Kana: "シズオカケンリツダイガク", Prefecture: "静岡県", Partner: true},
	{Name: "静岡産業大学", Kana: "シズオカサンギョウダイガク", Prefecture: "静岡県", Partner: true},
	{Name: "常葉大学", Kana: "トコハダイガク", Prefecture: "静岡県", Partner: true},
	{Name: "静岡理工科大学", Kana: "シズオカリコウカダイガク", Prefecture: "静岡県", Partner: true},
	{Name: "東海大学", Kana: "トウカイダイガク", Prefecture: "神奈川県"},
	{Name: "日本大学", Kana: "ニホンダイガク", Prefecture: "東京都"},
	{Name: "名古屋大学", Kana: "ナゴヤダイガク", Prefecture: "愛知県"},
}

var demoStudentFamily = []string{"青木", "石川", "上田", "遠藤", "小川", "加藤", "木村", "久保", "小林", "斎藤", "佐野", "杉山", "鈴木", "高橋", "田中", "土屋", "中村", "野口", "長谷川", "藤田", "松本", "望月", "山本", "渡辺"}
var demoStudentKana = []string{"アオキ", "イシカワ", "ウエダ", "エンドウ", "オガワ", "カトウ", "キムラ", "クボ", "コバヤシ", "サイトウ", "サノ", "スギヤマ", "スズキ", "タカハシ", "タナカ", "ツチヤ", "ナカムラ", "ノグチ", "ハセガワ", "フジタ", "マツモト", "モチヅキ", "ヤマモト", "ワタナベ"}
var demoStudentGiven = []string{"陽菜", "蓮", "葵", "湊", "結衣", "大翔", "美咲", "悠真", "さくら", "颯太"}
var demoStudentGivenKana = []string{"ヒナ", "レン", "アオイ", "ミナト", "ユイ", "ヒロト", "ミサキ", "ユウマ", "サクラ", "ソウタ"}

// FillRecruit gives a demo municipality its recruitment work: the
// universities with contacts and PR visits, last year's three briefings
// with registrations, attendance and survey answers (the first one with a
// short retention period, purged as of now, so only its counts remain),
// and one open briefing this year with registrations and a waitlist. It
// does nothing when universities exist.
func FillRecruit(ctx context.Context, d *db.DB, muni int64, now time.Time) error {
	var n int
	if err := d.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM recruit_universities WHERE municipality_id = $1`, muni).Scan(&n); err != nil || n > 0 {
		return err
	}
	clock := now
	pub := &public.Store{DB: d, Now: func() time.Time { return clock }}
	st := &recruit.Store{DB: d, Pub: pub, Now: func() time.Time { return clock }}
	by := audit.Actor{Login: "demo"}
	fy := calendar.CurrentFY(now)
	for i := range demoUniversities {
		u := demoUniversities[i]
		if err := st.CreateUniversity(ctx, by, muni, &u); err != nil {
			return fmt.Errorf("demo recruit university: %w", err)
		}
		if i < 3 {
			if err := st.AddContact(ctx, by, muni, u.ID, &recruit.Contact{Name: "キャリア支援課 担当", Role: "キャリアセンター", Email: fmt.Sprintf("career%d@example.ac.jp", i+1)}); err != nil {
				return err
			}
		}
		for y, f := range []int{fy - 1, fy} {
			day := calendar.FiscalYearStart(f).AddDate(0, 2+i%6, 3+i)
			if day.After(calendar.Today(now)) {
				continue
			}
			v := recruit.Visit{UniversityID: u.ID, Date: day.Format(time.DateOnly), Who: "人財育成センター 採用担当", What: []string{"学内企業説明会に出展", "キャリアセンター訪問", "OB・OG職員による講話"}[(i+y)%3], Students: 15 + (i*7+y*5)%40}
			if err := st.AddVisit(ctx, by, muni, &v); err != nil {
				return err
			}
		}
	}
	speakers, err := db.QueryAll(ctx, d.R, func(r db.Scanner) (string, error) {
		var s string
		return s, r.Scan(&s)
	}, `SELECT number FROM staff WHERE municipality_id = $1 AND status = '在職' AND university <> '' ORDER BY number LIMIT 6`, muni)
	if err != nil {
		return err
	}
	at := func(day time.Time, h int) time.Time {
		return time.Date(day.Year(), day.Month(), day.Day(), h, 0, 0, 0, calendar.JST).UTC()
	}
	student := 0
	// register signs up k students for a session at the clock's time.
	register := func(e *recruit.Event, x recruit.Session, k int) ([]recruit.Sent, error) {
		var out []recruit.Sent
		for j := 0; j < k; j++ {
			student++
			f, g := student%len(demoStudentFamily), (student/3)%len(demoStudentGiven)
			r := recruit.Registration{SessionID: x.ID, Name: demoStudentFamily[f] + " " + demoStudentGiven[g], Kana: demoStudentKana[f] + " " + demoStudentGivenKana[g],
				Email: fmt.Sprintf("student%03d@example.jp", student), University: demoUniversities[student%len(demoUniversities)].Name, Faculty: []string{"法学部", "経済学部", "工学部", "人文社会科学部"}[student%4],
				GraduationYear: calendar.FiscalYear(x.StartsAt) + 1 + student%2, Interest: []string{"行政", "行政", "土木", "保健師", "建築", "社会福祉"}[student%6]}
			sent, err := st.Register(ctx, muni, e.ID, &r, fmt.Sprintf("demo-%d", student), false, nil)
			if err != nil {
				return nil, fmt.Errorf("demo recruit registration: %w", err)
			}
			out = append(out, sent)
		}
		return out, nil
	}
	// Last year's three briefings: in the city, in Tokyo, online.
	past := []struct {
		title, place, url string
		month, day, cap   int
		short             bool
	}{
		{"市役所職員採用説明会（夏）", "市役所本庁舎 大会議室", "", 3, 15, 40, true},
		{"市役所職員採用説明会 東京会場", "静岡県東京事務所 会議室", "", 5, 20, 30, false},
		{"オンライン採用説明会（冬）", "", "https://meet.example.jp/recruit", 8, 10, 50, false},
	}
	for i, p := range past {
		day := calendar.FiscalYearStart(fy-1).AddDate(0, p.month, p.day)
		e := recruit.Event{Title: p.title, Body: "市の仕事と職場の様子を、各職種の職員がご紹介します。", JobTypes: []string{"行政", "土木", "保健師"}, Published: true,
			Sessions: []recruit.Session{{StartsAt: at(day, 13), Place: p.place, OnlineURL: p.url, Capacity: p.cap}}}
		if p.short {
			e.RetainUntil = day.AddDate(0, 3, 0).Format(time.DateOnly)
		}
		clock = at(day, 13).AddDate(0, 0, -30)
		if err := st.CreateEvent(ctx, by, muni, &e); err != nil {
			return fmt.Errorf("demo recruit event: %w", err)
		}
		x := e.Sessions[0]
		if len(speakers) > 0 {
			if err := st.AddSpeaker(ctx, by, muni, x.ID, speakers[i%len(speakers)], 1.5); err != nil {
				return err
			}
		}
		sent, err := register(&e, x, p.cap*2/3+i*3)
		if err != nil {
			return err
		}
		if _, err := st.Remind(ctx); err != nil {
			return err
		}
		clock = at(day, 12).Add(30 * time.Minute)
		for j, s := range sent {
			// About two in three come; half of those answer the survey.
			if j%3 == 2 {
				continue
			}
			if _, err := st.CheckIn(ctx, by, muni, e.ID, "", s.ID); err != nil {
				return err
			}
			if j%2 == 0 {
				clock = at(day, 16)
				if err := st.Answer(ctx, s.Token, recruit.Answer{Satisfaction: 3 + j%3, Intent: recruit.Intents[j%3], Comment: "職員の方の話が具体的で参考になりました。"}); err != nil {
					return err
				}
				clock = at(day, 12).Add(30 * time.Minute)
			}
		}
		w := recruit.Registration{SessionID: x.ID, Name: "当日 参加", Kana: "トウジツ サンカ", University: "静岡大学", GraduationYear: calendar.FiscalYear(day) + 1}
		if err := st.WalkIn(ctx, by, muni, e.ID, &w); err != nil {
			return err
		}
	}
	// This year's open briefing: two sessions, the first full with a waitlist.
	day := calendar.Today(now).AddDate(0, 0, 20)
	clock = now
	e := recruit.Event{Title: "市役所職員採用説明会 " + calendar.FormatNendo(fy), Body: "行政・技術・福祉の各職種の職員が、仕事の内容と職場の様子をお話しします。個別相談の時間もあります。",
		JobTypes: []string{"行政", "土木", "建築", "保健師", "社会福祉"}, Published: true,
		Sessions: []recruit.Session{{StartsAt: at(day, 13), Place: "市役所本庁舎 大会議室", Capacity: 12}, {StartsAt: at(day.AddDate(0, 0, 7), 10), Place: "", OnlineURL: "https://meet.example.jp/recruit2", Capacity: 40}}}
	if err := st.CreateEvent(ctx, by, muni, &e); err != nil {
		return err
	}
	for i, num := range speakers {
		if err := st.AddSpeaker(ctx, by, muni, e.Sessions[i%2].ID, num, 1); err != nil {
			return err
		}
	}
	if _, err := register(&e, e.Sessions[0], 15); err != nil {
		return err
	}
	if _, err := register(&e, e.Sessions[1], 8); err != nil {
		return err
	}
	// The retention run as of the demo's day: the briefing whose period
	// ended keeps only its counts.
	clock = now
	_, err = st.Purge(ctx, now)
	return err
}
