package audit

import (
	"context"
	"database/sql"
	"errors"
	"sync"

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
// Within a request marked by WithGenMemo it reads them once per municipality.
func ReadGens(ctx context.Context, d *db.DB, muni int64) (Gens, error) {
	memo, _ := ctx.Value(genMemoKey{}).(*genMemo)
	if memo != nil {
		memo.mu.Lock()
		defer memo.mu.Unlock()
		if g, ok := memo.gens[muni]; ok {
			return g, nil
		}
	}
	var g Gens
	st, err := d.Prepared(ctx, `SELECT staff_gen, completion_gen FROM audit_heads WHERE municipality_id = $1`)
	if err == nil {
		err = st.QueryRowContext(ctx, muni).Scan(&g.Staff, &g.Completion)
	}
	if errors.Is(err, sql.ErrNoRows) {
		g, err = Gens{}, nil
	}
	if err != nil {
		return g, err
	}
	if memo != nil {
		if memo.gens == nil {
			memo.gens = map[int64]Gens{}
		}
		memo.gens[muni] = g
	}
	return g, nil
}

// NoteGens gives a request marked by WithGenMemo the numbers of a
// municipality read by a query of its own (the session's), so ReadGens
// need not ask again. Outside such a request it does nothing.
func NoteGens(ctx context.Context, muni int64, g Gens) {
	memo, _ := ctx.Value(genMemoKey{}).(*genMemo)
	if memo == nil {
		return
	}
	memo.mu.Lock()
	defer memo.mu.Unlock()
	if memo.gens == nil {
		memo.gens = map[int64]Gens{}
	}
	if _, ok := memo.gens[muni]; !ok {
		memo.gens[muni] = g
	}
}

type genMemoKey struct{}

type genMemo struct {
	mu   sync.Mutex
	gens map[int64]Gens
}

// WithGenMemo marks a read-only request: its page may ask for the staff
// directory, the units and the ranks, and the generation numbers are then
// read once for all of them. Never use it where the request writes: a read
// after the write must see it.
func WithGenMemo(ctx context.Context) context.Context {
	return context.WithValue(ctx, genMemoKey{}, &genMemo{})
}
