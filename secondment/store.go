package secondment

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"hagukumi/apperr"
	"hagukumi/audit"
	"hagukumi/auth"
	"hagukumi/calendar"
	"hagukumi/db"
)

// Store keeps placements and their reports.
type Store struct {
	DB  *db.DB
	Now func() time.Time
}

func (s *Store) now() time.Time {
	if s.Now == nil {
		return time.Now()
	}
	return s.Now()
}

const day = "2006-01-02"

// write runs fn in one transaction with the write's time; every exported
// write goes through it and records itself in the audit chain inside fn.
func (s *Store) write(ctx context.Context, fn func(tx *sql.Tx, now time.Time) error) error {
	return s.DB.Tx(ctx, func(tx *sql.Tx) error { return fn(tx, s.now()) })
}

// Create saves a placement of the staff member with this number and the
// reports its kind owes (Schedule).
func (s *Store) Create(ctx context.Context, by audit.Actor, muni int64, p *Placement) error {
	if err := p.Validate(); err != nil {
		return err
	}
	return s.write(ctx, func(tx *sql.Tx, now time.Time) error {
		err := tx.QueryRowContext(ctx, `SELECT id FROM staff WHERE municipality_id = $1 AND number = $2`, muni, p.Number).Scan(&p.StaffID)
		if err == sql.ErrNoRows {
			return apperr.Fields(apperr.FieldErrors{"number": fmt.Sprintf("職員番号 %s の職員が見つかりません。", p.Number)})
		}
		if err != nil {
			return err
		}
		p.ID, err = db.Insert(ctx, tx, `INSERT INTO secondments (municipality_id, staff_id, host, kind, basis, from_on, to_on, fy, costs, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
			muni, p.StaffID, p.Host, p.Kind, p.Basis, p.From.Format(day), p.To.Format(day), calendar.FiscalYear(p.From), p.Costs, now)
		if err != nil {
			return err
		}
		p.Reports = Schedule(p.Kind, p.From, p.To)
		for i, r := range p.Reports {
			p.Reports[i].ID, err = db.Insert(ctx, tx, `INSERT INTO secondment_reports (municipality_id, secondment_id, kind, due_on, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
				muni, p.ID, r.Kind, r.Due.Format(day), now)
			if err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, now, muni, by, "create", "secondment", fmt.Sprint(p.ID), audit.Change{After: p})
	})
}

// Submit records a report as handed in today, with its file. A report
// already submitted may be replaced by a corrected file; the first date stays.
func (s *Store) Submit(ctx context.Context, by audit.Actor, muni int64, sc auth.Scope, reportID int64, fileName string, content []byte) error {
	if fileName == "" || len(content) == 0 || len(content) > 20<<20 {
		return apperr.Fields(apperr.FieldErrors{"file": "報告書のファイル（20MBまで）を選んでください。"})
	}
	return s.write(ctx, func(tx *sql.Tx, now time.Time) error {
		var staffID int64
		var path string
		err := tx.QueryRowContext(ctx, `SELECT p.staff_id, COALESCE(u.path, '') FROM secondment_reports r JOIN secondments p ON p.id = r.secondment_id
			JOIN staff st ON st.id = p.staff_id LEFT JOIN org_units u ON u.id = st.unit_id
			WHERE r.municipality_id = $1 AND r.id = $2`, muni, reportID).Scan(&staffID, &path)
		if err == sql.ErrNoRows || (err == nil && !sc.Includes(staffID, path)) {
			return apperr.NotFoundf("報告が見つかりません。")
		}
		if err != nil {
			return err
		}
		today := calendar.Today(now).Format(day)
		if _, err := tx.ExecContext(ctx, `UPDATE secondment_reports SET submitted_on = CASE WHEN submitted_on = '' THEN $1 ELSE submitted_on END, file_name = $2, content = $3
			WHERE municipality_id = $4 AND id = $5`, today, fileName, content, muni, reportID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, muni, by, "update", "secondment_report", fmt.Sprint(reportID), map[string]any{"file_name": fileName, "bytes": len(content)})
	})
}

// List gives the placements the scope sees that overlap [from, to], with
// their reports and the count overdue today, by start date.
func (s *Store) List(ctx context.Context, muni int64, sc auth.Scope, from, to time.Time) ([]Placement, error) {
	args := []any{muni, to.Format(day), from.Format(day)}
	cond := sc.And("p.staff_id", "u.path", &args)
	rows, err := s.DB.R.QueryContext(ctx, `SELECT p.id, p.staff_id, st.number, st.family_name || ' ' || st.given_name, COALESCE(u.name, ''), p.host, p.kind, p.basis, p.from_on, p.to_on, p.costs,
			r.id, r.kind, r.due_on, r.submitted_on, r.file_name
		FROM secondments p JOIN staff st ON st.id = p.staff_id LEFT JOIN org_units u ON u.id = st.unit_id
		LEFT JOIN secondment_reports r ON r.secondment_id = p.id
		WHERE p.municipality_id = $1 AND p.from_on <= $2 AND p.to_on >= $3`+cond+`
		ORDER BY p.from_on, p.id, r.due_on, r.id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Placement{}
	for rows.Next() {
		var p Placement
		var fromOn, toOn string
		var rid sql.NullInt64
		var kind, due, submitted, file sql.NullString
		if err := rows.Scan(&p.ID, &p.StaffID, &p.Number, &p.Name, &p.Unit, &p.Host, &p.Kind, &p.Basis, &fromOn, &toOn, &p.Costs, &rid, &kind, &due, &submitted, &file); err != nil {
			return nil, err
		}
		if n := len(out); n == 0 || out[n-1].ID != p.ID {
			p.From, _ = time.Parse(day, fromOn)
			p.To, _ = time.Parse(day, toOn)
			p.Reports = []Report{}
			out = append(out, p)
		}
		if rid.Valid {
			last := &out[len(out)-1]
			d, _ := time.Parse(day, due.String)
			last.Reports = append(last.Reports, Report{ID: rid.Int64, Kind: kind.String, Due: d, Submitted: submitted.String, FileName: file.String})
		}
	}
	today := calendar.Today(s.now())
	for i := range out {
		out[i].ReportsOverdue = Overdue(out[i].Reports, today)
	}
	return out, rows.Err()
}

// KindCount is the number of placements of one kind.
type KindCount struct {
	Kind  string `json:"kind"`
	Count int    `json:"count"`
}

// YearFigures counts the placements running at some time in a fiscal
// year, by kind, for the annual report.
func (s *Store) YearFigures(ctx context.Context, muni int64, fy int) ([]KindCount, error) {
	rows, err := s.DB.R.QueryContext(ctx, `SELECT kind, COUNT(*) FROM secondments WHERE municipality_id = $1 AND from_on <= $2 AND to_on >= $3 GROUP BY kind ORDER BY kind`,
		muni, calendar.FiscalYearEnd(fy).Format(day), calendar.FiscalYearStart(fy).Format(day))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []KindCount{}
	for rows.Next() {
		var k KindCount
		if err := rows.Scan(&k.Kind, &k.Count); err != nil {
			return nil, err
		}
		out = append(out, k)
	}
	return out, rows.Err()
}
