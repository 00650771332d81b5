package staff

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"hagukumi/db"
	"hagukumi/jtext"
)

// The import writes in multi-row statements: one statement per batch of
// rows instead of one per row and table, which was most of an import's cost
// on both engines (statement overhead on SQLite, round trips on PostgreSQL).
// The exception is the staff row on SQLite, see flushNew.

// placeholder writes the n-th parameter of a generated statement. SQLite
// gets anonymous "?" parameters: it keeps "$n" ones in a list that it
// searches linearly to bind each parameter, which makes a statement with
// thousands of them quadratic (measured, 10,000-row import in 100-row
// statements under load: 2,258 rows/s with "$n", 8,939 with "?"). "?"
// binds by position. PostgreSQL needs "$n".
func (s *Store) placeholder(b *strings.Builder, n int) {
	if s.DB.Engine == db.Postgres {
		b.WriteByte('$')
		b.WriteString(strconv.Itoa(n))
		return
	}
	b.WriteByte('?')
}

var sqliteBatch, postgresBatch = 100, 500

// batchRows is how many rows of cols columns one multi-row statement takes.
// SQLite allows 32,766 parameters a statement, PostgreSQL 65,535.
func (s *Store) batchRows(cols int) int {
	per := sqliteBatch
	if s.DB.Engine == db.Postgres {
		per = postgresBatch
	}
	return max(1, min(per, 30000/cols))
}

// multiInsert collects the rows of one table and inserts them in multi-row
// statements; the statement for a full batch is prepared once.
type multiInsert struct {
	s    *Store
	tx   *sql.Tx
	head string // INSERT INTO t (a, b) VALUES
	tail string // " RETURNING …" or ""
	cols int
	per  int
	full *sql.Stmt
	args []any
}

func newMultiInsert(s *Store, tx *sql.Tx, head, tail string, cols, per int) *multiInsert {
	return &multiInsert{s: s, tx: tx, head: head, tail: tail, cols: cols, per: per}
}

func (m *multiInsert) add(args ...any) { m.args = append(m.args, args...) }

// text1 is the VALUES group of one row.
func (m *multiInsert) text1() string {
	t := m.text(1)
	return t[len(m.head) : len(t)-len(m.tail)]
}

func (m *multiInsert) text(rows int) string {
	var b strings.Builder
	b.Grow(len(m.head) + len(m.tail) + rows*m.cols*7)
	b.WriteString(m.head)
	n := 1
	for j := range rows {
		if j > 0 {
			b.WriteByte(',')
		}
		b.WriteByte('(')
		for k := range m.cols {
			if k > 0 {
				b.WriteByte(',')
			}
			m.s.placeholder(&b, n)
			n++
		}
		b.WriteByte(')')
	}
	b.WriteString(m.tail)
	return b.String()
}

// flush inserts the collected rows; with a RETURNING tail, scan is called
// for every returned row.
func (m *multiInsert) flush(ctx context.Context, scan func(*sql.Rows) error) error {
	args := m.args
	defer func() {
		clear(m.args)
		m.args = m.args[:0]
	}()
	for len(args) > 0 {
		n := min(len(args)/m.cols, m.per)
		part := args[:n*m.cols]
		args = args[n*m.cols:]
		var st *sql.Stmt
		if n == m.per {
			if m.full == nil {
				var err error
				if m.full, err = m.tx.PrepareContext(ctx, m.text(m.per)); err != nil {
					return err
				}
			}
			st = m.full
		}
		if scan == nil {
			var err error
			if st != nil {
				_, err = st.ExecContext(ctx, part...)
			} else {
				_, err = m.tx.ExecContext(ctx, m.text(n), part...)
			}
			if err != nil {
				return err
			}
			continue
		}
		var rows *sql.Rows
		var err error
		if st != nil {
			rows, err = st.QueryContext(ctx, part...)
		} else {
			rows, err = m.tx.QueryContext(ctx, m.text(n), part...)
		}
		if err != nil {
			return err
		}
		for rows.Next() {
			if err := scan(rows); err != nil {
				rows.Close()
				return err
			}
		}
		if err := rows.Close(); err != nil {
			return err
		}
		if err := rows.Err(); err != nil {
			return err
		}
	}
	return nil
}

