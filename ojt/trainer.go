package ojt

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
	"unicode/utf8"

	"hagukumi/apperr"
	"hagukumi/audit"
	"hagukumi/db"
	"hagukumi/staff"
)

// NameTrainer names the trainer of a plan by 職員番号. The rules are checked
// against the registry and the history on the later of today and the
// term's start; when they warn, the choice is refused with ErrNeedsReason
// unless a reason is given. A new trainer serves the rest of the term: the
// former one's stint ends today and stays in the history. It answers the
// warnings either way.
func (s *Store) NameTrainer(ctx context.Context, by audit.Actor, muni, planID int64, number, reason string) ([]Warning, error) {
	if utf8.RuneCountInString(reason) > MaxReason {
		return nil, apperr.Fields(apperr.FieldErrors{"override_reason": "500文字以内で入力してください。"})
	}
	var warnings []Warning
	err := s.write(ctx, func(tx *sql.Tx) error {
		var fy int
		var traineeID int64
		var startText, traineeUnit, traineeBirth string
		var traineeUnitID sql.NullInt64
		err := tx.QueryRowContext(ctx, `SELECT p.fy, p.trainee_id, p.start_date, COALESCE(o.path, ''), t.birth_date, t.unit_id
			FROM ojt_plans p JOIN staff t ON t.id = p.trainee_id LEFT JOIN org_units o ON o.id = t.unit_id
			WHERE p.municipality_id = $1 AND p.id = $2`, muni, planID).Scan(&fy, &traineeID, &startText, &traineeUnit, &traineeBirth, &traineeUnitID)
		if errors.Is(err, sql.ErrNoRows) {
			return apperr.NotFoundf("OJT計画が見つかりません。")
		}
		if err != nil {
			return err
		}
		var trainerID int64
		var trainerUnit, hire, birth, status string
		var trainerUnitID sql.NullInt64
		err = tx.QueryRowContext(ctx, `SELECT s.id, COALESCE(o.path, ''), s.hire_date, s.birth_date, s.status, s.unit_id
			FROM staff s LEFT JOIN org_units o ON o.id = s.unit_id WHERE s.municipality_id = $1 AND s.number = $2`, muni, number).
			Scan(&trainerID, &trainerUnit, &hire, &birth, &status, &trainerUnitID)
		if errors.Is(err, sql.ErrNoRows) {
			return apperr.Fields(apperr.FieldErrors{"number": "その職員番号の職員はいません。"})
		}
		if err != nil {
			return err
		}
		if trainerID == traineeID {
			return apperr.Fields(apperr.FieldErrors{"number": "新規採用職員本人はトレーナーになれません。"})
		}
		if status != staff.Active {
			return apperr.Fields(apperr.FieldErrors{"number": "在職していない職員はトレーナーになれません。"})
		}
		on := s.today()
		if start := date(startText); start.After(on) {
			on = start
		}
		var inUnit string
		err = tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(from_date), '') FROM staff_assignments
			WHERE municipality_id = $1 AND staff_id = $2 AND unit_id = $3 AND to_date IS NULL`, muni, trainerID, trainerUnitID).Scan(&inUnit)
		if err != nil {
			return err
		}
		var former int
		err = tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM ojt_trainers x JOIN ojt_plans p ON p.id = x.plan_id
			WHERE x.municipality_id = $1 AND x.trainer_id = $2 AND p.fy < $3`, muni, trainerID, fy).Scan(&former)
		if err != nil {
			return err
		}
		warnings = TrainerWarnings(TrainerFacts{TraineeUnit: traineeUnit, TrainerUnit: trainerUnit, TrainerHire: date(hire),
			TrainerInUnit: date(inUnit), TraineeBirth: date(traineeBirth), TrainerBirth: date(birth), FormerTrainer: former > 0}, on)
		if len(warnings) > 0 && reason == "" {
			return ErrNeedsReason
		}
		if len(warnings) == 0 {
			reason = ""
		}
		from := s.today()
		if start := date(startText); start.After(from) {
			from = start
		}
		fromText := from.Format(time.DateOnly)
		if _, err := tx.ExecContext(ctx, `UPDATE ojt_trainers SET to_date = $1 WHERE municipality_id = $2 AND plan_id = $3 AND to_date = ''`,
			fromText, muni, planID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO ojt_trainers (municipality_id, plan_id, trainer_id, from_date, warnings, override_reason)
			VALUES ($1, $2, $3, $4, $5, $6)`, muni, planID, trainerID, fromText, codeList(warnings), reason); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE ojt_plans SET trainer_id = $1, trainer_unit_id = $2, unit_id = $3, override_reason = $4, updated_at = $5
			WHERE municipality_id = $6 AND id = $7`, trainerID, trainerUnitID, traineeUnitID, reason, s.now(), muni, planID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, s.now(), muni, by, "name_trainer", "ojt_plan", fmt.Sprint(planID),
			map[string]any{"trainer": number, "warnings": codeList(warnings), "override_reason": reason})
	})
	if errors.Is(err, ErrNeedsReason) {
		return warnings, err
	}
	if err != nil {
		return nil, err
	}
	if warnings == nil {
		warnings = []Warning{}
	}
	return warnings, nil
}

