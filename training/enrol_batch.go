package training

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"

	"hagukumi/db"
)

// writeBatch is a db.Q over a transaction that can hold back statements
// whose results nobody reads (audit entries, the chain head, notices, mails,
// enrolment rows with ids chosen beforehand) and send them together: on
// PostgreSQL as one statement of data-modifying CTEs, so a whole enrolment
// costs one round trip; on SQLite one after the other (there is no network
// to save). Any read flushes what is held first, so reads always see the
// writes before them. An error of a held statement comes from Flush (or the
// read that flushed it); the transaction is then rolled back as usual.
type writeBatch struct {
	tx    db.Q
	pg    bool
	hold  bool // queue ExecContext instead of running it
	stmts []string
	args  [][]any
	nargs int
	err   error // the first failed flush; sticks
}

func newWriteBatch(tx db.Q, engine db.Engine) *writeBatch {
	return &writeBatch{tx: tx, pg: engine == db.Postgres}
}

// heldResult is the sql.Result of a statement not sent yet.
type heldResult struct{}

var errHeld = errors.New("training: the statement has not run yet (held in a write batch)")

func (heldResult) LastInsertId() (int64, error) { return 0, errHeld }
func (heldResult) RowsAffected() (int64, error) { return 0, errHeld }

// PostgreSQL takes at most 65535 parameters in one statement.
const (
	batchMaxArgs  = 20000
	batchMaxStmts = 200
)

func (b *writeBatch) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if !b.hold {
		if err := b.Flush(ctx); err != nil {
			return nil, err
		}
		return b.tx.ExecContext(ctx, query, args...)
	}
	if b.nargs+len(args) > batchMaxArgs || len(b.stmts) >= batchMaxStmts {
		if err := b.Flush(ctx); err != nil {
			return nil, err
		}
	}
	b.stmts = append(b.stmts, query)
	b.args = append(b.args, args)
	b.nargs += len(args)
	return heldResult{}, nil
}

func (b *writeBatch) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if err := b.Flush(ctx); err != nil {
		return nil, err
	}
	return b.tx.QueryContext(ctx, query, args...)
}

// QueryRowContext flushes first. *sql.Row cannot carry an error of ours,
// so when the flush fails the row answers with the context's cancellation
// and the flush error stays for the next Flush.
func (b *writeBatch) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	if err := b.Flush(ctx); err != nil {
		failed, cancel := context.WithCancel(ctx)
		cancel()
		return b.tx.QueryRowContext(failed, query, args...)
	}
	return b.tx.QueryRowContext(ctx, query, args...)
}

// Flush sends the held statements.
func (b *writeBatch) Flush(ctx context.Context) error {
	if b.err != nil {
		return b.err
	}
	if len(b.stmts) == 0 {
		return nil
	}
	stmts, args := b.stmts, b.args
	b.stmts, b.args, b.nargs = nil, nil, 0
	if !b.pg || len(stmts) == 1 {
		for i, q := range stmts {
			if _, err := b.tx.ExecContext(ctx, q, args[i]...); err != nil {
				b.err = err
				return err
			}
		}
		return nil
	}
	// Inserts with the same text become one multi-row INSERT, so rows
	// (and the ids they draw) go in in the order they were held: the order
	// in which the sub-statements of one WITH run is not defined.
	type group struct {
		head   string // INSERT … VALUES
		tuples []int  // indexes into stmts
	}
	var groups []*group
	byText := map[string]*group{}
	for i, q := range stmts {
		head, ok := insertHead(q)
		if !ok {
			groups = append(groups, &group{tuples: []int{i}})
			continue
		}
		g := byText[q]
		if g == nil {
			g = &group{head: head}
			byText[q] = g
			groups = append(groups, g)
		}
		g.tuples = append(g.tuples, i)
	}
	var sb strings.Builder
	var all []any
	if len(groups) > 1 {
		sb.WriteString("WITH ")
	}
	for gi, g := range groups {
		if len(groups) > 1 {
			if gi > 0 {
				sb.WriteString(", ")
			}
			sb.WriteString("w")
			sb.WriteString(strconv.Itoa(gi))
			sb.WriteString(" AS (")
		}
		if g.head == "" {
			renumber(&sb, stmts[g.tuples[0]], len(all))
			all = append(all, args[g.tuples[0]]...)
		} else {
			sb.WriteString(g.head)
			for k, i := range g.tuples {
				if k > 0 {
					sb.WriteString(", ")
				}
				renumber(&sb, stmts[i][len(g.head):], len(all))
				all = append(all, args[i]...)
			}
		}
		if len(groups) > 1 {
			sb.WriteString(")")
		}
	}
	if len(groups) > 1 {
		sb.WriteString(" SELECT 1")
	}
	if _, err := b.tx.ExecContext(ctx, sb.String(), all...); err != nil {
		b.err = err
	}
	return b.err
}

// insertHead splits "INSERT INTO t (…) VALUES (…)" after VALUES, when the
// statement ends with its one row of values.
func insertHead(q string) (string, bool) {
	if !strings.HasPrefix(q, "INSERT INTO ") {
		return "", false
	}
	i := strings.LastIndex(q, "VALUES")
	if i < 0 {
		return "", false
	}
	rest := strings.TrimSpace(q[i+len("VALUES"):])
	if !strings.HasPrefix(rest, "(") || !strings.HasSuffix(rest, ")") || strings.Count(rest, "(") != 1 || strings.Count(rest, ")") != 1 {
		return "", false
	}
	return q[:i+len("VALUES")], true
}

// renumber writes q with every $n placeholder moved up by off. The held
// statements are this package's and the audit chain's: placeholders only,
// no literal text holding a '$'.
func renumber(sb *strings.Builder, q string, off int) {
	for i := 0; i < len(q); i++ {
		c := q[i]
		if c != '$' || i+1 >= len(q) || q[i+1] < '0' || q[i+1] > '9' {
			sb.WriteByte(c)
			continue
		}
		j := i + 1
		for j < len(q) && q[j] >= '0' && q[j] <= '9' {
			j++
		}
		n, _ := strconv.Atoi(q[i+1 : j])
		sb.WriteByte('$')
		sb.WriteString(strconv.Itoa(n + off))
		i = j - 1
	}
}
