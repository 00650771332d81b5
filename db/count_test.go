package db_test

import (
	"context"
	"database/sql"
	"testing"

	"hagukumi/db"
	"hagukumi/db/dbtest"
)

// TestCounterCountsEveryStatement: plain queries on both pools, a prepared
// statement, the statements of a transaction (through db.Writes too) are
// each counted once with a counting context, and nothing is counted
// without one.
func TestCounterCountsEveryStatement(t *testing.T) {
	dbtest.ForEachBackend(t, func(t *testing.T, d *db.DB) {
		ctx, c := db.WithCounter(context.Background())
		var n int
		if err := d.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM schema_migrations`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if _, err := d.W.ExecContext(ctx, `UPDATE audit_heads SET seq = seq WHERE municipality_id = $1`, 0); err != nil {
			t.Fatal(err)
		}
		st, err := d.R.PrepareContext(context.Background(), `SELECT COUNT(*) FROM schema_migrations WHERE name <> $1`)
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		if err := st.QueryRowContext(ctx, "x").Scan(&n); err != nil {
			t.Fatal(err)
		}
		err = d.Tx(ctx, func(tx *sql.Tx) error {
			q := d.Writes(tx)
			for range 2 {
				if _, err := q.ExecContext(ctx, `UPDATE audit_heads SET seq = seq WHERE municipality_id = $1`, 0); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if got := c.N(); got != 5 {
			t.Errorf("counted %d statements, want 5", got)
		}
		if err := d.R.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM schema_migrations`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if got := c.N(); got != 5 {
			t.Errorf("a statement without the counting context was counted: %d", got)
		}
	})
}
