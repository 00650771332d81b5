package ojt

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"hagukumi/apperr"
	"hagukumi/audit"
	"hagukumi/db"
	"hagukumi/staff"
)

// Template limits: a year has 12 months; check items are names.
const (
	MaxTemplateGoals = 12
	MaxTemplateItems = 50
	MaxGoalText      = 200
	MaxItemText      = 100
	MaxJobFamily     = 50
)

// ParseTemplate reads a template from the form's text areas (one goal or
// item a line; blank lines skipped) and checks it: a job family of at most
// 50 characters (empty: the standard template for job families without
// their own), 1–12 goals of at most 200 characters, 1–50 distinct check
// items of at most 100. Every problem is reported at once.
func ParseTemplate(jobFamily, goals, items string) (Template, error) {
	t := Template{JobFamily: strings.TrimSpace(jobFamily), Goals: lines(goals), Items: lines(items)}
	fe := apperr.FieldErrors{}
	if utf8.RuneCountInString(t.JobFamily) > MaxJobFamily || strings.ContainsAny(t.JobFamily, "\r\n\t") {
		fe["job_family"] = fmt.Sprintf("職種は%d文字以内の1行で入力してください。", MaxJobFamily)
	}
	switch {
	case len(t.Goals) == 0:
		fe["goals"] = "月ごとの目標を1行に1つずつ入力してください。"
	case len(t.Goals) > MaxTemplateGoals:
		fe["goals"] = fmt.Sprintf("月ごとの目標は%d行（4月〜3月）までです。%d行あります。", MaxTemplateGoals, len(t.Goals))
	default:
		for i, g := range t.Goals {
			if utf8.RuneCountInString(g) > MaxGoalText {
				fe["goals"] = fmt.Sprintf("%d行目（%s）の目標は%d文字以内で入力してください。", i+1, monthName(i), MaxGoalText)
				break
			}
		}
	}
	switch {
	case len(t.Items) == 0:
		fe["items"] = "指導項目を1行に1つずつ入力してください。"
	case len(t.Items) > MaxTemplateItems:
		fe["items"] = fmt.Sprintf("指導項目は%d行までです。%d行あります。", MaxTemplateItems, len(t.Items))
	default:
		seen := map[string]int{}
		for i, it := range t.Items {
			if utf8.RuneCountInString(it) > MaxItemText {
				fe["items"] = fmt.Sprintf("%d行目の指導項目は%d文字以内で入力してください。", i+1, MaxItemText)
				break
			}
			if j, ok := seen[it]; ok {
				fe["items"] = fmt.Sprintf("%d行目の指導項目「%s」は%d行目と同じです。", i+1, it, j+1)
				break
			}
			seen[it] = i
		}
	}
	if len(fe) > 0 {
		return t, apperr.Fields(fe)
	}
	return t, nil
}

// monthName is the month of the i-th goal of a full year (April first).
func monthName(i int) string { return fmt.Sprintf("%d月", (i+3)%12+1) }

// TemplateInfo is a template as the center's list shows it.
type TemplateInfo struct {
	JobFamily string `json:"job_family"` // empty: the standard template
	Own       bool   `json:"own"`        // saved by the center (else the built-in or standard one applies)
	Staff     int    `json:"staff"`      // active staff of the job family
}

// Templates lists the standard template and every job family that has a
// template or active staff, by name.
func (s *Store) Templates(ctx context.Context, muni int64) ([]TemplateInfo, error) {
	return db.QueryAll(ctx, s.DB.R, func(r db.Scanner) (TemplateInfo, error) {
		var t TemplateInfo
		var own int
		err := r.Scan(&t.JobFamily, &own, &t.Staff)
		t.Own = own > 0
		return t, err
	}, `SELECT job, CAST(SUM(own) AS INTEGER), CAST(SUM(staff) AS INTEGER) FROM (
			SELECT '' AS job, 0 AS own, 0 AS staff
			UNION ALL SELECT job_family, 1, 0 FROM ojt_templates WHERE municipality_id = $1
			UNION ALL SELECT job_type, 0, COUNT(*) FROM staff WHERE municipality_id = $1 AND status = $2 AND job_type <> '' GROUP BY job_type
		) x GROUP BY job ORDER BY job`, muni, staff.Active)
}

// TemplateOf is the template a new plan of the job family is copied from.
func (s *Store) TemplateOf(ctx context.Context, muni int64, job string) (Template, error) {
	t, err := templateFor(ctx, s.DB.R, muni, job)
	t.JobFamily = job
	return t, err
}

// SaveTemplate stores a job family's template (empty: the standard one).
// Plans already made keep the goals and items they were copied with.
func (s *Store) SaveTemplate(ctx context.Context, by audit.Actor, muni int64, t Template) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO ojt_templates (municipality_id, job_family, goals, items) VALUES ($1, $2, $3, $4)
			ON CONFLICT (municipality_id, job_family) DO UPDATE SET goals = excluded.goals, items = excluded.items`,
			muni, t.JobFamily, strings.Join(t.Goals, "\n"), strings.Join(t.Items, "\n")); err != nil {
			return err
		}
		return audit.Record(ctx, tx, s.now(), muni, by, "save", "ojt_template", t.JobFamily, map[string]int{"goals": len(t.Goals), "items": len(t.Items)})
	})
}

// templateFor is the template of a job family, else the center's standard
// template (job family ""), else the built-in default.
func templateFor(ctx context.Context, q db.Q, muni int64, job string) (Template, error) {
	for _, j := range []string{job, ""} {
		var goals, items string
		err := q.QueryRowContext(ctx, `SELECT goals, items FROM ojt_templates WHERE municipality_id = $1 AND job_family = $2`, muni, j).Scan(&goals, &items)
		if errors.Is(err, sql.ErrNoRows) {
			if j == "" {
				break
			}
			continue
		}
		if err != nil {
			return Template{}, err
		}
		return Template{JobFamily: job, Goals: lines(goals), Items: lines(items)}, nil
	}
	t := DefaultTemplate()
	t.JobFamily = job
	return t, nil
}
