package competency

import (
	"context"
	"strings"
	"time"

	"hagukumi/auth"
	"hagukumi/db"
)

// CareerEntry is one submitted note in the list of a fiscal year.
type CareerEntry struct {
	Number      string    `json:"number"`
	Name        string    `json:"name"`
	Unit        string    `json:"unit"`
	SubmittedAt time.Time `json:"submitted_at"`
	Commented   bool      `json:"commented"`
}

// CareerNotes lists a fiscal year's submitted notes of the staff the
// scope sees (the center: all; a 所属長: their unit), by unit and number.
func (s *Store) CareerNotes(ctx context.Context, muni int64, fy int, sc auth.Scope) ([]CareerEntry, error) {
	cond, args := sc.SQL("s.id", "o.path", 3)
	return db.QueryAll(ctx, s.DB.R, func(r db.Scanner) (CareerEntry, error) {
		var e CareerEntry
		var fam, given string
		var commented int
		err := r.Scan(&e.Number, &fam, &given, &e.Unit, &e.SubmittedAt, &commented)
		e.Name = strings.TrimSpace(fam + " " + given)
		e.Commented = commented > 0
		return e, err
	}, `SELECT s.number, s.family_name, s.given_name, COALESCE(o.path, ''), n.submitted_at, CASE WHEN n.commented_at IS NULL THEN 0 ELSE 1 END
		FROM career_notes n JOIN staff s ON s.id = n.staff_id LEFT JOIN org_units o ON o.id = s.unit_id
		WHERE n.municipality_id = $1 AND n.fy = $2 AND `+cond+` ORDER BY o.path, s.number`, append([]any{muni, fy}, args...)...)
}
