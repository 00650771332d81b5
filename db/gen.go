package db

import (
	"context"
	"database/sql"
	"sync"
	"sync/atomic"
)

// caches holds each open database's in-memory caches, so every store made
// over the same *DB shares them and they go when the database is closed.
var caches sync.Map // *DB → *sync.Map

// Cache returns the value cached under key for this database, making it
// with mk the first time.
func (d *DB) Cache(key string, mk func() any) any {
	m, _ := caches.LoadOrStore(d, &sync.Map{})
	v, ok := m.(*sync.Map).Load(key)
	if !ok {
		v, _ = m.(*sync.Map).LoadOrStore(key, mk())
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

// Stmt returns a prepared statement on the read pool for a hot query, made
// once per database: SQLite otherwise parses the SQL on every call, which
// was a tenth of a staff list page's CPU. database/sql prepares it again on
// each pooled connection as needed.
func (d *DB) Stmt(ctx context.Context, query string) (*sql.Stmt, error) {
	m, _ := caches.LoadOrStore(d, &sync.Map{})
	key := "stmt:" + query
	if v, ok := m.(*sync.Map).Load(key); ok {
		return v.(*sql.Stmt), nil
	}
	st, err := d.R.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	if v, loaded := m.(*sync.Map).LoadOrStore(key, st); loaded {
		st.Close()
		return v.(*sql.Stmt), nil
	}
	return st, nil
}
