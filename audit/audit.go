// Package audit keeps the append-only, hash-chained log of every write and of
// every read of confidential records (PRODUCT F6). Each municipality has its
// own chain; an entry's hash covers the previous hash and all of its fields,
// so altering or deleting a row breaks verification from that row on.
package audit

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"hagukumi/db"
)

// Actor is who did something.
type Actor struct {
	UserID int64 // 0 for the system or a command-line run
	Login  string
}

// System is the actor of command-line runs and background work.
var System = Actor{Login: "system"}

type Entry struct {
	Municipality int64     `json:"-"`
	Seq          int64     `json:"seq"`
	At           time.Time `json:"at"`
	ActorUserID  int64     `json:"actor_user_id,omitempty"`
	Actor        string    `json:"actor"`
	Action       string    `json:"action"`
	Entity       string    `json:"entity"`
	EntityID     string    `json:"entity_id"`
	Detail       string    `json:"detail"`
	PrevHash     string    `json:"prev_hash"`
	Hash         string    `json:"hash"`
}

const genesis = "0000000000000000000000000000000000000000000000000000000000000000"

const timeLayout = "2006-01-02T15:04:05.000000Z"

func (e *Entry) computeHash() string {
	h := sha256.New()
	for _, s := range []string{e.PrevHash, strconv.FormatInt(e.Municipality, 10), strconv.FormatInt(e.Seq, 10),
		e.At.UTC().Format(timeLayout), strconv.FormatInt(e.ActorUserID, 10), e.Actor, e.Action, e.Entity, e.EntityID, e.Detail} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Change is the before and after of a write; either may be nil.
type Change struct {
	Before any `json:"before,omitempty"`
	After  any `json:"after,omitempty"`
}

// Record appends one entry inside the caller's transaction, so the entry
// exists exactly when the write it describes does.
func Record(ctx context.Context, tx db.Q, at time.Time, muni int64, actor Actor, action, entity, entityID string, detail any) error {
	c, err := Begin(ctx, tx, muni)
	if err != nil {
		return err
	}
	if err := c.Add(ctx, at, actor, action, entity, entityID, detail); err != nil {
		return err
	}
	return c.Close(ctx)
}

// Chain appends several entries in one transaction, moving the chain head
// once at the end (a bulk import writes thousands). It keeps the entries it
// has not written yet and writes them as multi-row INSERTs: when a batch is
// full, on Flush, and on Close. Their sequence numbers and hashes are fixed
// by Add, so batching changes the number of statements, not the chain.
type Chain struct {
	tx      db.Q
	muni    int64
	seq     int64
	last    string
	pending []Entry
	// full is fullBatchSQL prepared in the chain's transaction when its
	// first full batch is written, and reused for the others: a bulk
	// import writes hundreds of batches, and compiling a 550-parameter
	// INSERT for each was most of its CPU on SQLite (BENCHMARKS.md,
	// issue 10, #4).
	full *sql.Stmt
}

// chainBatch is the most entries one INSERT writes: 50 rows of 11 columns
// is 550 parameters, well below both engines' limits, and small enough that
// modernc's binding of "$n" parameters, whose cost grows with the square
// of their number, stays a small part of the statement.
const chainBatch = 50

// fullBatchSQL is the INSERT of a full batch, the same text on both engines.
var fullBatchSQL = insertSQL(chainBatch)

// insertSQL is the INSERT of n entries.
func insertSQL(n int) string {
	var q strings.Builder
	q.WriteString(`INSERT INTO audit_log (municipality_id, seq, at, actor_user_id, actor, action, entity, entity_id, detail, prev_hash, hash) VALUES `)
	for i := range n {
		if i > 0 {
			q.WriteString(", ")
		}
		q.WriteString("(")
		for k := range 11 {
			if k > 0 {
				q.WriteString(", ")
			}
			q.WriteString("$" + strconv.Itoa(i*11+k+1))
		}
		q.WriteString(")")
	}
	return q.String()
}

// preparer is a transaction that can prepare a statement (*sql.Tx). A
// transaction wrapped by db.Writes is not one: it keeps its own statements
// prepared on the writer, and the full-batch text goes through them.
type preparer interface {
	PrepareContext(ctx context.Context, query string) (*sql.Stmt, error)
}

// Begin takes the chain head of a municipality. The UPDATE takes a row lock
// on PostgreSQL, which orders concurrent writers from several app instances
// until the transaction ends; on SQLite the single writer already does.
func Begin(ctx context.Context, tx db.Q, muni int64) (*Chain, error) {
	c := &Chain{tx: tx, muni: muni}
	err := tx.QueryRowContext(ctx, `UPDATE audit_heads SET seq = seq WHERE municipality_id = $1 RETURNING seq, last_hash`, muni).Scan(&c.seq, &c.last)
	if err == sql.ErrNoRows {
		if _, err := tx.ExecContext(ctx, `INSERT INTO audit_heads (municipality_id, seq, last_hash) VALUES ($1, 0, $2)`, muni, genesis); err != nil {
			return nil, fmt.Errorf("audit head: %w", err)
		}
		c.seq, c.last = 0, genesis
	} else if err != nil {
		return nil, fmt.Errorf("audit head: %w", err)
	}
	return c, nil
}

// Add appends one entry. It is written with the next batch; an error of
// that write comes from the Add, Flush or Close that sends it.
func (c *Chain) Add(ctx context.Context, at time.Time, actor Actor, action, entity, entityID string, detail any) error {
	var d string
	switch v := detail.(type) {
	case nil:
	case string:
		d = v
	default:
		b, err := json.Marshal(v)
		if err != nil {
			return err
		}
		d = string(b)
	}
	e := Entry{Municipality: c.muni, Seq: c.seq + 1, PrevHash: c.last, At: at.UTC().Truncate(time.Microsecond), ActorUserID: actor.UserID,
		Actor: actor.Login, Action: action, Entity: entity, EntityID: entityID, Detail: d}
	e.Hash = e.computeHash()
	c.pending = append(c.pending, e)
	c.seq, c.last = e.Seq, e.Hash
	if len(c.pending) >= chainBatch {
		return c.Flush(ctx)
	}
	return nil
}

// Flush writes the entries added since the last write.
func (c *Chain) Flush(ctx context.Context) error {
	for start := 0; start < len(c.pending); start += chainBatch {
		batch := c.pending[start:min(len(c.pending), start+chainBatch)]
		args := make([]any, 0, len(batch)*11)
		for _, e := range batch {
			var uid any
			if e.ActorUserID != 0 {
				uid = e.ActorUserID
			}
			args = append(args, c.muni, e.Seq, e.At.Format(timeLayout), uid, e.Actor, e.Action, e.Entity, e.EntityID, e.Detail, e.PrevHash, e.Hash)
		}
		if err := c.insert(ctx, len(batch), args); err != nil {
			return fmt.Errorf("audit insert: %w", err)
		}
	}
	clear(c.pending)
	c.pending = c.pending[:0]
	return nil
}

// insert writes one batch of n entries. A full batch runs the statement
// prepared once for the chain; a shorter one (the last of a chain, or the
// only one of a single change) runs its own text unprepared.
func (c *Chain) insert(ctx context.Context, n int, args []any) error {
	if n != chainBatch {
		_, err := c.tx.ExecContext(ctx, insertSQL(n), args...)
		return err
	}
	if c.full == nil {
		p, ok := c.tx.(preparer)
		if !ok {
			_, err := c.tx.ExecContext(ctx, fullBatchSQL, args...)
			return err
		}
		st, err := p.PrepareContext(ctx, fullBatchSQL)
		if err != nil {
			return err
		}
		c.full = st
	}
	_, err := c.full.ExecContext(ctx, args...)
	return err
}

// Close writes what is left and moves the chain head to the last entry.
func (c *Chain) Close(ctx context.Context) error {
	if err := c.Flush(ctx); err != nil {
		return err
	}
	if c.full != nil {
		// A statement prepared in a transaction ends with it anyway;
		// closing it here frees it as soon as the chain is done.
		c.full.Close()
		c.full = nil
	}
	_, err := c.tx.ExecContext(ctx, `UPDATE audit_heads SET seq = $1, last_hash = $2 WHERE municipality_id = $3`, c.seq, c.last, c.muni)
	return err
}

// Filter narrows a listing.
type Filter struct {
	Actor  string
	Action string
	Entity string
	Text   string // matched in the actor, entity_id and detail, and in the sentence wording (Kinds)
	// Also are more substrings matched like Text, found by the caller from
	// the names in Text: the 職員番号 of the staff and the logins of the
	// users whose names contain it, so that 「横山」 finds his entries.
	Also   []string
	From   string // YYYY-MM-DD, inclusive
	To     string // YYYY-MM-DD, inclusive
	Limit  int
	Offset int
}

const cols = `municipality_id, seq, at, COALESCE(actor_user_id, 0), actor, action, entity, entity_id, detail, prev_hash, hash`

func scan(rows *sql.Rows) (Entry, error) {
	var e Entry
	var at string
	err := rows.Scan(&e.Municipality, &e.Seq, &at, &e.ActorUserID, &e.Actor, &e.Action, &e.Entity, &e.EntityID, &e.Detail, &e.PrevHash, &e.Hash)
	if err == nil {
		e.At, err = time.Parse(timeLayout, at)
	}
	return e, err
}

// List returns matching entries, newest first, and the total count.
func List(ctx context.Context, q db.Q, muni int64, f Filter) ([]Entry, int, error) {
	where := []string{"municipality_id = $1"}
	args := []any{muni}
	add := func(cond string, v any) {
		args = append(args, v)
		where = append(where, strings.ReplaceAll(cond, "?", "$"+strconv.Itoa(len(args))))
	}
	if f.Actor != "" {
		add("actor = ?", f.Actor)
	}
	if f.Action != "" {
		add("action = ?", f.Action)
	}
	if f.Entity != "" {
		add("entity = ?", f.Entity)
	}
	if f.Text != "" {
		var or []string
		for _, t := range append([]string{f.Text}, f.Also...) {
			args = append(args, "%"+escapeLike(t)+"%")
			n := "$" + strconv.Itoa(len(args))
			or = append(or, "actor LIKE "+n+" OR entity_id LIKE "+n+" OR detail LIKE "+n)
		}
		for _, k := range Kinds(f.Text) {
			args = append(args, k[0], k[1])
			or = append(or, fmt.Sprintf("(entity = $%d AND action = $%d)", len(args)-1, len(args)))
		}
		where = append(where, "("+strings.Join(or, " OR ")+")")
	}
	if f.From != "" {
		add("at >= ?", f.From)
	}
	if f.To != "" {
		add("at < ?", f.To+"T99")
	}
	if f.Limit <= 0 || f.Limit > 1000 {
		f.Limit = 50
	}
	w := strings.Join(where, " AND ")
	var total int
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_log WHERE `+w, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	args = append(args, f.Limit, f.Offset)
	rows, err := q.QueryContext(ctx, `SELECT `+cols+` FROM audit_log WHERE `+w+
		fmt.Sprintf(` ORDER BY seq DESC LIMIT $%d OFFSET $%d`, len(args)-1, len(args)), args...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []Entry
	for rows.Next() {
		e, err := scan(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, e)
	}
	return out, total, rows.Err()
}

func escapeLike(s string) string {
	// Neither engine treats a backslash as a LIKE escape by default in the
	// same way, so wildcard characters in user text are simply dropped.
	return strings.NewReplacer("%", "", "_", "").Replace(s)
}

// BrokenError names the first entry whose chain does not verify.
type BrokenError struct {
	Municipality int64
	Seq          int64
	Reason       string
}

func (e *BrokenError) Error() string {
	return fmt.Sprintf("監査ログの改ざんを検出しました: 自治体 %d の記録 #%d (%s)", e.Municipality, e.Seq, e.Reason)
}

// Verify walks every municipality's chain and returns the number of entries
// checked, or a *BrokenError for the first entry that does not verify.
func Verify(ctx context.Context, q db.Q) (int, error) { return verify(ctx, q, 0) }

// VerifyMunicipality is Verify for one municipality's chain: the check the
// center runs from its audit page, which must not read other chains.
func VerifyMunicipality(ctx context.Context, q db.Q, muni int64) (int, error) {
	return verify(ctx, q, muni)
}

// verify checks the chain of muni, or of every municipality when muni is 0.
func verify(ctx context.Context, q db.Q, muni0 int64) (int, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+cols+` FROM audit_log WHERE $1 = 0 OR municipality_id = $1 ORDER BY municipality_id, seq`, muni0)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	n := 0
	var muni, want int64 = -1, 0
	prev := genesis
	for rows.Next() {
		e, err := scan(rows)
		if err != nil {
			return n, err
		}
		if e.Municipality != muni {
			muni, want, prev = e.Municipality, 1, genesis
		}
		switch {
		case e.Seq != want:
			return n, &BrokenError{muni, want, "記録が欠落しています"}
		case e.PrevHash != prev:
			return n, &BrokenError{muni, e.Seq, "直前の記録と連結していません"}
		case e.computeHash() != e.Hash:
			return n, &BrokenError{muni, e.Seq, "内容がハッシュと一致しません"}
		}
		prev = e.Hash
		want++
		n++
	}
	if err := rows.Err(); err != nil {
		return n, err
	}
	// The head must agree with the last entry, or the tail was deleted. The
	// heads are read in full first: a transaction has one connection, so a
	// second query cannot run while rows are still open.
	hr, err := q.QueryContext(ctx, `SELECT municipality_id, seq, last_hash FROM audit_heads WHERE $1 = 0 OR municipality_id = $1 ORDER BY municipality_id`, muni0)
	if err != nil {
		return n, err
	}
	type head struct {
		muni, seq int64
		last      string
	}
	var heads []head
	for hr.Next() {
		var h head
		if err := hr.Scan(&h.muni, &h.seq, &h.last); err != nil {
			hr.Close()
			return n, err
		}
		heads = append(heads, h)
	}
	hr.Close()
	if err := hr.Err(); err != nil {
		return n, err
	}
	for _, h := range heads {
		if h.seq == 0 {
			continue
		}
		var got string
		err := q.QueryRowContext(ctx, `SELECT hash FROM audit_log WHERE municipality_id = $1 AND seq = $2`, h.muni, h.seq).Scan(&got)
		if err != nil && err != sql.ErrNoRows {
			return n, err
		}
		if got != h.last {
			return n, &BrokenError{h.muni, h.seq, "末尾の記録が失われています"}
		}
	}
	return n, nil
}
