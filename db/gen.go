package db

import (
	"container/list"
	"context"
	"database/sql"
	"sync"
	"sync/atomic"
)

// Cache returns the value cached under key for this database, making it
// with mk the first time. The values live on the *DB, so every store made
// over the same database shares them and they go with it.
func (d *DB) Cache(key string, mk func() any) any {
	v, ok := d.caches.Load(key)
	if !ok {
		v, _ = d.caches.LoadOrStore(key, mk())
	}
	return v
}

// PerMuni keeps one built value per municipality (a directory, the people
// of the eligibility rules) and rebuilds it when it is no longer fresh. One
// caller builds at a time per municipality; the others wait and share the
// result instead of each reading the same rows.
type PerMuni[T any] struct {
	mu sync.Mutex
	m  map[int64]*perMuniSlot[T]
}

type perMuniSlot[T any] struct {
	build sync.Mutex
	cur   atomic.Pointer[T]
}

// Get returns the municipality's value if fresh says it still is, or builds it.
func (c *PerMuni[T]) Get(muni int64, fresh func(*T) bool, build func() (*T, error)) (*T, error) {
	c.mu.Lock()
	if c.m == nil {
		c.m = map[int64]*perMuniSlot[T]{}
	}
	sl := c.m[muni]
	if sl == nil {
		sl = &perMuniSlot[T]{}
		c.m[muni] = sl
	}
	c.mu.Unlock()
	if v := sl.cur.Load(); v != nil && fresh(v) {
		return v, nil
	}
	sl.build.Lock()
	defer sl.build.Unlock()
	if v := sl.cur.Load(); v != nil && fresh(v) {
		return v, nil
	}
	v, err := build()
	if err != nil {
		return nil, err
	}
	sl.cur.Store(v)
	return v, nil
}

// stmtCacheMax bounds the statements a database keeps prepared. Hot
// queries are fixed texts, a few dozen in all, so the bound is there only
// against a caller that builds texts; the least recently used goes first.
const stmtCacheMax = 256

// stmtCache is a database's prepared statements, most recently used first.
type stmtCache struct {
	mu    sync.Mutex
	order *list.List               // of *cachedStmt
	by    map[string]*list.Element // query → element of order
}

type cachedStmt struct {
	query string
	st    *sql.Stmt
}

// Prepared returns a statement prepared on the read pool for a hot query,
// made once per database and kept until the database is closed (or, past
// stmtCacheMax, until it is the least recently used): SQLite otherwise
// parses the SQL on every call, which was a tenth of a staff list page's
// CPU. database/sql prepares it again on each pooled connection as needed.
func (d *DB) Prepared(ctx context.Context, query string) (*sql.Stmt, error) {
	c := &d.stmts
	c.mu.Lock()
	if e, ok := c.by[query]; ok {
		c.order.MoveToFront(e)
		st := e.Value.(*cachedStmt).st
		c.mu.Unlock()
		return st, nil
	}
	c.mu.Unlock()
	st, err := d.R.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.by == nil {
		c.by, c.order = map[string]*list.Element{}, list.New()
	}
	if e, ok := c.by[query]; ok { // another caller prepared it meanwhile
		st.Close()
		c.order.MoveToFront(e)
		return e.Value.(*cachedStmt).st, nil
	}
	c.by[query] = c.order.PushFront(&cachedStmt{query, st})
	if c.order.Len() > stmtCacheMax {
		// A caller still holding the evicted statement finishes what it
		// runs; database/sql closes it underneath when that is done.
		old := c.order.Remove(c.order.Back()).(*cachedStmt)
		delete(c.by, old.query)
		old.st.Close()
	}
	return st, nil
}

// closeStmts closes every kept statement (on Close).
func (c *stmtCache) closeStmts() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for q, e := range c.by {
		e.Value.(*cachedStmt).st.Close()
		delete(c.by, q)
	}
	if c.order != nil {
		c.order.Init()
	}
}
