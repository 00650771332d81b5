package public

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"sync"
	"time"

	"hagukumi/audit"
	"hagukumi/db"
)

// Store holds the public side's tables.
type Store struct {
	DB  *db.DB
	Now func() time.Time

	mu  sync.Mutex
	key []byte
}

func (s *Store) now() time.Time {
	if s.Now != nil {
		return s.Now().UTC()
	}
	return time.Now().UTC()
}

// ErrTooMany is returned by Submit when a rate limit is reached: nothing
// was stored.
var ErrTooMany = errors.New("public: too many submissions")

// write runs fn in one transaction with the municipality's audit chain,
// to which fn adds the entries of what it did.
// The audit chain's head is taken first: on PostgreSQL its row lock orders
// concurrent writers of the municipality, so a rate limit counted inside
// fn holds across every app instance.
func (s *Store) write(ctx context.Context, muni int64, fn func(tx *sql.Tx, c *audit.Chain) error) error {
	return s.DB.Tx(ctx, func(tx *sql.Tx) error {
		c, err := audit.Begin(ctx, tx, muni)
		if err != nil {
			return err
		}
		if err := fn(tx, c); err != nil {
			return err
		}
		return c.Close(ctx)
	})
}

// Key is the secret that signs the forms' time stamps and hashes client
// addresses. It lives in the database, so every instance shares it; the
// first instance to need it makes it.
func (s *Store) Key(ctx context.Context) ([]byte, error) { return s.keyFrom(ctx, s.DB.W) }

// keyFrom is Key read through q: the writer, or the transaction that holds
// it.
func (s *Store) keyFrom(ctx context.Context, q interface {
	ExecContext(context.Context, string, ...any) (sql.Result, error)
	QueryRowContext(context.Context, string, ...any) *sql.Row
}) ([]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.key != nil {
		return s.key, nil
	}
	var b [32]byte
	rand.Read(b[:])
	if _, err := q.ExecContext(ctx, `INSERT INTO public_keys (id, secret) VALUES (1, $1) ON CONFLICT (id) DO NOTHING`, hex.EncodeToString(b[:])); err != nil {
		return nil, err
	}
	var secret string
	if err := q.QueryRowContext(ctx, `SELECT secret FROM public_keys WHERE id = 1`).Scan(&secret); err != nil {
		return nil, err
	}
	key, err := hex.DecodeString(secret)
	if err != nil {
		return nil, err
	}
	// A key read inside a transaction is kept only once that transaction
	// is known to have committed: the next read through the writer.
	if _, inTx := q.(*sql.Tx); !inTx {
		s.key = key
	}
	return key, nil
}
