package db_test

import (
	"context"
	"database/sql"
	"testing"

	"hagukumi/db"
	"hagukumi/db/dbtest"
)

// Writes runs a text unprepared the first time, prepares it on the writer
// after the commit, and from then on answers the same through the prepared
// statement. On PostgreSQL it hands the transaction back unchanged.
func TestWritesPreparesOnTheWriter(t *testing.T) {
	dbtest.ForEachBackend(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		const count = `SELECT COUNT(*) FROM schema_migrations WHERE name <> $1`
		const touch = `UPDATE audit_heads SET seq = seq WHERE municipality_id = $1`
		var want int
		if err := d.R.QueryRowContext(ctx, count, "").Scan(&want); err != nil {
			t.Fatal(err)
		}
		for round := range 3 {
			err := d.Tx(ctx, func(tx *sql.Tx) error {
				q := d.Writes(tx)
				if d.Engine == db.Postgres && q != db.Q(tx) {
					t.Errorf("on PostgreSQL Writes should return the transaction itself")
				}
				if _, err := q.ExecContext(ctx, touch, 1); err != nil {
					return err
				}
				var n int
				if err := q.QueryRowContext(ctx, count, "").Scan(&n); err != nil {
					return err
				}
				if n != want {
					t.Errorf("round %d: count %d, want %d", round, n, want)
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			wantStmts := 2
			if d.Engine == db.Postgres {
				wantStmts = 0
			}
			if got := d.WriterStmts(); got != wantStmts {
				t.Fatalf("round %d: %d statements prepared on the writer, want %d", round, got, wantStmts)
			}
		}
	})
}
