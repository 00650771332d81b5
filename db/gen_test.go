package db

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
)

// TestPreparedIsBounded: one statement per query text, reused, at most
// stmtCacheMax kept, all closed with the database.
func TestPreparedIsBounded(t *testing.T) {
	ctx := context.Background()
	d, err := Open(ctx, filepath.Join(t.TempDir(), "p.db"))
	if err != nil {
		t.Fatal(err)
	}
	a, err := d.Prepared(ctx, `SELECT 1`)
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := d.Prepared(ctx, `SELECT 1`); b != a {
		t.Fatal("the same query was prepared twice")
	}
	for i := range stmtCacheMax + 10 {
		if _, err := d.Prepared(ctx, fmt.Sprintf(`SELECT %d`, i+2)); err != nil {
			t.Fatal(err)
		}
	}
	if n := d.stmts.order.Len(); n != stmtCacheMax || len(d.stmts.by) != stmtCacheMax {
		t.Fatalf("%d statements kept, want %d", n, stmtCacheMax)
	}
	var one int
	if err := a.QueryRowContext(ctx).Scan(&one); err == nil {
		t.Fatal("the least recently used statement was not closed when evicted")
	}
	last, _ := d.Prepared(ctx, fmt.Sprintf(`SELECT %d`, stmtCacheMax+11))
	d.Close()
	if len(d.stmts.by) != 0 {
		t.Fatal("statements left after Close")
	}
	if err := last.QueryRowContext(ctx).Scan(&one); err == nil {
		t.Fatal("a statement still runs after Close")
	}
}
