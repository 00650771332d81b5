package training

import (
	"context"
	"database/sql"
	"sync"

	"hagukumi/db"
)

// On SQLite most of a short write transaction's CPU goes to compiling its
// SQL: modernc keeps a statement compiled only while a *sql.Stmt holds it.
// stmtCache keeps the statements of the enrolment path prepared on the
// writer connection. A transaction cannot prepare on the writer's pool (its
// one connection is the transaction's), so a statement met unprepared in a
// transaction runs as before and is noted; the next call prepares what was
// noted before it begins its transaction (warm). PostgreSQL needs none of
// this: pgx keeps its own statement cache per connection.
type stmtCache struct {
	mu     sync.Mutex
	stmts  map[string]*sql.Stmt
	wanted map[string]bool
}

// stmtCacheMax bounds the statements kept; the enrolment path has a few.
const stmtCacheMax = 64

// preparedCache is the database's cache on SQLite, nil on PostgreSQL.
func (s *Store) preparedCache() *stmtCache {
	if s.DB.Engine != db.SQLite {
		return nil
	}
	return s.DB.Cache("training.stmts", func() any {
		return &stmtCache{stmts: map[string]*sql.Stmt{}, wanted: map[string]bool{}}
	}).(*stmtCache)
}

// warm prepares the statements noted since the last call. It must run
// outside any transaction of the caller.
func (c *stmtCache) warm(ctx context.Context, w *sql.DB) {
	if c == nil {
		return
	}
	c.mu.Lock()
	if len(c.wanted) == 0 {
		c.mu.Unlock()
		return
	}
	var todo []string
	for q := range c.wanted {
		todo = append(todo, q)
	}
	clear(c.wanted)
	c.mu.Unlock()
	for _, q := range todo {
		st, err := w.PrepareContext(ctx, q)
		if err != nil {
			continue // it runs unprepared, as it did
		}
		c.mu.Lock()
		if c.stmts[q] == nil && len(c.stmts) < stmtCacheMax {
			c.stmts[q], st = st, nil
		}
		c.mu.Unlock()
		if st != nil {
			st.Close()
		}
	}
}

func (c *stmtCache) get(q string) *sql.Stmt {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	st := c.stmts[q]
	if st == nil && len(c.stmts)+len(c.wanted) < stmtCacheMax {
		c.wanted[q] = true
	}
	return st
}

// preparedQ runs a transaction's statements through the cache.
type preparedQ struct {
	tx *sql.Tx
	c  *stmtCache
}

func (p preparedQ) ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error) {
	if st := p.c.get(q); st != nil {
		return p.tx.StmtContext(ctx, st).ExecContext(ctx, args...)
	}
	return p.tx.ExecContext(ctx, q, args...)
}

func (p preparedQ) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	if st := p.c.get(q); st != nil {
		return p.tx.StmtContext(ctx, st).QueryContext(ctx, args...)
	}
	return p.tx.QueryContext(ctx, q, args...)
}

func (p preparedQ) QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row {
	if st := p.c.get(q); st != nil {
		return p.tx.StmtContext(ctx, st).QueryRowContext(ctx, args...)
	}
	return p.tx.QueryRowContext(ctx, q, args...)
}
