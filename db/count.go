package db

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"sync/atomic"
)

// Statement counting lets a test say how many statements one request runs
// (issue 12, finding 10: a page that runs a dozen queries one after another
// is the first to time out under load). A DB opened WithStatementCounts
// wraps its driver connections; every statement run with a context made by
// WithCounter adds one to that counter, whichever store, pool or prepared
// statement runs it. Without the option nothing is wrapped, so production
// runs the drivers as they are.

// Counter counts the statements run with one context.
type Counter struct{ n atomic.Int64 }

// N is the number of statements counted so far.
func (c *Counter) N() int64 { return c.n.Load() }

type counterKey struct{}

// WithCounter returns a context whose statements are counted by the
// returned Counter (on a DB opened WithStatementCounts).
func WithCounter(ctx context.Context) (context.Context, *Counter) {
	c := &Counter{}
	return context.WithValue(ctx, counterKey{}, c), c
}

func countStatement(ctx context.Context) {
	if c, ok := ctx.Value(counterKey{}).(*Counter); ok {
		c.n.Add(1)
	}
}

// Option changes how Open opens a database.
type Option func(*options)

type options struct{ count bool }

// WithStatementCounts makes the DB count statements for WithCounter
// contexts. Tests use it; the wrapper costs a context lookup per statement.
func WithStatementCounts() Option { return func(o *options) { o.count = true } }

// sqlOpen is sql.Open, with the connections wrapped when counting.
func sqlOpen(o options, driverName, dsn string) (*sql.DB, error) {
	d, err := sql.Open(driverName, dsn)
	if err != nil || !o.count {
		return d, err
	}
	drv := d.Driver()
	d.Close() // sql.Open connects lazily: nothing was opened yet
	var c driver.Connector = dsnConnector{dsn: dsn, drv: drv}
	if dc, ok := drv.(driver.DriverContext); ok {
		if c, err = dc.OpenConnector(dsn); err != nil {
			return nil, err
		}
	}
	return sql.OpenDB(countConnector{c}), nil
}

// dsnConnector is what database/sql uses for a driver without DriverContext.
type dsnConnector struct {
	dsn string
	drv driver.Driver
}

func (c dsnConnector) Connect(context.Context) (driver.Conn, error) { return c.drv.Open(c.dsn) }
func (c dsnConnector) Driver() driver.Driver                        { return c.drv }

type countConnector struct{ c driver.Connector }

func (c countConnector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.c.Connect(ctx)
	if err != nil {
		return nil, err
	}
	return countConn{conn}, nil
}

func (c countConnector) Driver() driver.Driver { return c.c.Driver() }

// countConn passes everything to the driver's connection and counts the
// statements it runs. Where the driver lacks an optional interface it
// answers as database/sql does without it (ErrSkip, nil, true).
type countConn struct{ driver.Conn }

func (c countConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	e, ok := c.Conn.(driver.ExecerContext)
	if !ok {
		return nil, driver.ErrSkip
	}
	r, err := e.ExecContext(ctx, query, args)
	if err != driver.ErrSkip {
		countStatement(ctx)
	}
	return r, err
}

func (c countConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	q, ok := c.Conn.(driver.QueryerContext)
	if !ok {
		return nil, driver.ErrSkip
	}
	r, err := q.QueryContext(ctx, query, args)
	if err != driver.ErrSkip {
		countStatement(ctx)
	}
	return r, err
}

func (c countConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	var st driver.Stmt
	var err error
	if p, ok := c.Conn.(driver.ConnPrepareContext); ok {
		st, err = p.PrepareContext(ctx, query)
	} else {
		st, err = c.Conn.Prepare(query)
	}
	if err != nil {
		return nil, err
	}
	return countStmt{st}, nil
}

func (c countConn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	if b, ok := c.Conn.(driver.ConnBeginTx); ok {
		return b.BeginTx(ctx, opts)
	}
	return c.Conn.Begin() //nolint:staticcheck // the driver offers nothing else
}

func (c countConn) CheckNamedValue(nv *driver.NamedValue) error {
	if n, ok := c.Conn.(driver.NamedValueChecker); ok {
		return n.CheckNamedValue(nv)
	}
	return driver.ErrSkip
}

func (c countConn) ResetSession(ctx context.Context) error {
	if r, ok := c.Conn.(driver.SessionResetter); ok {
		return r.ResetSession(ctx)
	}
	return nil
}

func (c countConn) IsValid() bool {
	if v, ok := c.Conn.(driver.Validator); ok {
		return v.IsValid()
	}
	return true
}

func (c countConn) Ping(ctx context.Context) error {
	if p, ok := c.Conn.(driver.Pinger); ok {
		return p.Ping(ctx)
	}
	return nil
}

// countStmt is a prepared statement whose runs are counted. Both drivers
// implement the context methods; the plain ones are kept for the interface.
type countStmt struct{ driver.Stmt }

func (s countStmt) ExecContext(ctx context.Context, args []driver.NamedValue) (driver.Result, error) {
	countStatement(ctx)
	if e, ok := s.Stmt.(driver.StmtExecContext); ok {
		return e.ExecContext(ctx, args)
	}
	return s.Stmt.Exec(values(args)) //nolint:staticcheck // the driver offers nothing else
}

func (s countStmt) QueryContext(ctx context.Context, args []driver.NamedValue) (driver.Rows, error) {
	countStatement(ctx)
	if q, ok := s.Stmt.(driver.StmtQueryContext); ok {
		return q.QueryContext(ctx, args)
	}
	return s.Stmt.Query(values(args)) //nolint:staticcheck // the driver offers nothing else
}

func values(args []driver.NamedValue) []driver.Value {
	v := make([]driver.Value, len(args))
	for i, a := range args {
		v[i] = a.Value
	}
	return v
}
