package db

import (
	"database/sql/driver"
	"errors"
	"io"
	"net"
	"strings"
	"syscall"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
)

// The error classifiers below read the drivers' error codes, never the
// text of a message: a translated server message or a reworded driver
// error must not turn a full disk into a plain failure.

// SQLite result codes (https://sqlite.org/rescode.html). The extended codes
// carry the primary code in their low byte.
const (
	sqliteFull                  = 13
	sqliteConstraintPrimary     = 1555
	sqliteConstraintUnique      = 2067
	pgUniqueViolation           = "23505"
	pgDiskFull                  = "53100"
	pgConnectionClass           = "08"
	pgAdminShutdown             = "57P01"
	pgCrashShutdown             = "57P02"
	pgCannotConnectNow          = "57P03"
	sqlitePrimaryCodeMask   int = 0xff
)

// IsUnavailable tells whether err means the database cannot be reached
// now: the connection was refused, dropped or reset, or the server is
// shutting down or starting up. A request failing so may succeed later,
// so the web layer answers 503. SQLITE_BUSY is not one of these: the
// database is there, another writer held it too long.
func IsUnavailable(err error) bool {
	if err == nil {
		return false
	}
	var pg *pgconn.PgError
	if errors.As(err, &pg) {
		return strings.HasPrefix(pg.Code, pgConnectionClass) ||
			pg.Code == pgAdminShutdown || pg.Code == pgCrashShutdown || pg.Code == pgCannotConnectNow
	}
	var connect *pgconn.ConnectError
	// A *net.OpError, not any net.Error: syscall.Errno is a net.Error too,
	// and ENOSPC is no outage.
	var netErr *net.OpError
	return errors.As(err, &connect) || errors.As(err, &netErr) ||
		errors.Is(err, driver.ErrBadConn) || errors.Is(err, pgconn.ErrConnClosed) ||
		errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, syscall.ECONNRESET) ||
		errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.EPIPE)
}

// IsDiskFull tells whether a write failed because the disk is full: the
// write did not happen and will not until someone frees space.
func IsDiskFull(err error) bool {
	if err == nil {
		return false
	}
	var pg *pgconn.PgError
	if errors.As(err, &pg) {
		return pg.Code == pgDiskFull
	}
	var lite *sqlite.Error
	if errors.As(err, &lite) {
		return lite.Code()&sqlitePrimaryCodeMask == sqliteFull
	}
	return errors.Is(err, syscall.ENOSPC)
}

// IsUnique tells whether a write broke a unique index or primary key: the
// row it meant to add is there already.
func IsUnique(err error) bool {
	if err == nil {
		return false
	}
	var pg *pgconn.PgError
	if errors.As(err, &pg) {
		return pg.Code == pgUniqueViolation
	}
	var lite *sqlite.Error
	if errors.As(err, &lite) {
		return lite.Code() == sqliteConstraintUnique || lite.Code() == sqliteConstraintPrimary
	}
	return false
}
