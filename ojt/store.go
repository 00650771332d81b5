package ojt

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"hagukumi/apperr"
	"hagukumi/audit"
	"hagukumi/auth"
	"hagukumi/calendar"
	"hagukumi/db"
	"hagukumi/staff"
)

// Store reads and writes the OJT tables.
type Store struct {
	DB  *db.DB
	Now func() time.Time
}

func (s *Store) now() time.Time {
	if s.Now != nil {
		return s.Now().UTC()
	}
	return time.Now().UTC()
}

// today is the date in Japan, as ISO text.
func (s *Store) today() time.Time { return calendar.Today(s.now()) }

// write runs fn in one transaction; fn appends its own audit entry, so the
// change and its record commit together.
func (s *Store) write(ctx context.Context, fn func(tx *sql.Tx) error) error {
	return s.DB.Tx(ctx, fn)
}

// ErrNeedsReason is returned with the warnings when a trainer choice breaks
// a rule and no reason was given.
var ErrNeedsReason = apperr.Fields(apperr.FieldErrors{"override_reason": "トレーナーの条件を満たしていません。理由を入力すると指名できます。"})

const planSelect = `SELECT p.id, p.fy, t.number, t.family_name, t.given_name, COALESCE(tu.path, ''), p.job_family,
	p.start_date, p.end_date, p.state, p.override_reason, COALESCE(p.unit_id, 0), COALESCE(t.unit_id, 0),
	COALESCE(p.trainer_id, 0), COALESCE(r.number, ''), COALESCE(r.family_name, ''), COALESCE(r.given_name, ''),
	COALESCE(p.trainer_unit_id, 0), COALESCE(r.unit_id, 0), COALESCE(r.status, ''), p.trainee_id,
	(SELECT COUNT(*) FROM ojt_goals g WHERE g.plan_id = p.id),
	(SELECT COUNT(*) FROM ojt_goals g WHERE g.plan_id = p.id AND g.done = 1),
	(SELECT COUNT(*) FROM ojt_goals g WHERE g.plan_id = p.id AND g.done = 0 AND g.month < $2),
	(SELECT COUNT(*) FROM ojt_reviews v WHERE v.plan_id = p.id)
	FROM ojt_plans p JOIN staff t ON t.id = p.trainee_id LEFT JOIN org_units tu ON tu.id = t.unit_id
	LEFT JOIN staff r ON r.id = p.trainer_id
	WHERE p.municipality_id = $1`

func scanPlan(row db.Scanner) (*Plan, error) {
	p := &Plan{}
	var fam, given, rnum, rfam, rgiven string
	err := row.Scan(&p.ID, &p.FY, &p.Trainee, &fam, &given, &p.Unit, &p.JobFamily, &p.Start, &p.End, &p.stored, &p.OverrideReason,
		&p.unitID, &p.curUnitID, &p.trainerID, &rnum, &rfam, &rgiven, &p.trainerUnitID, &p.curTrainerUnit, &p.trainerStatus, &p.traineeID,
		&p.goals, &p.done, &p.Overdue, &p.Reviews)
	if err != nil {
		return nil, err
	}
	p.TraineeName = strings.TrimSpace(fam + " " + given)
	if p.trainerID != 0 {
		p.Trainer = &rnum
		p.TrainerName = strings.TrimSpace(rfam + " " + rgiven)
	}
	if p.goals > 0 {
		p.Progress = float64(p.done) / float64(p.goals)
	}
	p.Changes = Changes(Placement{PlanUnit: p.unitID, TraineeUnit: p.curUnitID, TrainerUnitAtNaming: p.trainerUnitID,
		TrainerUnit: p.curTrainerUnit, HasTrainer: p.trainerID != 0, TrainerInactive: p.trainerID != 0 && p.trainerStatus != staff.Active})
	p.State = StateOf(p.stored, p.trainerID != 0, p.Changes)
	return p, nil
}

