package training

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strings"
	"time"

	"hagukumi/apperr"
	"hagukumi/audit"
	"hagukumi/db"
	"hagukumi/staff"
	"hagukumi/textlimit"
)

// Store reads and writes the training tables.
type Store struct {
	DB  *db.DB
	Now func() time.Time
	// CenterMail is the center's mail address, named as the ORGANIZER of
	// the calendar files; without it they are written without METHOD.
	CenterMail string
}

func (s *Store) now() time.Time {
	if s.Now != nil {
		return s.Now().UTC()
	}
	return time.Now().UTC()
}

// EnsureCatalog adds the default programs a municipality does not have yet
// (by code), so a new municipality starts with the standard catalog.
func (s *Store) EnsureCatalog(ctx context.Context, muni int64) error {
	var n int
	if err := s.DB.W.QueryRowContext(ctx, `SELECT COUNT(*) FROM programs WHERE municipality_id = $1`, muni).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return nil
	}
	return s.write(ctx, muni, func(w *writeTx) error {
		tx := w.Tx
		now := s.now()
		for _, p := range DefaultCatalog() {
			if _, err := insertProgram(ctx, tx, muni, &p, now); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, now, muni, audit.System, "create", "catalog", "default", map[string]int{"programs": len(DefaultCatalog())})
	})
}

func insertProgram(ctx context.Context, q db.Q, muni int64, p *Program, now time.Time) (int64, error) {
	rule, _ := json.Marshal(p.Rule)
	return db.Insert(ctx, q, `INSERT INTO programs (municipality_id, code, name, category, objectives, competencies, hours, mandatory, enrolment_mode, rule,
		completion_min_pct, completion_report, completion_survey, active, recommend_selection, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $16) RETURNING id`,
		muni, p.Code, p.Name, p.Category, p.Objectives, p.Competencies, p.Hours, p.Mandatory, p.Mode, string(rule),
		p.CompletionMinPct, p.CompletionReport, p.CompletionSurvey, p.Active, p.Selection, now)
}

const programCols = `id, code, name, category, objectives, competencies, hours, mandatory, enrolment_mode, rule, completion_min_pct, completion_report, completion_survey, active, recommend_selection`

func scanProgram(row db.Scanner) (*Program, error) {
	var p Program
	var rule string
	err := row.Scan(&p.ID, &p.Code, &p.Name, &p.Category, &p.Objectives, &p.Competencies, &p.Hours, &p.Mandatory, &p.Mode, &rule,
		&p.CompletionMinPct, &p.CompletionReport, &p.CompletionSurvey, &p.Active, &p.Selection)
	if err == nil && rule != "" {
		err = json.Unmarshal([]byte(rule), &p.Rule)
	}
	return &p, err
}

// Programs lists the catalog by category order then code.
func (s *Store) Programs(ctx context.Context, muni int64) ([]*Program, error) {
	return db.QueryAll(ctx, s.DB.R, scanProgram, `SELECT `+programCols+` FROM programs WHERE municipality_id = $1 ORDER BY id`, muni)
}

// ProgramByCode loads one program.
func (s *Store) ProgramByCode(ctx context.Context, muni int64, code string) (*Program, error) {
	p, err := scanProgram(s.DB.R.QueryRowContext(ctx, `SELECT `+programCols+` FROM programs WHERE municipality_id = $1 AND code = $2`, muni, code))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.NotFoundf("研修「%s」は見つかりません。", code)
	}
	return p, err
}

