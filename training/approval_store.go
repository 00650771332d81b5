package training

import (
	"context"

	"hagukumi/apperr"
	"hagukumi/db"
	"hagukumi/staff"
)

// approvers reads a municipality's enabled 所属長 accounts with the unit
// each heads, and the center's name for a decider label.
func approvers(ctx context.Context, q db.Q, muni int64) ([]Approver, string, error) {
	list, err := db.QueryAll(ctx, q, func(row db.Scanner) (Approver, error) {
		var a Approver
		err := row.Scan(&a.UserID, &a.StaffID, &a.Name, &a.UnitPath)
		return a, err
	}, `SELECT u.id, COALESCE(u.staff_id, 0), u.display_name, o.path FROM users u JOIN org_units o ON o.id = u.unit_id
		WHERE u.municipality_id = $1 AND u.role = 'supervisor' AND u.disabled = FALSE ORDER BY u.id`, muni)
	if err != nil {
		return nil, "", err
	}
	var center string
	if err := q.QueryRowContext(ctx, `SELECT center_name FROM municipalities WHERE id = $1`, muni).Scan(&center); err != nil {
		return nil, "", err
	}
	return list, center, nil
}

// fillDeciders names who decides each application in list (DecidedBy)
// and returns the deciders by enrolment id.
func fillDeciders(ctx context.Context, q db.Q, muni int64, list []*Enrolment) (map[int64]Decider, error) {
	out := map[int64]Decider{}
	var apps []*Enrolment
	for _, e := range list {
		if e.Status == EnrolApplied {
			apps = append(apps, e)
		}
	}
	if len(apps) == 0 {
		return out, nil
	}
	as, center, err := approvers(ctx, q, muni)
	if err != nil {
		return nil, err
	}
	for _, e := range apps {
		d := DeciderFor(e.StaffID, e.Unit, as)
		e.DecidedBy = d.Label(center)
		out[e.ID] = d
	}
	return out, nil
}

// MayDecide tells whether the viewer (account userID) decides the
// application: the center decides any, a 所属長 those DeciderFor gives them.
func MayDecide(v Viewer, userID int64, d Decider) bool {
	return v.Center() || d.Includes(userID)
}

// PendingApprovals lists the applications the viewer (account userID)
// decides: for the center every open application, with who decides it;
// for a 所属長 those that DeciderFor gives to them.
func (s *Store) PendingApprovals(ctx context.Context, muni int64, v Viewer, userID int64) ([]*Enrolment, error) {
	sc := staff.Scope{}
	if !v.Center() {
		// A decider heads a unit on the applicant's path, so the 所属長's
		// own scope already holds every application they can decide.
		sc = v.Unit
	}
	args := []any{muni}
	list, err := s.queryEnrolments(ctx, s.DB.R, `e.municipality_id = $1 AND e.status = 'applied'`+scopeWhere(sc, &args)+` ORDER BY e.created_at, e.id`, args...)
	if err != nil {
		return nil, err
	}
	deciders, err := fillDeciders(ctx, s.DB.R, muni, list)
	if err != nil {
		return nil, err
	}
	out := list[:0]
	for _, e := range list {
		if MayDecide(v, userID, deciders[e.ID]) {
			out = append(out, e)
		}
	}
	return out, nil
}

// DeciderOf tells who decides an application of the staff member.
func (s *Store) DeciderOf(ctx context.Context, muni, staffID int64) (Decider, string, error) {
	var unit string
	if err := s.DB.R.QueryRowContext(ctx, `SELECT COALESCE(o.path, '') FROM staff s LEFT JOIN org_units o ON o.id = s.unit_id
		WHERE s.municipality_id = $1 AND s.id = $2`, muni, staffID).Scan(&unit); err != nil {
		return Decider{}, "", err
	}
	as, center, err := approvers(ctx, s.DB.R, muni)
	if err != nil {
		return Decider{}, "", err
	}
	return DeciderFor(staffID, unit, as), center, nil
}

// checkDecider refuses a decision by someone who does not decide the
// application e; it names who does.
func (s *Store) checkDecider(ctx context.Context, muni int64, v Viewer, userID int64, e *Enrolment) error {
	if v.Center() {
		return nil
	}
	d, center, err := s.DeciderOf(ctx, muni, e.StaffID)
	if err != nil {
		return err
	}
	if MayDecide(v, userID, d) {
		return nil
	}
	return apperr.New(apperr.Forbidden, "この申込は%sが決定します。", d.Label(center))
}