// TraineeID and TrainerID are the staff ids behind the plan's numbers, for
// the access rules.
func (p *Plan) TraineeID() int64 { return p.traineeID }
func (p *Plan) TrainerID() int64 { return p.trainerID }

// Plans lists the plans of a fiscal year whose trainee the scope sees,
// by unit and number.
func (s *Store) Plans(ctx context.Context, muni int64, fy int, sc auth.Scope) ([]*Plan, error) {
	cond, args := sc.SQL("t.id", "tu.path", 4)
	q := planSelect + ` AND p.fy = $3 AND ` + cond + ` ORDER BY tu.path, t.number`
	return db.QueryAll(ctx, s.DB.R, scanPlan, q, append([]any{muni, s.today().Format("2006-01"), fy}, args...)...)
}

// Plan loads one plan with its goals, items, reviews and trainers.
func (s *Store) Plan(ctx context.Context, muni, id int64) (*Detail, error) {
	p, err := scanPlan(s.DB.R.QueryRowContext(ctx, planSelect+` AND p.id = $3`, muni, s.today().Format("2006-01"), id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.NotFoundf("OJT計画が見つかりません。")
	}
	if err != nil {
		return nil, err
	}
	d := &Detail{Plan: *p}
	if d.Goals, err = db.QueryAll(ctx, s.DB.R, func(r db.Scanner) (Goal, error) {
		var g Goal
		var done int
		err := r.Scan(&g.Month, &g.Goal, &done, &g.Reflection, &g.TrainerComment)
		g.Done = done == 1
		return g, err
	}, `SELECT month, goal, done, reflection, trainer_comment FROM ojt_goals WHERE municipality_id = $1 AND plan_id = $2 ORDER BY month`, muni, id); err != nil {
		return nil, err
	}
	if d.Items, err = db.QueryAll(ctx, s.DB.R, func(r db.Scanner) (Item, error) {
		var it Item
		return it, r.Scan(&it.Name, &it.Competency, &it.Level)
	}, `SELECT name, competency_code, level FROM ojt_items WHERE municipality_id = $1 AND plan_id = $2 ORDER BY position`, muni, id); err != nil {
		return nil, err
	}
	if d.ReviewsL, err = db.QueryAll(ctx, s.DB.R, func(r db.Scanner) (Review, error) {
		var v Review
		return v, r.Scan(&v.Quarter, &v.Comment, &v.SignedBy, &v.SignedOn)
	}, `SELECT quarter, comment, signed_by, signed_on FROM ojt_reviews WHERE municipality_id = $1 AND plan_id = $2 ORDER BY quarter`, muni, id); err != nil {
		return nil, err
	}
	d.Trainers, err = db.QueryAll(ctx, s.DB.R, func(r db.Scanner) (Stint, error) {
		var x Stint
		var fam, given string
		err := r.Scan(&x.Trainer, &fam, &given, &x.From, &x.To, &x.OverrideReason)
		x.Name = strings.TrimSpace(fam + " " + given)
		return x, err
	}, `SELECT s.number, s.family_name, s.given_name, x.from_date, x.to_date, x.override_reason FROM ojt_trainers x
		JOIN staff s ON s.id = x.trainer_id WHERE x.municipality_id = $1 AND x.plan_id = $2 ORDER BY x.from_date, x.id`, muni, id)
	return d, err
}

// CreatePlan makes the plan of one trainee for fiscal year fy from the
// template of their job family (the default one when there is none).
func (s *Store) CreatePlan(ctx context.Context, by audit.Actor, muni int64, fy int, traineeID int64) (int64, error) {
	var id int64
	err := s.write(ctx, func(tx *sql.Tx) error {
		var err error
		id, err = s.createPlan(ctx, tx, muni, fy, traineeID)
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, s.now(), muni, by, "create", "ojt_plan", fmt.Sprint(id), map[string]any{"fy": fy, "trainee_id": traineeID})
	})
	return id, err
}