// ProgramByID loads one program.
func (s *Store) ProgramByID(ctx context.Context, muni, id int64) (*Program, error) {
	p, err := scanProgram(s.DB.R.QueryRowContext(ctx, `SELECT `+programCols+` FROM programs WHERE municipality_id = $1 AND id = $2`, muni, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.NotFoundf("研修が見つかりません。")
	}
	return p, err
}

// Validate checks a program's fields.
func (p *Program) Validate() error {
	p.Code = strings.ToUpper(strings.TrimSpace(p.Code))
	p.Name = strings.TrimSpace(p.Name)
	if p.Code == "" || len(p.Code) > 32 || strings.Trim(p.Code, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") != "" {
		return apperr.Invalidf("研修コードは英大文字・数字・_ の32文字以内で入力してください。")
	}
	if p.Name == "" {
		return apperr.Invalidf("研修名を入力してください。")
	}
	if err := textlimit.CheckAll(
		textlimit.Field{Name: "研修名", Value: p.Name, Max: textlimit.Title},
		textlimit.Field{Name: "ねらい", Value: p.Objectives, Max: textlimit.FreeText},
		textlimit.Field{Name: "身につける力", Value: p.Competencies, Max: textlimit.FreeText},
	); err != nil {
		return err
	}
	if !anyOf(Categories, p.Category) {
		return apperr.Invalidf("区分を選んでください。")
	}
	if p.Hours < 0 || p.Hours > 1000 {
		return apperr.Invalidf("時間数は0から1000の間で入力してください。")
	}
	if p.CompletionMinPct < 0 || p.CompletionMinPct > 100 {
		return apperr.Invalidf("修了に必要な出席率は0から100%%の間で入力してください。")
	}
	if p.Mode != ModeNomination && p.Mode != ModeApplication && p.Mode != ModeRecommendation {
		return apperr.Invalidf("受講者の決め方を選んでください。")
	}
	for _, y := range p.Rule.ServiceYears {
		if y < 1 || y > 50 {
			return apperr.Invalidf("採用n年目は1から50の間で入力してください。")
		}
	}
	for _, t := range p.Rule.EmploymentTypes {
		if !anyOf(staff.EmploymentTypes, t) {
			return apperr.Invalidf("雇用区分「%s」はありません。", t)
		}
	}
	if p.Rule.RankFrom != nil && (*p.Rule.RankFrom < 0 || *p.Rule.RankFrom > 40) {
		return apperr.Invalidf("昇任年度の指定は0から40年度前の間で入力してください。")
	}
	return nil
}

// SaveProgram creates (ID 0) or updates a program.
func (s *Store) SaveProgram(ctx context.Context, by audit.Actor, muni int64, p *Program) error {
	if err := p.Validate(); err != nil {
		return err
	}
	return s.write(ctx, muni, func(w *writeTx) error {
		tx := w.Tx
		now := s.now()
		var dup int64
		err := tx.QueryRowContext(ctx, `SELECT id FROM programs WHERE municipality_id = $1 AND code = $2`, muni, p.Code).Scan(&dup)
		if err == nil && dup != p.ID {
			return apperr.New(apperr.Conflict, "研修コード「%s」は既に使われています。", p.Code)
		}
		if p.ID == 0 {
			id, err := insertProgram(ctx, tx, muni, p, now)
			if err != nil {
				return err
			}
			p.ID = id
			return audit.Record(ctx, tx, now, muni, by, "create", "program", p.Code, audit.Change{After: p})
		}
		old, err := scanProgram(tx.QueryRowContext(ctx, `SELECT `+programCols+` FROM programs WHERE municipality_id = $1 AND id = $2`, muni, p.ID))
		if err != nil {
			return apperr.NotFoundf("研修が見つかりません。")
		}
		rule, _ := json.Marshal(p.Rule)
		if _, err := tx.ExecContext(ctx, `UPDATE programs SET code = $1, name = $2, category = $3, objectives = $4, competencies = $5, hours = $6,
			mandatory = $7, enrolment_mode = $8, rule = $9, completion_min_pct = $10, completion_report = $11, completion_survey = $12, active = $13, updated_at = $14,
			recommend_selection = $17
			WHERE id = $15 AND municipality_id = $16`, p.Code, p.Name, p.Category, p.Objectives, p.Competencies, p.Hours, p.Mandatory, p.Mode, string(rule),
			p.CompletionMinPct, p.CompletionReport, p.CompletionSurvey, p.Active, now, p.ID, muni, p.Selection); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, now, muni, by, "update", "program", p.Code, audit.Change{Before: old, After: p}); err != nil {
			return err
		}
		if old.Code != p.Code { // completions are known to People() by program code
			w.completionsChanged = true
		}
		// A changed completion rule changes who has completed: recompute
		// every session of the program in the same transaction.
		if old.CompletionMinPct != p.CompletionMinPct || old.CompletionReport != p.CompletionReport || old.CompletionSurvey != p.CompletionSurvey {
			rows, err := tx.QueryContext(ctx, `SELECT id FROM sessions_training WHERE municipality_id = $1 AND program_id = $2`, muni, p.ID)
			if err != nil {
				return err
			}
			var ids []int64
			for rows.Next() {
				var id int64
				rows.Scan(&id)
				ids = append(ids, id)
			}
			rows.Close()
			for _, id := range ids {
				if err := s.recomputeSession(ctx, w, id); err != nil {
					return err
				}
			}
		}
		return nil
	})
}
