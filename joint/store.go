package joint

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

// Store keeps joint programmes and the city's applications.
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

// write runs fn in one transaction; every exported write goes through it
// and records itself in the audit chain inside fn.
func (s *Store) write(ctx context.Context, fn func(tx *sql.Tx) error) error {
	return s.DB.Tx(ctx, fn)
}

// CreateProgramme saves a new programme of the municipality.
func (s *Store) CreateProgramme(ctx context.Context, by audit.Actor, muni int64, p *Programme) error {
	if err := p.Validate(); err != nil {
		return err
	}
	return s.write(ctx, func(tx *sql.Tx) error {
		now := s.now()
		id, err := db.Insert(ctx, tx, `INSERT INTO joint_programmes (municipality_id, fy, name, host, quota, policy, starts_on, ends_on, hours, apply_by, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
			muni, p.FY, p.Name, p.Host, p.Quota, string(p.Policy), p.StartsOn.Format(day), p.EndsOn.Format(day), p.Hours, p.ApplyBy.Format(day), now)
		if err != nil {
			return err
		}
		p.ID = id
		return audit.Record(ctx, tx, now, muni, by, "create", "joint_programme", fmt.Sprint(id), audit.Change{After: p})
	})
}

const programmeCols = `p.id, p.fy, p.name, p.host, p.quota, p.policy, p.starts_on, p.ends_on, p.hours, p.apply_by,
	(SELECT COUNT(*) FROM joint_applications a WHERE a.programme_id = p.id AND a.status NOT IN ('rejected', 'cancelled'))`

func scanProgramme(sc interface{ Scan(...any) error }) (Programme, error) {
	var p Programme
	var policy, starts, ends, applyBy string
	err := sc.Scan(&p.ID, &p.FY, &p.Name, &p.Host, &p.Quota, &policy, &starts, &ends, &p.Hours, &applyBy, &p.Taken)
	p.Policy = Policy(policy)
	p.StartsOn, _ = time.ParseInLocation(day, starts, time.UTC)
	p.EndsOn, _ = time.ParseInLocation(day, ends, time.UTC)
	p.ApplyBy, _ = time.ParseInLocation(day, applyBy, time.UTC)
	return p, err
}

// Programmes lists the municipality's programmes of a fiscal year by start date.
func (s *Store) Programmes(ctx context.Context, muni int64, fy int) ([]Programme, error) {
	rows, err := s.DB.R.QueryContext(ctx, `SELECT `+programmeCols+` FROM joint_programmes p
		WHERE p.municipality_id = $1 AND p.fy = $2 ORDER BY p.starts_on, p.id`, muni, fy)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Programme{}
	for rows.Next() {
		p, err := scanProgramme(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// Programme reads one programme of the municipality.
func (s *Store) Programme(ctx context.Context, muni, id int64) (Programme, error) {
	p, err := scanProgramme(s.DB.R.QueryRowContext(ctx, `SELECT `+programmeCols+` FROM joint_programmes p WHERE p.municipality_id = $1 AND p.id = $2`, muni, id))
	if err == sql.ErrNoRows {
		return p, apperr.NotFoundf("共同研修が見つかりません。")
	}
	return p, err
}

// Apply records an application of the staff member with this number,
// within the viewer's scope, the programme's deadline and the city's
// quota. Over the quota it answers a conflict and writes nothing.
func (s *Store) Apply(ctx context.Context, by audit.Actor, muni int64, sc auth.Scope, programmeID int64, number, lateReason string) (Application, error) {
	var a Application
	err := s.write(ctx, func(tx *sql.Tx) error {
		now := s.now()
		// Taking the programme row first serialises applications to it on
		// PostgreSQL, so two at once cannot both take the last place.
		res, err := tx.ExecContext(ctx, `UPDATE joint_programmes SET quota = quota WHERE municipality_id = $1 AND id = $2`, muni, programmeID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return apperr.NotFoundf("共同研修が見つかりません。")
		}
		p, err := scanProgramme(tx.QueryRowContext(ctx, `SELECT `+programmeCols+` FROM joint_programmes p WHERE p.municipality_id = $1 AND p.id = $2`, muni, programmeID))
		if err != nil {
			return err
		}
		var path string
		err = tx.QueryRowContext(ctx, `SELECT s.id, s.family_name || ' ' || s.given_name, COALESCE(u.name, ''), COALESCE(u.path, '') FROM staff s LEFT JOIN org_units u ON u.id = s.unit_id
			WHERE s.municipality_id = $1 AND s.number = $2`, muni, number).Scan(&a.StaffID, &a.Name, &a.Unit, &path)
		if err == sql.ErrNoRows || (err == nil && !sc.Includes(a.StaffID, path)) {
			return apperr.NotFoundf("職員番号 %s の職員が見つかりません。", number)
		}
		if err != nil {
			return err
		}
		if err := CheckApplyDeadline(p.ApplyBy, calendar.Today(now), lateReason); err != nil {
			return err
		}
		if err := CheckQuota(p.Quota, p.Taken); err != nil {
			return err
		}
		a.ProgrammeID, a.Number, a.Status, a.LateReason, a.AppliedAt = programmeID, number, Applied, lateReason, now
		a.ID, err = db.Insert(ctx, tx, `INSERT INTO joint_applications (municipality_id, programme_id, staff_id, status, late_reason, applied_at)
			VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, muni, programmeID, a.StaffID, string(a.Status), lateReason, now)
		if db.IsUnique(err) {
			return apperr.New(apperr.Conflict, "この職員は既に申し込んでいます。")
		}
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, muni, by, "create", "joint_application", fmt.Sprint(a.ID), audit.Change{After: a})
	})
	return a, err
}