func (m *multiInsert) close() {
	if m.full != nil {
		m.full.Close()
	}
}

// newStaff is what the history rows of a new staff member need once the
// staff row has its id.
type newStaff struct {
	number      string
	unitID      int64
	assignFrom  string
	rankID      int64
	title       string
	rankFrom    string
	candidateID int64
}

// importBatches holds the statements of one import.
type importBatches struct {
	s         *Store
	tx        *sql.Tx
	muni      int64
	fy        int
	per       func(cols int) int
	empty     int // 1: the municipality had no staff when the import began; -1 not known yet
	staff     *multiInsert
	assign    *multiInsert
	rank      *multiInsert
	cand      *multiInsert
	updStaff  *sql.Stmt
	endAssign *sql.Stmt
	endRank   *sql.Stmt
	lookupSt  *sql.Stmt
	staffOne  *sql.Stmt
	lookupN   int
	fresh     []newStaff
	ids       map[string]int64
}

const staffInsertCols = 22

func newImportBatches(s *Store, tx *sql.Tx, muni int64, fy int) *importBatches {
	b := &importBatches{s: s, tx: tx, muni: muni, fy: fy, per: s.batchRows, empty: -1, ids: map[string]int64{}}
	b.staff = newMultiInsert(s, tx, `INSERT INTO staff (municipality_id, number, family_name, given_name, family_kana, given_kana, search_text, sort_kana,
		gender, birth_date, hire_date, employment_type, job_type, title, rank_id, rank_since, unit_id, university, email, status, created_at, updated_at) VALUES `,
		` RETURNING id, number`, staffInsertCols, s.batchRows(staffInsertCols))
	b.assign = newMultiInsert(s, tx, `INSERT INTO staff_assignments (municipality_id, staff_id, unit_id, from_date) VALUES `, "", 4, s.batchRows(4))
	b.rank = newMultiInsert(s, tx, `INSERT INTO staff_ranks (municipality_id, staff_id, rank_id, title, from_date) VALUES `, "", 5, s.batchRows(5))
	b.cand = newMultiInsert(s, tx, `INSERT INTO promotion_candidates (municipality_id, staff_id, fy, rank_id) VALUES `, "", 4, s.batchRows(4))
	b.lookupN = s.batchRows(1)
	return b
}

func (b *importBatches) prepare(ctx context.Context, st **sql.Stmt, query string) error {
	if *st != nil {
		return nil
	}
	var err error
	*st, err = b.tx.PrepareContext(ctx, query)
	return err
}

func (b *importBatches) close() {
	for _, m := range []*multiInsert{b.staff, b.assign, b.rank, b.cand} {
		m.close()
	}
	for _, st := range []*sql.Stmt{b.updStaff, b.endAssign, b.endRank, b.lookupSt, b.staffOne} {
		if st != nil {
			st.Close()
		}
	}
}

const lookupQuery = `SELECT ` + memberCols + `, COALESCE(cr.name, ''), COALESCE(cr.id, 0)` + memberFrom + `
		LEFT JOIN promotion_candidates c ON c.staff_id = s.id AND c.fy = $2 LEFT JOIN ranks cr ON cr.id = c.rank_id
		WHERE s.municipality_id = $1 AND s.number IN (`

