package staff

import (
	"context"
	"database/sql"

	"hagukumi/audit"
)

// writeTx is one write transaction of the staff store.
type writeTx struct {
	*sql.Tx
	// muni is the municipality whose staff generation moves on commit;
	// CreateMunicipality sets it once the new row has its id.
	muni int64
}

// write runs fn in one transaction and, when fn succeeds, adds 1 to the
// municipality's staff generation in that same transaction. Every exported
// write of the store goes through here, so the in-memory directory (see
// directory.go) sees every change to staff, units, ranks and 昇格候補
// without a writer having to remember to say so. A write that changes
// nothing the directory holds (a new center name) moves the number too: a
// needless reload costs one query, a forgotten one shows stale data.
func (s *Store) write(ctx context.Context, muni int64, fn func(w *writeTx) error) error {
	return s.DB.Tx(ctx, func(tx *sql.Tx) error {
		w := &writeTx{Tx: tx, muni: muni}
		if err := fn(w); err != nil {
			return err
		}
		return audit.Bump(ctx, tx, w.muni, audit.StaffGen)
	})
}
