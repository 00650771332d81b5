package audit_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"testing"
	"time"

	"hagukumi/audit"
	"hagukumi/db"
	"hagukumi/db/dbtest"
)

// newMuni adds a municipality row for the chain's foreign key.
func newMuni(t *testing.T, d *db.DB, code string) int64 {
	t.Helper()
	id, err := db.Insert(context.Background(), d.W, `INSERT INTO municipalities (code, name, center_name, created_at) VALUES ($1, $2, $3, $4) RETURNING id`,
		code, "市"+code, "人財育成センター", time.Now().UTC())
	if err != nil {
		t.Fatal(err)
	}
	return id
}

var t0 = time.Date(2025, 4, 1, 9, 0, 0, 123456789, time.UTC)

// write records n entries for a municipality, one transaction each.
func write(t *testing.T, d *db.DB, muni int64, n int) {
	t.Helper()
	ctx := context.Background()
	for i := 0; i < n; i++ {
		err := d.Tx(ctx, func(tx *sql.Tx) error {
			return audit.Record(ctx, tx, t0.Add(time.Duration(i)*time.Minute), muni, audit.Actor{UserID: 0, Login: "tester"},
				"update", "staff", fmt.Sprintf("S%03d", i), audit.Change{Before: map[string]any{"i": i}, After: map[string]any{"i": i + 1}})
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

func verify(t *testing.T, d *db.DB) (int, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return audit.Verify(ctx, d.R)
}

func expectBroken(t *testing.T, err error, muni, seq int64) *audit.BrokenError {
	t.Helper()
	var be *audit.BrokenError
	if !errors.As(err, &be) {
		t.Fatalf("Verify: %v, want a *BrokenError", err)
	}
	if be.Municipality != muni || be.Seq != seq {
		t.Fatalf("Verify names municipality %d entry #%d (%s), want %d #%d", be.Municipality, be.Seq, be.Reason, muni, seq)
	}
	if be.Error() == "" || be.Reason == "" {
		t.Fatal("BrokenError without a message")
	}
	return be
}

// TestAudit runs every check on one database per engine (migrating a
// PostgreSQL schema is the slow part); each check uses municipalities of its
// own and wipes the chains it broke, since Verify walks all of them.
func TestAudit(t *testing.T) {
	t.Parallel()
	dbtest.ForEachBackend(t, func(t *testing.T, d *db.DB) {
		t.Parallel()
		code := 0
		muni := func() int64 {
			code++
			return newMuni(t, d, fmt.Sprintf("%06d", code))
		}
		wipe := func(ids ...int64) {
			for _, id := range ids {
				d.W.Exec(`DELETE FROM audit_log WHERE municipality_id = $1`, id)
				d.W.Exec(`DELETE FROM audit_heads WHERE municipality_id = $1`, id)
			}
			if _, err := verify(t, d); err != nil {
				t.Fatalf("after wiping: %v", err)
			}
		}
		total := func() int {
			var n int
			d.R.QueryRow(`SELECT COUNT(*) FROM audit_log`).Scan(&n)
			return n
		}

		t.Run("empty log verifies", func(t *testing.T) {
			if n, err := verify(t, d); err != nil || n != 0 {
				t.Fatalf("empty log: %d, %v", n, err)
			}
		})

		t.Run("chain verifies after several writes", func(t *testing.T) {
			a, b := muni(), muni()
			write(t, d, a, 5)
			write(t, d, b, 3)
			write(t, d, a, 2)
			n, err := verify(t, d)
			if err != nil || n != total() || n < 10 {
				t.Fatalf("Verify: %d entries, %v; want %d, nil", n, err, total())
			}
			// Each municipality has its own chain: seq from 1, the first
			// entry on the genesis hash, each linked to the one before.
			ctx := context.Background()
			for muni, want := range map[int64]int{a: 7, b: 3} {
				items, total, err := audit.List(ctx, d.R, muni, audit.Filter{Limit: 100})
				if err != nil {
					t.Fatal(err)
				}
				if total != want || len(items) != want {
					t.Fatalf("municipality %d: %d entries, want %d", muni, total, want)
				}
				for i, e := range items {
					if e.Seq != int64(want-i) || e.Municipality != muni {
						t.Fatalf("entry %d of %d at position %d", e.Seq, e.Municipality, i)
					}
					if i+1 < len(items) && e.PrevHash != items[i+1].Hash {
						t.Fatalf("entry %d does not link to %d", e.Seq, items[i+1].Seq)
					}
				}
				first := items[len(items)-1]
				if first.Seq != 1 || first.PrevHash != "0000000000000000000000000000000000000000000000000000000000000000" {
					t.Fatalf("first entry %+v", first)
				}
				if !first.At.Equal(t0.Truncate(time.Microsecond)) {
					t.Fatalf("time read back as %v, want %v", first.At, t0.Truncate(time.Microsecond))
				}
				if first.Actor != "tester" || first.Detail != `{"before":{"i":0},"after":{"i":1}}` {
					t.Fatalf("first entry read back as %+v", first)
				}
			}
		})

		for _, c := range []struct {
			name   string
			tamper string // $1 is the municipality
			seq    int64
		}{
			{"detail altered", `UPDATE audit_log SET detail = '{"after":{"i":999}}' WHERE municipality_id = $1 AND seq = 3`, 3},
			{"actor altered", `UPDATE audit_log SET actor = 'someone else' WHERE municipality_id = $1 AND seq = 2`, 2},
			{"time altered", `UPDATE audit_log SET at = '2020-01-01T00:00:00.000000Z' WHERE municipality_id = $1 AND seq = 4`, 4},
			{"hash replaced", `UPDATE audit_log SET hash = 'ff' WHERE municipality_id = $1 AND seq = 5`, 5},
			{"middle row deleted", `DELETE FROM audit_log WHERE municipality_id = $1 AND seq = 3`, 3},
			{"first row deleted", `DELETE FROM audit_log WHERE municipality_id = $1 AND seq = 1`, 1},
			{"last row deleted", `DELETE FROM audit_log WHERE municipality_id = $1 AND seq = 6`, 6},
			{"last two rows deleted", `DELETE FROM audit_log WHERE municipality_id = $1 AND seq >= 5`, 6},
		} {
			t.Run(c.name, func(t *testing.T) {
				a, b := muni(), muni()
				write(t, d, a, 4)
				write(t, d, b, 6)
				write(t, d, a, 2)
				if _, err := verify(t, d); err != nil {
					t.Fatal(err)
				}
				if _, err := d.W.Exec(c.tamper, b); err != nil {
					t.Fatal(err)
				}
				_, err := verify(t, d)
				expectBroken(t, err, b, c.seq)
				wipe(a, b)
			})
		}

		t.Run("chains are separate", func(t *testing.T) {
			a, b := muni(), muni()
			write(t, d, a, 3)
			write(t, d, b, 3)
			if _, err := d.W.Exec(`UPDATE audit_log SET entity_id = 'X' WHERE municipality_id = $1 AND seq = 2`, a); err != nil {
				t.Fatal(err)
			}
			_, err := verify(t, d)
			expectBroken(t, err, a, 2)
			wipe(a)
			// A row moved from B's chain into A's breaks both.
			a = muni()
			write(t, d, a, 3)
			if _, err := d.W.Exec(`UPDATE audit_log SET municipality_id = $1, seq = 4 WHERE municipality_id = $2 AND seq = 3`, a, b); err != nil {
				t.Fatal(err)
			}
			_, err = verify(t, d)
			var be *audit.BrokenError
			if !errors.As(err, &be) || (be.Municipality != a && be.Municipality != b) {
				t.Fatalf("Verify after moving a row: %v", err)
			}
			wipe(a, b)
		})

		t.Run("entry rolls back with its write", func(t *testing.T) {
			a := muni()
			write(t, d, a, 2)
			ctx := context.Background()
			boom := errors.New("boom")
			err := d.Tx(ctx, func(tx *sql.Tx) error {
				if err := audit.Record(ctx, tx, t0, a, audit.System, "create", "x", "1", "detail"); err != nil {
					return err
				}
				return boom
			})
			if !errors.Is(err, boom) {
				t.Fatalf("Tx: %v", err)
			}
			write(t, d, a, 1)
			if _, err := verify(t, d); err != nil {
				t.Fatal(err)
			}
			if _, n, _ := audit.List(ctx, d.R, a, audit.Filter{}); n != 3 {
				t.Fatalf("%d entries, want 3", n)
			}
		})

		t.Run("bulk chain moves the head once", func(t *testing.T) {
			a := muni()
			ctx := context.Background()
			err := d.Tx(ctx, func(tx *sql.Tx) error {
				c, err := audit.Begin(ctx, tx, a)
				if err != nil {
					return err
				}
				for i := 0; i < 50; i++ {
					if err := c.Add(ctx, t0, audit.System, "import_add", "staff", fmt.Sprint(i), nil); err != nil {
						return err
					}
				}
				return c.Close(ctx)
			})
			if err != nil {
				t.Fatal(err)
			}
			write(t, d, a, 1)
			if _, err := verify(t, d); err != nil {
				t.Fatal(err)
			}
			var seq int64
			d.R.QueryRow(`SELECT seq FROM audit_heads WHERE municipality_id = $1`, a).Scan(&seq)
			if seq != 51 {
				t.Fatalf("head at %d, want 51", seq)
			}
		})

		t.Run("list filters", func(t *testing.T) {
			a := muni()
			ctx := context.Background()
			rec := func(at time.Time, actor, action, entity, id, detail string) {
				err := d.Tx(ctx, func(tx *sql.Tx) error {
					return audit.Record(ctx, tx, at, a, audit.Actor{Login: actor}, action, entity, id, detail)
				})
				if err != nil {
					t.Fatal(err)
				}
			}
			rec(time.Date(2025, 4, 1, 1, 0, 0, 0, time.UTC), "alice", "create", "user", "bob", "役割 所属長")
			rec(time.Date(2025, 4, 2, 1, 0, 0, 0, time.UTC), "alice", "update", "staff", "A1001", "100% 確認")
			rec(time.Date(2025, 4, 3, 1, 0, 0, 0, time.UTC), "carol", "login", "user", "carol", "")
			for name, c := range map[string]struct {
				f    audit.Filter
				want int
			}{
				"all":         {audit.Filter{}, 3},
				"actor":       {audit.Filter{Actor: "alice"}, 2},
				"action":      {audit.Filter{Action: "login"}, 1},
				"entity":      {audit.Filter{Entity: "user"}, 2},
				"text id":     {audit.Filter{Text: "A1001"}, 1},
				"text detail": {audit.Filter{Text: "所属長"}, 1},
				"wildcard":    {audit.Filter{Text: "%"}, 3},
				"from":        {audit.Filter{From: "2025-04-02"}, 2},
				"to":          {audit.Filter{To: "2025-04-02"}, 2},
				"day":         {audit.Filter{From: "2025-04-02", To: "2025-04-02"}, 1},
				"no match":    {audit.Filter{Actor: "nobody"}, 0},
			} {
				items, total, err := audit.List(ctx, d.R, a, c.f)
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				if total != c.want || len(items) != c.want {
					t.Errorf("%s: %d (%d items), want %d", name, total, len(items), c.want)
				}
			}
			items, n, err := audit.List(ctx, d.R, a, audit.Filter{Limit: 1, Offset: 1})
			if err != nil || n != 3 || len(items) != 1 || items[0].Seq != 2 {
				t.Fatalf("second page of one: %v %d %v", items, n, err)
			}
		})
	})
}

// TestVerifyInsideTransaction: Verify takes any db.Q, so it must work on a
// transaction too.
func TestVerifyInsideTransaction(t *testing.T) {
	t.Parallel()
	dbtest.ForEachBackend(t, func(t *testing.T, d *db.DB) {
		a := newMuni(t, d, "000001")
		write(t, d, a, 3)
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		var n int
		err := d.Tx(ctx, func(tx *sql.Tx) error {
			var err error
			n, err = audit.Verify(ctx, tx)
			return err
		})
		if err != nil || n != 3 {
			t.Fatalf("Verify in a transaction: %d, %v", n, err)
		}
	})
}

// Within a request marked by WithGenMemo the generation numbers are read
// once (or taken from the session's query) and then reused; outside one,
// every call reads the database.
func TestGenMemo(t *testing.T) {
	dbtest.ForEachBackend(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		var muni int64
		if err := d.W.QueryRowContext(ctx, `INSERT INTO municipalities (code, name, created_at) VALUES ('g', 'テスト市', $1) RETURNING id`, time.Now()).Scan(&muni); err != nil {
			t.Fatal(err)
		}
		bump := func() {
			if err := d.Tx(ctx, func(tx *sql.Tx) error { return audit.Bump(ctx, tx, muni, audit.StaffGen) }); err != nil {
				t.Fatal(err)
			}
		}
		bump()
		req := audit.WithGenMemo(ctx)
		if g, _ := audit.ReadGens(req, d, muni); g.Staff != 1 {
			t.Fatalf("first read %+v", g)
		}
		bump()
		if g, _ := audit.ReadGens(req, d, muni); g.Staff != 1 {
			t.Fatalf("the memo was not used: %+v", g)
		}
		if g, _ := audit.ReadGens(ctx, d, muni); g.Staff != 2 {
			t.Fatalf("without a memo: %+v", g)
		}
		noted := audit.WithGenMemo(ctx)
		audit.NoteGens(noted, muni, audit.Gens{Staff: 7, Completion: 3})
		if g, _ := audit.ReadGens(noted, d, muni); g != (audit.Gens{Staff: 7, Completion: 3}) {
			t.Fatalf("noted numbers not used: %+v", g)
		}
		audit.NoteGens(ctx, muni, audit.Gens{Staff: 9}) // no memo: nothing happens
		if g, _ := audit.ReadGens(ctx, d, muni); g.Staff != 2 || g.Completion != 0 {
			t.Fatalf("after a note without memo: %+v", g)
		}
	})
}

// TestChainBatches: a chain holds its entries until a batch is full, Flush
// or Close, and what it writes in several multi-row statements is the same
// chain as one entry per transaction: it verifies, with one entry per seq
// and a user id only where there was one.
func TestChainBatches(t *testing.T) {
	t.Parallel()
	dbtest.ForEachBackend(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		a := newMuni(t, d, "000001")
		write(t, d, a, 2)
		count := func(q db.Q) int {
			var n int
			if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_log WHERE municipality_id = $1`, a).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		const n = 123 // more than two batches, and a partial one
		err := d.Tx(ctx, func(tx *sql.Tx) error {
			c, err := audit.Begin(ctx, tx, a)
			if err != nil {
				return err
			}
			if err := c.Add(ctx, t0, audit.Actor{UserID: 7, Login: "u7"}, "first", "x", "1", nil); err != nil {
				return err
			}
			if got := count(tx); got != 2 {
				t.Errorf("after one Add: %d entries written, want 2 (held)", got)
			}
			if err := c.Flush(ctx); err != nil {
				return err
			}
			if got := count(tx); got != 3 {
				t.Errorf("after Flush: %d entries written, want 3", got)
			}
			for i := 1; i < n; i++ {
				if err := c.Add(ctx, t0.Add(time.Duration(i)*time.Second), audit.System, "bulk", "x", fmt.Sprint(i), map[string]int{"i": i}); err != nil {
					return err
				}
			}
			return c.Close(ctx)
		})
		if err != nil {
			t.Fatal(err)
		}
		write(t, d, a, 1)
		if got := count(d.R); got != 2+n+1 {
			t.Fatalf("%d entries, want %d", got, 2+n+1)
		}
		if got, err := verify(t, d); err != nil || got < 2+n+1 {
			t.Fatalf("Verify: %d, %v", got, err)
		}
		var uid int64
		if err := d.R.QueryRow(`SELECT COALESCE(actor_user_id, 0) FROM audit_log WHERE municipality_id = $1 AND seq = 3`, a).Scan(&uid); err != nil || uid != 7 {
			t.Fatalf("entry 3: actor_user_id %d, %v; want 7", uid, err)
		}
		var nulls int
		d.R.QueryRow(`SELECT COUNT(*) FROM audit_log WHERE municipality_id = $1 AND actor_user_id IS NULL`, a).Scan(&nulls)
		if nulls != 2+n-1+1 {
			t.Fatalf("%d entries without a user id, want %d", nulls, 2+n)
		}
	})
}