// lookup loads the registry entries of a chunk's numbers, with their
// 昇格候補 of fiscal year fy, and prepares the update statements.
func (b *importBatches) lookup(ctx context.Context, muni int64, fy int, plan []planned) (map[string]*existing, error) {
	if b.empty < 0 {
		var any int
		err := b.tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM staff WHERE municipality_id = $1 LIMIT 1) x`, muni).Scan(&any)
		if err != nil {
			return nil, err
		}
		b.empty = 1 - any
	}
	if b.empty == 1 {
		// No one to update: the file's numbers are unique, so a chunk
		// cannot meet the rows that earlier chunks added.
		return nil, nil
	}
	for _, x := range []struct {
		st **sql.Stmt
		q  string
	}{
		{&b.updStaff, `UPDATE staff SET family_name = $1, given_name = $2, family_kana = $3, given_kana = $4, search_text = $5, sort_kana = $6,
		gender = $7, birth_date = $8, hire_date = $9, employment_type = $10, job_type = $11, title = $12, rank_id = $13, rank_since = $14, unit_id = $15,
		university = $16, email = $17, status = $18, updated_at = $19 WHERE id = $20`},
		{&b.endAssign, `UPDATE staff_assignments SET to_date = $1 WHERE staff_id = $2 AND to_date IS NULL`},
		{&b.endRank, `UPDATE staff_ranks SET to_date = $1 WHERE staff_id = $2 AND to_date IS NULL`},
	} {
		if err := b.prepare(ctx, x.st, x.q); err != nil {
			return nil, err
		}
	}
	text := func(n int) string {
		var sb strings.Builder
		sb.WriteString(lookupQuery)
		for k := range n {
			if k > 0 {
				sb.WriteByte(',')
			}
			b.s.placeholder(&sb, k+3)
		}
		sb.WriteByte(')')
		return sb.String()
	}
	cur := make(map[string]*existing, len(plan))
	args := make([]any, 0, 2+b.lookupN)
	for i := 0; i < len(plan); i += b.lookupN {
		part := plan[i:min(i+b.lookupN, len(plan))]
		args = append(args[:0], muni, fy)
		for _, p := range part {
			args = append(args, p.row.Number)
		}
		var rows *sql.Rows
		var err error
		if len(part) == b.lookupN {
			if err = b.prepare(ctx, &b.lookupSt, text(b.lookupN)); err != nil {
				return nil, err
			}
			rows, err = b.lookupSt.QueryContext(ctx, args...)
		} else {
			rows, err = b.tx.QueryContext(ctx, text(len(part)), args...)
		}
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			e := &existing{}
			m := &e.m
			if err := rows.Scan(&m.ID, &m.Number, &m.FamilyName, &m.GivenName, &m.FamilyKana, &m.GivenKana, &m.Gender, &m.BirthDate, &m.HireDate,
				&m.EmploymentType, &m.JobType, &m.Title, &m.RankID, &m.Rank, &m.RankOrdinal, &m.RankSince,
				&m.UnitID, &m.Unit, &m.University, &m.Email, &m.Status, &e.candidate, &e.candidateID); err != nil {
				rows.Close()
				return nil, err
			}
			e.id, e.unitPath = m.ID, m.Unit
			cur[m.Number] = e
		}
		if err := rows.Close(); err != nil {
			return nil, err
		}
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return cur, nil
}

func (b *importBatches) resetNew() {
	clear(b.fresh)
	b.fresh = b.fresh[:0]
	clear(b.ids)
}

// addNew queues the staff row of a new member and remembers its history.
func (b *importBatches) addNew(muni int64, m *Member, unitID int64, assignFrom, rankFrom string, candidateID int64, now time.Time) {
	search := jtext.SearchKey(m.Number + " " + m.Name() + " " + m.Kana())
	sortKey := jtext.SortKana(m.Kana())
	b.staff.add(muni, m.Number, m.FamilyName, m.GivenName, m.FamilyKana, m.GivenKana, search, sortKey,
		m.Gender, m.BirthDate, m.HireDate, m.EmploymentType, m.JobType, m.Title, nullID(m.RankID), m.RankSince, nullID(unitID),
		m.University, m.Email, m.Status, now, now)
	b.fresh = append(b.fresh, newStaff{number: m.Number, unitID: unitID, assignFrom: assignFrom, rankID: m.RankID, title: m.Title,
		rankFrom: rankFrom, candidateID: candidateID})
}

// flushNew inserts the queued staff rows, then the history rows of the new
// members (and those queued for updated members).
func (b *importBatches) flushNew(ctx context.Context) error {
	if len(b.fresh) > 0 && b.s.DB.Engine != db.Postgres {
		// SQLite: one row a statement and no RETURNING. A statement that
		// writes several rows (or returns them) into a table with foreign
		// keys keeps a statement journal, which spills to a temporary
		// file and costs more than the statements it saves.
		if err := b.prepare(ctx, &b.staffOne, b.staff.head+b.staff.text1()); err != nil {
			return err
		}
		args := b.staff.args
		for i, n := range b.fresh {
			r, err := b.staffOne.ExecContext(ctx, args[i*staffInsertCols:(i+1)*staffInsertCols]...)
			if err != nil {
				return err
			}
			id, err := r.LastInsertId()
			if err != nil {
				return err
			}
			b.ids[n.number] = id
		}
		clear(b.staff.args)
		b.staff.args = b.staff.args[:0]
	} else if len(b.fresh) > 0 {
		err := b.staff.flush(ctx, func(rows *sql.Rows) error {
			var id int64
			var number string
			if err := rows.Scan(&id, &number); err != nil {
				return err
			}
			b.ids[number] = id
			return nil
		})
		if err != nil {
			return err
		}
	}
	return b.flushHistory(ctx)
}

func (b *importBatches) flushHistory(ctx context.Context) error {
	for _, n := range b.fresh {
		id, ok := b.ids[n.number]
		if !ok {
			return fmt.Errorf("import: no id returned for the new staff member %s", n.number)
		}
		if n.unitID != 0 {
			b.assign.add(b.muni, id, n.unitID, n.assignFrom)
		}
		if n.title != "" {
			b.rank.add(b.muni, id, nullID(n.rankID), n.title, n.rankFrom)
		}
		if n.candidateID != 0 {
			b.cand.add(b.muni, id, b.fy, n.candidateID)
		}
	}
	for _, m := range []*multiInsert{b.assign, b.rank, b.cand} {
		if err := m.flush(ctx, nil); err != nil {
			return err
		}
	}
	return nil
}

// missing lists the staff not retired whose numbers the file lacks, sorted
// by number.
func (b *importBatches) missing(ctx context.Context, muni int64, seen map[string]int) ([]*existing, error) {
	rows, err := b.tx.QueryContext(ctx, `SELECT id, number, family_name, given_name, status FROM staff WHERE municipality_id = $1 AND status <> $2`, muni, Retired)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*existing
	for rows.Next() {
		e := &existing{}
		if err := rows.Scan(&e.id, &e.m.Number, &e.m.FamilyName, &e.m.GivenName, &e.m.Status); err != nil {
			return nil, err
		}
		if _, ok := seen[e.m.Number]; !ok {
			out = append(out, e)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	sort.Slice(out, func(i, j int) bool { return out[i].m.Number < out[j].m.Number })
	return out, nil
}

// retire marks staff 退職.
func (b *importBatches) retire(ctx context.Context, ids []int64, now time.Time) error {
	per := b.per(1)
	for i := 0; i < len(ids); i += per {
		part := ids[i:min(i+per, len(ids))]
		var sb strings.Builder
		if b.s.DB.Engine == db.Postgres {
			sb.WriteString(`UPDATE staff SET status = $1, updated_at = $2 WHERE id IN (`)
		} else {
			sb.WriteString(`UPDATE staff SET status = ?, updated_at = ? WHERE id IN (`)
		}
		args := make([]any, 0, 2+len(part))
		args = append(args, Retired, now)
		for k, id := range part {
			if k > 0 {
				sb.WriteByte(',')
			}
			b.s.placeholder(&sb, k+3)
			args = append(args, id)
		}
		sb.WriteByte(')')
		if _, err := b.tx.ExecContext(ctx, sb.String(), args...); err != nil {
			return err
		}
	}
	return nil
}
