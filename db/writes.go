package db

import (
	"context"
	"database/sql"
	"sync"
)

// On SQLite most of a short write transaction's CPU goes to compiling its
// SQL: modernc keeps a statement compiled only while a *sql.Stmt holds it,
// and Prepared's statements live on the read pool. Writes gives a hot write
// transaction statements prepared once on the writer's connection instead.
//
// A statement cannot be prepared on the writer while a transaction holds
// its one connection, so the first time a text is met it runs unprepared
// and Tx prepares it right after that transaction commits. From then on
// every transaction uses the prepared statement through tx.StmtContext.
// PostgreSQL needs none of this: pgx keeps its own statement cache on each
// connection, so there Writes returns the transaction unchanged.

// writerStmtMax bounds the statements kept prepared on the writer. The hot
// texts are a few dozen; texts built from a varying number of values stop
// being added once the bound is reached (and then run unprepared), so no
// statement is ever closed under a running transaction.
const writerStmtMax = 256

// writerStmts is a database's statements prepared on the writer, and the
// texts met unprepared since the last commit.
type writerStmts struct {
	mu     sync.Mutex
	stmts  map[string]*sql.Stmt
	wanted map[string]bool
}

// Writes returns q, a write transaction, with its statements run through
// statements prepared on the writer (SQLite). Any other q, and every q on
// PostgreSQL, is returned as it is.
func (d *DB) Writes(q Q) Q {
	tx, ok := q.(*sql.Tx)
	if !ok || d.Engine != SQLite {
		return q
	}
	return writesQ{tx: tx, c: &d.wstmts}
}

// writesQ is a transaction whose statements go through writerStmts.
type writesQ struct {
	tx *sql.Tx
	c  *writerStmts
}

// stmt returns the transaction's copy of the prepared statement for query,
// or nil after noting the text for preparing after the commit.
func (w writesQ) stmt(ctx context.Context, query string) *sql.Stmt {
	c := w.c
	c.mu.Lock()
	st := c.stmts[query]
	if st == nil && len(c.stmts)+len(c.wanted) < writerStmtMax {
		if c.wanted == nil {
			c.wanted = map[string]bool{}
		}
		c.wanted[query] = true
	}
	c.mu.Unlock()
	if st == nil {
		return nil
	}
	return w.tx.StmtContext(ctx, st)
}

func (w writesQ) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if st := w.stmt(ctx, query); st != nil {
		return st.ExecContext(ctx, args...)
	}
	return w.tx.ExecContext(ctx, query, args...)
}

func (w writesQ) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if st := w.stmt(ctx, query); st != nil {
		return st.QueryContext(ctx, args...)
	}
	return w.tx.QueryContext(ctx, query, args...)
}

func (w writesQ) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	if st := w.stmt(ctx, query); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return w.tx.QueryRowContext(ctx, query, args...)
}

// prepareWanted prepares on the writer the texts met unprepared. Tx calls
// it after a commit, when the writer's connection is free again; a text
// that fails to prepare is simply run unprepared next time too.
func (d *DB) prepareWanted(ctx context.Context) {
	c := &d.wstmts
	c.mu.Lock()
	var todo []string
	for q := range c.wanted {
		todo = append(todo, q)
	}
	clear(c.wanted)
	c.mu.Unlock()
	for _, q := range todo {
		st, err := d.W.PrepareContext(ctx, q)
		if err != nil {
			continue
		}
		c.mu.Lock()
		if c.stmts == nil {
			c.stmts = map[string]*sql.Stmt{}
		}
		if c.stmts[q] == nil && len(c.stmts) < writerStmtMax {
			c.stmts[q], st = st, nil
		}
		c.mu.Unlock()
		if st != nil {
			st.Close()
		}
	}
}

// close closes every statement kept (on Close).
func (c *writerStmts) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for q, st := range c.stmts {
		st.Close()
		delete(c.stmts, q)
	}
}
