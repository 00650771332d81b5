package demo

import (
	"context"
	"time"

	"hagukumi/audit"
	"hagukumi/calendar"
	"hagukumi/competency"
	"hagukumi/db"
	"hagukumi/ojt"
	"hagukumi/staff"
)

// demoCareer are the wishes the demo's 自己申告 draw from, by turns.
var demoCareer = []competency.CareerNote{
	{Fields: "子育て支援・福祉の分野", Skills: "相談対応と関係機関との調整", Trainings: "ファシリテーション研修", FreeText: "窓口で受けた相談を制度の改善につなげたい。"},
	{Fields: "企画・政策部門", Skills: "データ分析と資料作成", Trainings: "政策形成研修、統計の基礎", FreeText: "数年後に総合計画の策定に関わりたい。"},
	{Fields: "防災・危機管理", Skills: "危機管理と住民への説明", Trainings: "危機管理研修", FreeText: ""},
	{Fields: "現在の所属で専門性を深めたい", Skills: "後輩の指導", Trainings: "OJTトレーナー研修", FreeText: "来年度はトレーナーを務めたい。"},
	{Fields: "税務・財政", Skills: "法令の読み方、予算の知識", Trainings: "地方財政の基礎", FreeText: ""},
}

// demoTemplate is a job family's own OJT template (保健師), so the
// center's template page shows one besides the standard.
var demoTemplate = ojt.Template{JobFamily: "保健師",
	Goals: []string{"地区の状況と関係機関を知る", "乳幼児健診の流れを覚える", "家庭訪問に同行する", "健康相談をひとりで受ける",
		"地区の健康課題をまとめる", "健康教育を企画する", "上半期の振り返り", "困難事例の検討会に参加する", "関係機関との連絡会で報告する",
		"地区活動の計画を立てる", "次年度に向けた引継書を作る", "1年の振り返り"},
	Items: []string{"電話応対", "家庭訪問の記録", "健診の問診", "個人情報の取扱い", "報告・連絡・相談"}}

// FillOJTMore adds the 保健師 OJT template and this year's 自己申告 of
// about one staff member in three (a fixed choice by staff id), a third of
// them with a comment of their 所属長. It does nothing when notes exist.
func FillOJTMore(ctx context.Context, d *db.DB, muni int64, now time.Time) error {
	var n int
	if err := d.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM career_notes WHERE municipality_id = $1`, muni).Scan(&n); err != nil || n > 0 {
		return err
	}
	clock := func() time.Time { return now }
	by := audit.Actor{Login: "demo"}
	if err := (&ojt.Store{DB: d, Now: clock}).SaveTemplate(ctx, by, muni, demoTemplate); err != nil {
		return err
	}
	type person struct {
		id     int64
		number string
	}
	people, err := db.QueryAll(ctx, d.R, func(r db.Scanner) (person, error) {
		var p person
		return p, r.Scan(&p.id, &p.number)
	}, `SELECT id, number FROM staff WHERE municipality_id = $1 AND status = $2 AND id % 3 = 0 ORDER BY id`, muni, staff.Active)
	if err != nil {
		return err
	}
	cs := &competency.Store{DB: d, Now: clock}
	fy := calendar.CurrentFY(now)
	for i, p := range people {
		note := demoCareer[i%len(demoCareer)]
		note.FY = fy
		if err := cs.SaveCareerNote(ctx, by, muni, p.id, &note); err != nil {
			return err
		}
		if i%3 == 0 {
			if err := cs.CommentCareerNote(ctx, by, muni, p.id, p.number, fy, "面談で希望を確認しました。次の異動の参考にします。", "所属長"); err != nil {
				return err
			}
		}
	}
	return nil
}
