package joint

import (
	"context"
	"database/sql"
	"fmt"

	"hagukumi/apperr"
	"hagukumi/audit"
	"hagukumi/auth"
	"hagukumi/calendar"
)

// Applications lists a programme's applications the viewer's scope sees,
// in the order they were made.
func (s *Store) Applications(ctx context.Context, muni int64, sc auth.Scope, programmeID int64) ([]Application, error) {
	args := []any{muni, programmeID}
	cond := sc.And("a.staff_id", "u.path", &args)
	rows, err := s.DB.R.QueryContext(ctx, `SELECT a.id, a.programme_id, a.staff_id, s.number, s.family_name || ' ' || s.given_name, COALESCE(u.name, ''), a.status, a.late_reason, a.applied_at
		FROM joint_applications a JOIN staff s ON s.id = a.staff_id LEFT JOIN org_units u ON u.id = s.unit_id
		WHERE a.municipality_id = $1 AND a.programme_id = $2`+cond+` ORDER BY a.applied_at, a.id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Application{}
	for rows.Next() {
		var a Application
		var st string
		if err := rows.Scan(&a.ID, &a.ProgrammeID, &a.StaffID, &a.Number, &a.Name, &a.Unit, &st, &a.LateReason, &a.AppliedAt); err != nil {
			return nil, err
		}
		a.Status = Status(st)
		out = append(out, a)
	}
	return out, rows.Err()
}

// SetStatus moves an application to a new state. 変更 and 取消 are refused
// after the change deadline; 修了 enters the programme in the person's
// history as an external training, in the same transaction, so the
// history and the application never disagree.
func (s *Store) SetStatus(ctx context.Context, by audit.Actor, muni, applicationID int64, st Status) error {
	if _, ok := StatusLabels[st]; !ok {
		return apperr.Invalidf("状態の指定が正しくありません。")
	}
	return s.write(ctx, func(tx *sql.Tx) error {
		now := s.now()
		var staffID, programmeID int64
		var old string
		err := tx.QueryRowContext(ctx, `SELECT staff_id, programme_id, status FROM joint_applications WHERE municipality_id = $1 AND id = $2`, muni, applicationID).Scan(&staffID, &programmeID, &old)
		if err == sql.ErrNoRows {
			return apperr.NotFoundf("申込が見つかりません。")
		}
		if err != nil {
			return err
		}
		p, err := scanProgramme(tx.QueryRowContext(ctx, `SELECT `+programmeCols+` FROM joint_programmes p WHERE p.municipality_id = $1 AND p.id = $2`, muni, programmeID))
		if err != nil {
			return err
		}
		if (st == Changed || st == Cancelled) && !CanChange(p.StartsOn, now) {
			return apperr.Invalidf("変更・取消の締切（%s 17時）を過ぎています。", calendar.FormatWareki(ChangeDeadline(p.StartsOn)))
		}
		if !HoldsPlace(Status(old)) && HoldsPlace(st) {
			if err := CheckQuota(p.Quota, p.Taken); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE joint_applications SET status = $1 WHERE municipality_id = $2 AND id = $3`, string(st), muni, applicationID); err != nil {
			return err
		}
		if st == Completed && Status(old) != Completed {
			_, err := tx.ExecContext(ctx, `INSERT INTO external_trainings (municipality_id, staff_id, title, organiser, start_on, end_on, hours, fy, notes, created_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`, muni, staffID, p.Name, p.Host, p.StartsOn.Format(day), p.EndsOn.Format(day), p.Hours, p.FY, "共同研修", now)
			if err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, now, muni, by, "update", "joint_application", fmt.Sprint(applicationID), audit.Change{Before: old, After: st})
	})
}

// Figures are a fiscal year's joint-training counts for the annual report.
type Figures struct {
	FY         int `json:"fy"`
	Programmes int `json:"programmes"`
	Applicants int `json:"applicants"`
	Accepted   int `json:"accepted"` // 受講決定 and later states that attended or may attend
	Completed  int `json:"completed"`
}

// YearFigures counts the municipality's joint training of a fiscal year.
func (s *Store) YearFigures(ctx context.Context, muni int64, fy int) (Figures, error) {
	f := Figures{FY: fy}
	err := s.DB.R.QueryRowContext(ctx, `SELECT
		(SELECT COUNT(*) FROM joint_programmes WHERE municipality_id = $1 AND fy = $2),
		COUNT(a.id),
		COALESCE(SUM(CASE WHEN a.status IN ('accepted', 'changed', 'completed', 'absent') THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN a.status = 'completed' THEN 1 ELSE 0 END), 0)
		FROM joint_applications a JOIN joint_programmes p ON p.id = a.programme_id
		WHERE a.municipality_id = $1 AND p.fy = $2`, muni, fy).Scan(&f.Programmes, &f.Applicants, &f.Accepted, &f.Completed)
	return f, err
}
