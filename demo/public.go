package demo

import (
	"context"
	"fmt"
	"time"

	"hagukumi/audit"
	"hagukumi/calendar"
	"hagukumi/db"
	"hagukumi/public"
	"hagukumi/training"
)

// centerPage is the demo center's page, after the city's own page.
const centerPage = `# センターについて
人財育成センターは、市の職員一人ひとりの成長を支えるために設けられた組織です。階層別研修、専門研修、自己啓発の支援を行っています。

## 主な取組
- 新規採用職員から管理職までの階層別研修
- 職員が講師となる「職員寺子屋」
- 大学・地域団体への講師職員の派遣

# 講師職員を派遣します — ご要望にお応えします
大学、地域の団体、ほかの自治体からのご依頼に応じて、市の職員を講師として派遣しています。テーマは「講師派遣のテーマ」のページをご覧ください。`

// FillPublic makes the demo city's public site alive: the center page,
// every programme and a dozen lecture topics published, a coming open
// lecture, and last year's figures.
func FillPublic(ctx context.Context, d *db.DB, muni int64, now time.Time) error {
	by := audit.Actor{Login: "demo"}
	ps := &public.Store{DB: d, Now: func() time.Time { return now }}
	ts := &training.Store{DB: d, Now: func() time.Time { return now }}
	more := []string{"窓口での伝わる説明", "まちづくりと都市計画", "子育て支援の制度", "福祉の相談窓口のしくみ", "情報セキュリティの基本", "ごみ減量とリサイクル", "税のしくみと使われ方"}
	ids, err := db.Int64s(ctx, d.R, `SELECT s.id FROM staff s WHERE s.municipality_id = $1 AND s.status = '在職'
		AND NOT EXISTS (SELECT 1 FROM instructor_topics t WHERE t.staff_id = s.id) ORDER BY s.number LIMIT 7`, muni)
	if err != nil {
		return err
	}
	for i, id := range ids {
		if err := ts.AddTopic(ctx, by, muni, id, &training.Topic{Topic: more[i], Description: "地域の講座や学校の授業でお話しします。", Public: true}); err != nil {
			return fmt.Errorf("demo public topic: %w", err)
		}
	}
	if err := ps.SavePage(ctx, by, muni, centerPage, true); err != nil {
		return err
	}
	fy := calendar.CurrentFY(now)
	site, err := ps.Load(ctx, muni, true, fy-1, fy-1)
	if err != nil {
		return err
	}
	for _, p := range site.Programmes {
		if err := ps.Publish(ctx, by, muni, public.ItemProgram, p.ID, true); err != nil {
			return err
		}
	}
	for _, t := range site.Topics {
		if err := ps.Publish(ctx, by, muni, public.ItemTopic, t.ID, true); err != nil {
			return err
		}
	}
	if err := ps.Publish(ctx, by, muni, public.ItemResults, int64(fy-1), true); err != nil {
		return err
	}
	held := calendar.Today(now).AddDate(0, 0, 30).Format(time.DateOnly)
	id, err := ps.AddEvent(ctx, by, muni, public.Event{Title: "公開講座「市役所の仕事を知る」", HeldOn: held, Place: "市役所 本庁舎 大会議室",
		Body: "市の仕事と職員の研修を紹介します。学生の方、就職を考えている方もどうぞ。", Registration: "open"})
	if err != nil {
		return err
	}
	return ps.Publish(ctx, by, muni, public.ItemEvent, id, true)
}
