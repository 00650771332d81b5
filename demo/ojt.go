package demo

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"strings"
	"time"

	"hagukumi/audit"
	"hagukumi/auth"
	"hagukumi/calendar"
	"hagukumi/competency"
	"hagukumi/db"
	"hagukumi/ojt"
	"hagukumi/staff"
)

// demoCompetencies is a framework for the default ladder (staff.DefaultRanks,
// bottom first): code, area, name, definition, and the level required from
// the bottom rank up (missing ranks: not required).
var demoCompetencies = []struct {
	code, area, name, def string
	levels                []int
}{
	{"K01", "基礎", "報告・連絡・相談", "必要な情報を適時に上司・同僚と共有する", []int{2, 3, 3, 3, 3}},
	{"K02", "基礎", "接遇・コミュニケーション", "市民に分かりやすく丁寧に対応する", []int{2, 3, 3, 3, 3, 3}},
	{"K03", "基礎", "法令・規則の理解", "担当業務の根拠法令を理解し適正に処理する", []int{1, 2, 3, 3, 3, 3, 3}},
	{"K04", "基礎", "文書・事務処理", "正確で効率的な事務を行う", []int{2, 3, 3}},
	{"K05", "基礎", "コンプライアンス", "公務員倫理を守り行動する", []int{2, 2, 2, 2, 3, 3, 3, 3, 3}},
	{"G01", "業務遂行", "課題発見", "業務の課題を見つけ改善を提案する", []int{0, 1, 2, 2, 3, 3}},
	{"G02", "業務遂行", "企画・立案", "施策の目的に沿った企画を立てる", []int{0, 0, 1, 2, 2, 3, 3}},
	{"G03", "業務遂行", "折衝・調整", "関係者と調整し合意を得る", []int{0, 0, 1, 2, 3, 3, 3, 3, 3}},
	{"G04", "業務遂行", "後輩の指導", "OJTで後輩を育てる", []int{0, 1, 2, 3, 3}},
	{"M01", "組織運営", "組織マネジメント", "係・課の目標を定め進捗を管理する", []int{0, 0, 0, 0, 2, 3, 3, 3, 3}},
	{"M02", "組織運営", "人材育成", "部下の育成と職場のOJTを推進する", []int{0, 0, 0, 0, 2, 2, 3, 3, 3}},
	{"M03", "組織運営", "危機管理", "リスクを予見し迅速に対応する", []int{0, 0, 0, 0, 1, 2, 3, 3, 3}},
	{"M04", "組織運営", "働き方の改革", "時間と健康を管理し働きやすい職場をつくる", []int{0, 0, 0, 0, 2, 2, 3, 3, 3}},
	{"L01", "経営", "政策形成・判断", "市政の方針に沿って判断し決定する", []int{0, 0, 0, 0, 0, 0, 2, 3, 3}},
	{"L02", "経営", "ビジョン設定", "部・課の将来像を示し職員を導く", []int{0, 0, 0, 0, 0, 0, 1, 2, 3}},
}

// demoMapping: which catalog programmes develop which competencies.
var demoMapping = map[string][]string{
	"NEW_HIRE": {"K01", "K02", "K03", "K04", "K05"}, "YEAR2": {"K03", "G01"}, "YEAR3": {"G01", "G02"},
	"SHUSA_CANDIDATE": {"G02", "G03", "G04"}, "NEW_KAKARICHO": {"M01", "M02", "M03"}, "SHUNIN_SHUSA_2": {"G03", "G04"},
	"NEW_KACHO": {"M01", "L01", "L02"}, "OJT": {"G04", "M02"}, "SETTAI": {"K02"}, "COMPLIANCE": {"K05"},
	"MENTAL_HEALTH": {"M04"}, "IKUBOSS": {"M02", "M04"}, "TIME_MANAGEMENT": {"M04"}, "CAREER_DESIGN": {"G01"},
}

// demoItemMapping maps the default template's check items to competencies.
var demoItemMapping = map[string]string{"電話応対": "K02", "窓口応対": "K02", "文書の起案": "K04", "決裁の流れ": "K04",
	"個人情報の取扱い": "K05", "報告・連絡・相談": "K01"}

