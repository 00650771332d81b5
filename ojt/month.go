package ojt

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"hagukumi/apperr"
	"hagukumi/audit"
	"hagukumi/db"
)

// MonthWrite is what one person writes on a month of the plan; nil fields
// are left as they are, so the trainee and the trainer never overwrite
// each other.
type MonthWrite struct {
	Reflection *string
	Comment    *string
	Done       *bool
}

// SaveMonth writes a month's reflection, comment or done mark.
func (s *Store) SaveMonth(ctx context.Context, by audit.Actor, muni, planID int64, month string, m MonthWrite) error {
	if m.Reflection != nil {
		if err := ValidateReflection("reflection", *m.Reflection); err != nil {
			return err
		}
	}
	if m.Comment != nil {
		if err := ValidateReflection("trainer_comment", *m.Comment); err != nil {
			return err
		}
	}
	return s.write(ctx, func(tx *sql.Tx) error {
		var res sql.Result
		var err error
		switch {
		case m.Reflection != nil:
			res, err = tx.ExecContext(ctx, `UPDATE ojt_goals SET reflection = $1 WHERE municipality_id = $2 AND plan_id = $3 AND month = $4`, *m.Reflection, muni, planID, month)
		case m.Comment != nil || m.Done != nil:
			var c string
			if m.Comment != nil {
				c = *m.Comment
			}
			done := 0
			if m.Done != nil && *m.Done {
				done = 1
			}
			res, err = tx.ExecContext(ctx, `UPDATE ojt_goals SET trainer_comment = $1, done = $2 WHERE municipality_id = $3 AND plan_id = $4 AND month = $5`, c, done, muni, planID, month)
		default:
			return nil
		}
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return apperr.NotFoundf("その月は計画の期間にありません。")
		}
		return audit.Record(ctx, tx, s.now(), muni, by, "write", "ojt_goal", fmt.Sprint(planID), map[string]any{"month": month})
	})
}

// SignReview records the 所属長's review of a quarter (1–4), or with
// quarter 5 the sign-off at the year's end, which completes the plan.
func (s *Store) SignReview(ctx context.Context, by audit.Actor, muni, planID int64, quarter int, comment, signer string) error {
	if quarter < 1 || quarter > 5 {
		return apperr.Fields(apperr.FieldErrors{"quarter": "四半期の指定が正しくありません。"})
	}
	if err := ValidateReflection("comment", comment); err != nil {
		return err
	}
	return s.write(ctx, func(tx *sql.Tx) error {
		on := s.today().Format(time.DateOnly)
		if _, err := tx.ExecContext(ctx, `INSERT INTO ojt_reviews (municipality_id, plan_id, quarter, comment, signed_by, signed_on)
			VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (plan_id, quarter) DO UPDATE SET comment = excluded.comment,
			signed_by = excluded.signed_by, signed_on = excluded.signed_on`, muni, planID, quarter, comment, signer, on); err != nil {
			return err
		}
		if quarter == 5 {
			if _, err := tx.ExecContext(ctx, `UPDATE ojt_plans SET state = $1, updated_at = $2 WHERE municipality_id = $3 AND id = $4`,
				StateCompleted, s.now(), muni, planID); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, s.now(), muni, by, "sign", "ojt_review", fmt.Sprint(planID), map[string]any{"quarter": quarter})
	})
}

// SetLevel rates one check item (position from 1) with a mastery level.
func (s *Store) SetLevel(ctx context.Context, by audit.Actor, muni, planID int64, position, level int) error {
	if level < 0 || level >= len(Levels) {
		return apperr.Fields(apperr.FieldErrors{"level": "習熟度の指定が正しくありません。"})
	}
	return s.write(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE ojt_items SET level = $1 WHERE municipality_id = $2 AND plan_id = $3 AND position = $4`,
			level, muni, planID, position); err != nil {
			return err
		}
		return audit.Record(ctx, tx, s.now(), muni, by, "rate", "ojt_item", fmt.Sprint(planID), map[string]any{"position": position, "level": level})
	})
}

// Counts are the year's figures for the center's account (実績).
type Counts struct {
	FY        int `json:"fy"`
	Plans     int `json:"plans"`
	Completed int `json:"completed"`
	Trainers  int `json:"trainers"`
}

// CountFY counts a fiscal year's plans, completed plans and trainers.
func (s *Store) CountFY(ctx context.Context, muni int64, fy int) (Counts, error) {
	c := Counts{FY: fy}
	err := s.DB.R.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(SUM(CASE WHEN state = $3 THEN 1 ELSE 0 END), 0), COUNT(DISTINCT trainer_id)
		FROM ojt_plans WHERE municipality_id = $1 AND fy = $2`, muni, fy, StateCompleted).Scan(&c.Plans, &c.Completed, &c.Trainers)
	return c, err
}

// Mastered is a check item a trainee rated ひとりでできる or better, with the
// competency it is mapped to: it counts toward that competency.
type Mastered struct {
	FY         int
	Name       string
	Competency string
	Level      int
}

// MasteredItems lists a trainee's check items at level 2 or above that are
// mapped to a competency.
func (s *Store) MasteredItems(ctx context.Context, muni, staffID int64) ([]Mastered, error) {
	return db.QueryAll(ctx, s.DB.R, func(r db.Scanner) (Mastered, error) {
		var m Mastered
		return m, r.Scan(&m.FY, &m.Name, &m.Competency, &m.Level)
	}, `SELECT p.fy, i.name, i.competency_code, i.level FROM ojt_items i JOIN ojt_plans p ON p.id = i.plan_id
		WHERE i.municipality_id = $1 AND p.trainee_id = $2 AND i.level >= 2 AND i.competency_code <> '' ORDER BY p.fy, i.position`, muni, staffID)
}

// MapItem maps the check items of a name in every plan of a fiscal year to
// a competency (the center maps a template's items once a year).
func (s *Store) MapItem(ctx context.Context, by audit.Actor, muni int64, fy int, name, competency string) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE ojt_items SET competency_code = $1 WHERE municipality_id = $2 AND name = $3
			AND plan_id IN (SELECT id FROM ojt_plans WHERE municipality_id = $2 AND fy = $4)`, competency, muni, name, fy); err != nil {
			return err
		}
		return audit.Record(ctx, tx, s.now(), muni, by, "map", "ojt_item", name, map[string]any{"fy": fy, "competency": competency})
	})
}
