package db

import "sync"

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
