package secondment

import (
	"context"
	"database/sql"
	"time"

	"hagukumi/apperr"
	"hagukumi/auth"
)

// Eligibility reads a staff member's dates from the registry and checks
// them against a programme's rule on asOf (the day the call closes). The
// commitment to stay is not in the registry: committed says whether the
// person gave it.
func (s *Store) Eligibility(ctx context.Context, muni int64, sc auth.Scope, number string, r Rule, asOf time.Time, committed bool) ([]string, error) {
	var staffID int64
	var hire, birth, path string
	err := s.DB.R.QueryRowContext(ctx, `SELECT s.id, s.hire_date, s.birth_date, COALESCE(u.path, '') FROM staff s LEFT JOIN org_units u ON u.id = s.unit_id
		WHERE s.municipality_id = $1 AND s.number = $2`, muni, number).Scan(&staffID, &hire, &birth, &path)
	if err == sql.ErrNoRows || (err == nil && !sc.Includes(staffID, path)) {
		return nil, apperr.NotFoundf("職員番号 %s の職員が見つかりません。", number)
	}
	if err != nil {
		return nil, err
	}
	p := Person{Committed: committed}
	p.HireDate, _ = time.Parse(day, hire)
	p.BirthDate, _ = time.Parse(day, birth)
	reasons := r.Reasons(p, asOf)
	if reasons == nil {
		reasons = []string{}
	}
	return reasons, nil
}