// FillOJT gives a demo municipality the competency framework with
// programmes mapped, and this year's new hires with OJT plans in progress:
// trainers chosen by the rules (one warning overridden with a reason),
// goals done up to last month except in every third plan, which is behind.
// It does nothing when plans exist.
func FillOJT(ctx context.Context, d *db.DB, muni int64, now time.Time) error {
	var n int
	if err := d.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM ojt_plans WHERE municipality_id = $1`, muni).Scan(&n); err != nil || n > 0 {
		return err
	}
	clock := func() time.Time { return now }
	by := audit.Actor{Login: "demo"}
	fy := calendar.CurrentFY(now)
	if err := fillFramework(ctx, d, muni, clock, by); err != nil {
		return err
	}
	// The synthetic registry starts every assignment on this April 1; a
	// real one has years of history. Date four in five from the hire
	// date (at most five years back), so the "≥1 year in the unit" rule has
	// people who meet it and people who moved in this April.
	start := calendar.FiscalYearStart(fy)
	if _, err := d.W.ExecContext(ctx, `UPDATE staff_assignments SET from_date = CASE WHEN s.hire_date > $2 THEN s.hire_date ELSE $2 END
		FROM staff s WHERE s.id = staff_assignments.staff_id AND staff_assignments.municipality_id = $1 AND s.id % 5 <> 0 AND s.hire_date < $3`,
		muni, start.AddDate(-5, 0, 0).Format(time.DateOnly), start.Format(time.DateOnly)); err != nil {
		return err
	}
	if err := hireNewStaff(ctx, d, muni, fy, by, clock); err != nil {
		return err
	}
	os := &ojt.Store{DB: d, Now: clock}
	if _, err := os.CreatePlansForNewHires(ctx, by, muni, fy, nil); err != nil {
		return err
	}
	plans, err := os.Plans(ctx, muni, fy, auth.Scope{})
	if err != nil {
		return err
	}
	for name, code := range demoItemMapping {
		if err := os.MapItem(ctx, by, muni, fy, name, code); err != nil {
			return err
		}
	}
	overridden := false
	today := calendar.Today(now)
	for i, p := range plans {
		if !overridden {
			overridden, err = nameOverridden(ctx, d, os, by, muni, p)
			if err != nil {
				return err
			}
			if overridden {
				continue
			}
		}
		if err := nameByRules(ctx, d, os, by, muni, p); err != nil {
			return err
		}
		if err := progress(ctx, os, by, muni, p, i%3 == 2, today); err != nil {
			return err
		}
	}
	return nil
}

// demoNewHires are this year's new hires the demo adds (the synthetic
// registry hires nobody in the current year): family, given name and kana.
var demoNewHires = [][4]string{
	{"青木", "陽翔", "アオキ", "ハルト"}, {"石田", "結衣", "イシダ", "ユイ"}, {"上田", "湊", "ウエダ", "ミナト"},
	{"大野", "葵", "オオノ", "アオイ"}, {"川口", "蓮", "カワグチ", "レン"}, {"木下", "美桜", "キノシタ", "ミオ"},
	{"久保", "悠真", "クボ", "ユウマ"}, {"小松", "紬", "コマツ", "ツムギ"}, {"坂本", "大和", "サカモト", "ヤマト"},
	{"杉山", "凛", "スギヤマ", "リン"},
}

// hireNewStaff adds this year's new hires (正規, 主事) to the units with
// the most regular staff, one of them hired in July (中途採用).
func hireNewStaff(ctx context.Context, d *db.DB, muni int64, fy int, by audit.Actor, clock func() time.Time) error {
	units, err := db.QueryAll(ctx, d.R, func(r db.Scanner) (string, error) {
		var p string
		return p, r.Scan(&p)
	}, `SELECT o.path FROM staff s JOIN org_units o ON o.id = s.unit_id WHERE s.municipality_id = $1 AND s.status = '在職'
		AND s.employment_type = '正規' GROUP BY o.path ORDER BY COUNT(*) DESC, o.path LIMIT 10`, muni)
	if err != nil || len(units) == 0 {
		return err
	}
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.Write(staff.ExportHeader)
	for i, h := range demoNewHires {
		hire := calendar.D(fy, 4, 1)
		if i == len(demoNewHires)-1 {
			hire = calendar.D(fy, 7, 1)
		}
		gender := []string{"男", "女"}[i%2]
		w.Write([]string{fmt.Sprintf("N%d%03d", fy, i+1), h[0] + " " + h[1], h[2] + " " + h[3], gender,
			calendar.D(fy-22-i%3, time.Month(1+i), 10).Format(time.DateOnly), hire.Format(time.DateOnly), staff.Regular, "一般事務",
			"主事", hire.Format(time.DateOnly), strings.ReplaceAll(units[i%len(units)], "/", " "), "", "", staff.Active, ""})
	}
	w.Flush()
	_, err = (&staff.Store{DB: d, Now: clock}).Import(ctx, muni, by, "newhires.csv", buf.Bytes(),
		staff.ImportOptions{AsOf: calendar.FiscalYearStart(fy), Confirm: true})
	return err
}

func fillFramework(ctx context.Context, d *db.DB, muni int64, clock func() time.Time, by audit.Actor) error {
	cs := &competency.Store{DB: d, Now: clock}
	ranks, err := (&staff.Store{DB: d}).Ranks(ctx, muni)
	if err != nil {
		return err
	}
	f := &competency.Framework{RevisedOn: "2024-04-01", Vision: "市民に寄り添い、自ら考え行動する「総合力のある専門家」"}
	for _, c := range demoCompetencies {
		x := competency.Competency{Code: c.code, Area: c.area, Name: c.name, Definition: c.def}
		for i, lv := range c.levels {
			if lv > 0 && i < len(ranks) {
				x.Levels = append(x.Levels, competency.Level{Rank: ranks[i].Name, Level: lv})
			}
		}
		f.Competencies = append(f.Competencies, x)
	}
	if err := cs.Save(ctx, by, muni, f); err != nil {
		return err
	}
	for program, codes := range demoMapping {
		if err := cs.MapProgram(ctx, by, muni, program, codes); err != nil {
			return err
		}
	}
	return nil
}

// colleagues lists the active regular staff of the trainee's unit, most
// senior first, excluding the trainee.
func colleagues(ctx context.Context, d *db.DB, muni int64, p *ojt.Plan) ([]string, error) {
	return db.QueryAll(ctx, d.R, func(r db.Scanner) (string, error) {
		var n string
		return n, r.Scan(&n)
	}, `SELECT s.number FROM staff s JOIN staff t ON t.unit_id = s.unit_id AND t.municipality_id = s.municipality_id
		WHERE s.municipality_id = $1 AND t.number = $2 AND s.number <> t.number AND s.status = '在職' AND s.employment_type = '正規'
		ORDER BY s.hire_date DESC, s.number LIMIT 8`, muni, p.Trainee)
}

// nameByRules names the first colleague who meets every rule; a unit with
// nobody suitable keeps its plan without a trainer, as the center would
// see it.
func nameByRules(ctx context.Context, d *db.DB, os *ojt.Store, by audit.Actor, muni int64, p *ojt.Plan) error {
	cands, err := colleagues(ctx, d, muni, p)
	if err != nil {
		return err
	}
	for _, c := range cands {
		_, err := os.NameTrainer(ctx, by, muni, p.ID, c, "")
		if errors.Is(err, ojt.ErrNeedsReason) {
			continue
		}
		return err
	}
	return nil
}

// nameOverridden names, for the first plan where it applies, a colleague
// who breaks one rule, with the reason the center gave.
func nameOverridden(ctx context.Context, d *db.DB, os *ojt.Store, by audit.Actor, muni int64, p *ojt.Plan) (bool, error) {
	cands, err := colleagues(ctx, d, muni, p)
	if err != nil {
		return false, err
	}
	for _, c := range cands {
		ws, err := os.NameTrainer(ctx, by, muni, p.ID, c, "")
		if err == nil {
			return false, nil // this one met the rules: no override needed here
		}
		if errors.Is(err, ojt.ErrNeedsReason) && len(ws) == 1 {
			_, err := os.NameTrainer(ctx, by, muni, p.ID, c, fmt.Sprintf("%s 係内に条件を満たす職員がいないため、所属長と協議のうえ指名", ws[0].Message))
			return err == nil, err
		}
	}
	return false, nil
}

// progress marks the goals of the months gone by as done with a
// reflection and a comment — all but the last two when behind — and signs
// the quarters that have ended.
func progress(ctx context.Context, os *ojt.Store, by audit.Actor, muni int64, p *ojt.Plan, behind bool, today time.Time) error {
	dt, err := os.Plan(ctx, muni, p.ID)
	if err != nil {
		return err
	}
	cur := today.Format("2006-01")
	var past []ojt.Goal
	for _, g := range dt.Goals {
		if g.Month < cur {
			past = append(past, g)
		}
	}
	if behind && len(past) > 0 {
		past = past[:max(0, len(past)-2)]
	}
	for i, g := range past {
		refl := fmt.Sprintf("%sについて、先輩に教わりながら取り組みました。", g.Goal)
		done := true
		comment := "よくできています。次は自分で段取りを考えてみましょう。"
		if err := os.SaveMonth(ctx, by, muni, p.ID, g.Month, ojt.MonthWrite{Reflection: &refl}); err != nil {
			return err
		}
		if dt.Trainer != nil {
			if err := os.SaveMonth(ctx, by, muni, p.ID, g.Month, ojt.MonthWrite{Comment: &comment, Done: &done}); err != nil {
				return err
			}
		}
		if i < len(dt.Items) {
			if err := os.SetLevel(ctx, by, muni, p.ID, i+1, min(3, 1+i%3)); err != nil {
				return err
			}
		}
	}
	for q := 1; q < ojt.QuarterOf(today) && !behind; q++ {
		if err := os.SignReview(ctx, by, muni, p.ID, q, "計画どおり進んでいます。", "所属長"); err != nil {
			return err
		}
	}
	return nil
}