func codeList(ws []Warning) string {
	out := ""
	for i, w := range ws {
		if i > 0 {
			out += ","
		}
		out += w.Code
	}
	return out
}

// date parses an ISO date, zero when empty or malformed.
func date(s string) time.Time {
	t, _ := time.Parse(time.DateOnly, s)
	return t
}

// TrainerLoad counts the plans of fiscal year fy each trainer (by 職員番号)
// currently has, shown beside a choice.
func (s *Store) TrainerLoad(ctx context.Context, muni int64, fy int) (map[string]int, error) {
	out := map[string]int{}
	rows, err := s.DB.R.QueryContext(ctx, `SELECT r.number, COUNT(*) FROM ojt_plans p JOIN staff r ON r.id = p.trainer_id
		WHERE p.municipality_id = $1 AND p.fy = $2 GROUP BY r.number`, muni, fy)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var n string
		var c int
		if err := rows.Scan(&n, &c); err != nil {
			return nil, err
		}
		out[n] = c
	}
	return out, rows.Err()
}

// Trained is one stretch a staff member served as someone's trainer.
type Trained struct {
	FY      int    `json:"fy"`
	Trainee string `json:"trainee"`
	Name    string `json:"name"`
	From    string `json:"from"`
	To      string `json:"to,omitempty"`
}

// TrainerRecord lists the plans a staff member served as trainer, which
// count in their own record.
func (s *Store) TrainerRecord(ctx context.Context, muni, staffID int64) ([]Trained, error) {
	return db.QueryAll(ctx, s.DB.R, func(r db.Scanner) (Trained, error) {
		var x Trained
		var fam, given string
		err := r.Scan(&x.FY, &x.Trainee, &fam, &given, &x.From, &x.To)
		x.Name = fam + " " + given
		return x, err
	}, `SELECT p.fy, t.number, t.family_name, t.given_name, x.from_date, x.to_date FROM ojt_trainers x
		JOIN ojt_plans p ON p.id = x.plan_id JOIN staff t ON t.id = p.trainee_id
		WHERE x.municipality_id = $1 AND x.trainer_id = $2 ORDER BY x.from_date`, muni, staffID)
}

// PlansOf lists the plans a staff member was the trainee of, oldest first,
// for their development page.
func (s *Store) PlansOf(ctx context.Context, muni, staffID int64) ([]*Plan, error) {
	return db.QueryAll(ctx, s.DB.R, scanPlan, planSelect+` AND p.trainee_id = $3 ORDER BY p.fy`, muni, s.today().Format("2006-01"), staffID)
}
