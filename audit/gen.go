package audit

import (
	"context"
	"database/sql"
	"errors"

	"hagukumi/db"
)

// Generation numbers let a process keep a municipality's staff directory or
// eligibility inputs in memory and still see every committed change, also
// one made by another app instance: the writer adds 1 in the same
// transaction as the change, and a reader reloads when the number it reads
// differs from the one its copy was built at. A reader reads the number
// before the data, so a copy is never labelled newer than it is.
//
// The numbers sit on the chain head row: every change is audited in its
// transaction, so that row is locked by the writer anyway.

// Gen names one generation counter.
type Gen string

const (
	StaffGen      Gen = "staff_gen"      // staff, their rank/unit history, 昇格候補, units, ranks
	CompletionGen Gen = "completion_gen" // completions
)

// Bump adds 1 to a municipality's counter inside the caller's transaction.
func Bump(ctx context.Context, q db.Q, muni int64, g Gen) error {
	_, err := q.ExecContext(ctx, `INSERT INTO audit_heads (municipality_id, seq, last_hash, `+string(g)+`) VALUES ($1, 0, $2, 1)
		ON CONFLICT (municipality_id) DO UPDATE SET `+string(g)+` = audit_heads.`+string(g)+` + 1`, muni, genesis)
	return err
}

// Gens are a municipality's counters, read together.
type Gens struct{ Staff, Completion int64 }

// ReadGens reads both counters in one query (zero before the first change).
func ReadGens(ctx context.Context, q db.Q, muni int64) (Gens, error) {
	var g Gens
	err := q.QueryRowContext(ctx, `SELECT staff_gen, completion_gen FROM audit_heads WHERE municipality_id = $1`, muni).Scan(&g.Staff, &g.Completion)
	if errors.Is(err, sql.ErrNoRows) {
		return Gens{}, nil
	}
	return g, err
}
