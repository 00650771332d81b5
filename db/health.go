package db

import (
	"context"
	"errors"
	"path/filepath"
	"syscall"
)

// ErrDiskFull is returned by CanWrite when the SQLite file's file system has
// too little room left for a write to succeed.
var ErrDiskFull = errors.New("disk full: no space left for the database")

// minFree is the room a write needs: a WAL frame per changed page plus the
// journal header, with margin for a batch of audit entries.
const minFree = 4 << 20

// CanWrite tells whether a write would find room. On SQLite it looks at the
// free space of the database's file system; PostgreSQL reports a full disk
// on the write itself, so there it only pings.
func (d *DB) CanWrite(ctx context.Context) error {
	if d.Path == "" {
		return d.Ping(ctx)
	}
	var st syscall.Statfs_t
	if err := syscall.Statfs(filepath.Dir(d.Path), &st); err != nil {
		return err
	}
	if st.Bavail*uint64(st.Bsize) < minFree {
		return ErrDiskFull
	}
	return nil
}
