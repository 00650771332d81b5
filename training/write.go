package training

import (
	"context"
	"database/sql"

	"hagukumi/audit"
)

// writeTx is one write transaction of the training store.
type writeTx struct {
	*sql.Tx
	muni int64
	// completionsChanged is set by recompute, the only code that writes
	// completions, and by a change of a program's code, under which
	// People() knows completions.
	completionsChanged bool
}

// write runs fn in one transaction of the municipality. When fn succeeds
// and changed a completion, it adds 1 to the completion generation in the
// same transaction, so the eligibility inputs cached by People() see the
// change; no writer bumps by hand. Writes that change no completion (an
// enrolment, a survey form) leave the number alone: bumping on every
// enrolment would rebuild the People cache on every click of the busiest
// hour.
func (s *Store) write(ctx context.Context, muni int64, fn func(w *writeTx) error) error {
	return s.DB.Tx(ctx, func(tx *sql.Tx) error {
		w := &writeTx{Tx: tx, muni: muni}
		if err := fn(w); err != nil {
			return err
		}
		if w.completionsChanged {
			return audit.Bump(ctx, tx, muni, audit.CompletionGen)
		}
		return nil
	})
}