// CreatePlansForNewHires makes a plan for every active staff member of the
// given employment types (正規 when none) hired in fiscal year fy who has
// none yet, and tells how many it made.
func (s *Store) CreatePlansForNewHires(ctx context.Context, by audit.Actor, muni int64, fy int, types []string) (int, error) {
	if len(types) == 0 {
		types = []string{staff.Regular}
	}
	n := 0
	err := s.write(ctx, func(tx *sql.Tx) error {
		start, end := calendar.FiscalYearStart(fy).Format(time.DateOnly), calendar.FiscalYearEnd(fy).Format(time.DateOnly)
		ids, err := db.QueryAll(ctx, tx, func(r db.Scanner) (struct {
			id  int64
			typ string
		}, error) {
			var x struct {
				id  int64
				typ string
			}
			return x, r.Scan(&x.id, &x.typ)
		}, `SELECT s.id, s.employment_type FROM staff s WHERE s.municipality_id = $1 AND s.status = $2 AND s.hire_date >= $3 AND s.hire_date <= $4
			AND NOT EXISTS (SELECT 1 FROM ojt_plans p WHERE p.municipality_id = s.municipality_id AND p.trainee_id = s.id AND p.fy = $5)
			ORDER BY s.number`, muni, staff.Active, start, end, fy)
		if err != nil {
			return err
		}
		for _, x := range ids {
			if !slices.Contains(types, x.typ) {
				continue
			}
			if _, err := s.createPlan(ctx, tx, muni, fy, x.id); err != nil {
				return err
			}
			n++
		}
		return audit.Record(ctx, tx, s.now(), muni, by, "create", "ojt_plans", fmt.Sprint(fy), map[string]any{"plans": n})
	})
	return n, err
}

func (s *Store) createPlan(ctx context.Context, tx *sql.Tx, muni int64, fy int, traineeID int64) (int64, error) {
	var hire, job string
	var unit sql.NullInt64
	err := tx.QueryRowContext(ctx, `SELECT hire_date, job_type, unit_id FROM staff WHERE municipality_id = $1 AND id = $2`, muni, traineeID).Scan(&hire, &job, &unit)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, apperr.NotFoundf("職員が見つかりません。")
	}
	if err != nil {
		return 0, err
	}
	h, _ := time.Parse(time.DateOnly, hire)
	start, end, ok := Term(h, fy)
	if !ok {
		return 0, apperr.Invalidf("採用日が%d年度より後の職員にはOJT計画を作れません。", fy)
	}
	t, err := templateFor(ctx, tx, muni, job)
	if err != nil {
		return 0, err
	}
	now := s.now()
	id, err := db.Insert(ctx, tx, `INSERT INTO ojt_plans (municipality_id, fy, trainee_id, unit_id, job_family, start_date, end_date, state, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, 'active', $8, $8) RETURNING id`, muni, fy, traineeID, unit, job, start.Format(time.DateOnly), end.Format(time.DateOnly), now)
	if db.IsUnique(err) {
		return 0, apperr.New(apperr.Conflict, "この職員の%d年度のOJT計画はすでにあります。", fy)
	}
	if err != nil {
		return 0, err
	}
	months := Months(start, end)
	for i, g := range GoalsFor(t, months) {
		if _, err := tx.ExecContext(ctx, `INSERT INTO ojt_goals (municipality_id, plan_id, month, goal) VALUES ($1, $2, $3, $4)`, muni, id, months[i], g); err != nil {
			return 0, err
		}
	}
	for i, it := range t.Items {
		if _, err := tx.ExecContext(ctx, `INSERT INTO ojt_items (municipality_id, plan_id, position, name) VALUES ($1, $2, $3, $4)`, muni, id, i+1, it); err != nil {
			return 0, err
		}
	}
	return id, nil
}

func lines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}
