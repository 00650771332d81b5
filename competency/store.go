package competency

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"hagukumi/apperr"
	"hagukumi/audit"
	"hagukumi/calendar"
	"hagukumi/db"
)

// Store reads and writes the framework and the programme mapping.
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

// write runs fn in one transaction; fn appends its audit entry inside it.
func (s *Store) write(ctx context.Context, fn func(tx *sql.Tx) error) error { return s.DB.Tx(ctx, fn) }

// InForce loads the version in force today: the latest revision dated on
// or before today, or the earliest one when all are in the future. A city
// without a framework gets a not-found error.
func (s *Store) InForce(ctx context.Context, muni int64) (*Framework, error) {
	today := calendar.Today(s.now()).Format(time.DateOnly)
	var id int64
	f := &Framework{}
	err := s.DB.R.QueryRowContext(ctx, `SELECT id, revised_on, vision FROM competency_versions WHERE municipality_id = $1
		ORDER BY CASE WHEN revised_on <= $2 THEN 0 ELSE 1 END, CASE WHEN revised_on <= $2 THEN revised_on END DESC, revised_on LIMIT 1`,
		muni, today).Scan(&id, &f.RevisedOn, &f.Vision)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.NotFoundf("能力の体系（標準職務遂行能力）がまだ登録されていません。")
	}
	if err != nil {
		return nil, err
	}
	comps, err := db.QueryAll(ctx, s.DB.R, func(r db.Scanner) (Competency, error) {
		var c Competency
		return c, r.Scan(&c.Code, &c.Area, &c.Name, &c.Definition, &c.Indicators)
	}, `SELECT code, area, name, definition, indicators FROM competencies WHERE municipality_id = $1 AND version_id = $2 ORDER BY position`, muni, id)
	if err != nil {
		return nil, err
	}
	type lv struct {
		code string
		l    Level
	}
	levels, err := db.QueryAll(ctx, s.DB.R, func(r db.Scanner) (lv, error) {
		var x lv
		return x, r.Scan(&x.code, &x.l.Rank, &x.l.JobFamily, &x.l.Level)
	}, `SELECT c.code, l.rank_name, l.job_family, l.level FROM competency_levels l JOIN competencies c ON c.id = l.competency_id
		WHERE l.municipality_id = $1 AND c.version_id = $2 ORDER BY l.id`, muni, id)
	if err != nil {
		return nil, err
	}
	at := map[string]int{}
	for i, c := range comps {
		at[c.Code] = i
	}
	for _, x := range levels {
		comps[at[x.code]].Levels = append(comps[at[x.code]].Levels, x.l)
	}
	f.Competencies = comps
	return f, nil
}

// Save stores a version, replacing the one with the same revision date.
func (s *Store) Save(ctx context.Context, by audit.Actor, muni int64, f *Framework) error {
	if err := f.Validate(); err != nil {
		return err
	}
	return s.write(ctx, func(tx *sql.Tx) error {
		for _, q := range []string{
			`DELETE FROM competency_levels WHERE competency_id IN (SELECT c.id FROM competencies c JOIN competency_versions v ON v.id = c.version_id WHERE v.municipality_id = $1 AND v.revised_on = $2)`,
			`DELETE FROM competencies WHERE version_id IN (SELECT id FROM competency_versions WHERE municipality_id = $1 AND revised_on = $2)`,
			`DELETE FROM competency_versions WHERE municipality_id = $1 AND revised_on = $2`,
		} {
			if _, err := tx.ExecContext(ctx, q, muni, f.RevisedOn); err != nil {
				return err
			}
		}
		vid, err := db.Insert(ctx, tx, `INSERT INTO competency_versions (municipality_id, revised_on, vision, created_at) VALUES ($1, $2, $3, $4) RETURNING id`,
			muni, f.RevisedOn, f.Vision, s.now())
		if err != nil {
			return err
		}
		for i, c := range f.Competencies {
			cid, err := db.Insert(ctx, tx, `INSERT INTO competencies (municipality_id, version_id, position, code, area, name, definition, indicators)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`, muni, vid, i+1, c.Code, c.Area, c.Name, c.Definition, c.Indicators)
			if err != nil {
				return err
			}
			for _, l := range c.Levels {
				if _, err := tx.ExecContext(ctx, `INSERT INTO competency_levels (municipality_id, competency_id, rank_name, job_family, level)
					VALUES ($1, $2, $3, $4, $5) ON CONFLICT (competency_id, rank_name, job_family) DO UPDATE SET level = excluded.level`,
					muni, cid, l.Rank, l.JobFamily, l.Level); err != nil {
					return err
				}
			}
		}
		return audit.Record(ctx, tx, s.now(), muni, by, "save", "competency_version", f.RevisedOn, map[string]int{"competencies": len(f.Competencies)})
	})
}

// Mapping answers, for each competency code, the codes of the catalog
// programmes that develop it.
func (s *Store) Mapping(ctx context.Context, muni int64) (map[string][]string, error) {
	out := map[string][]string{}
	rows, err := s.DB.R.QueryContext(ctx, `SELECT m.competency_code, p.code FROM program_competencies m JOIN programs p ON p.id = m.program_id
		WHERE m.municipality_id = $1 ORDER BY m.competency_code, p.code`, muni)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var c, p string
		if err := rows.Scan(&c, &p); err != nil {
			return nil, err
		}
		out[c] = append(out[c], p)
	}
	return out, rows.Err()
}

// MapProgram sets the competencies a programme (by code) develops.
func (s *Store) MapProgram(ctx context.Context, by audit.Actor, muni int64, programCode string, codes []string) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		var pid int64
		err := tx.QueryRowContext(ctx, `SELECT id FROM programs WHERE municipality_id = $1 AND code = $2`, muni, programCode).Scan(&pid)
		if errors.Is(err, sql.ErrNoRows) {
			return apperr.NotFoundf("研修が見つかりません。")
		}
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM program_competencies WHERE municipality_id = $1 AND program_id = $2`, muni, pid); err != nil {
			return err
		}
		for _, c := range codes {
			if _, err := tx.ExecContext(ctx, `INSERT INTO program_competencies (municipality_id, program_id, competency_code) VALUES ($1, $2, $3)
				ON CONFLICT (program_id, competency_code) DO NOTHING`, muni, pid, c); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, s.now(), muni, by, "map", "program_competencies", programCode, map[string]any{"competencies": codes})
	})
}
