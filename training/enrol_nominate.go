package training

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"hagukumi/apperr"
	"hagukumi/audit"
	"hagukumi/db"
	"hagukumi/staff"
)

// A nomination costs, whatever the number of people: the session lock and
// one read of everything the decisions need, the audit chain head, and the
// writes. On PostgreSQL the lock and the read are one statement when
// nobody took the lock in between (see lockAndRead) and the writes go out
// as one statement (writeBatch): five round trips with BEGIN and COMMIT.
// Seats are counted once under the lock and counted on in memory: nobody
// else can change the session's enrolments while the lock is held.

// lockSessionRow takes the session's row lock (see lockSession) and reads
// the session's own columns in the same statement.
func lockSessionRow(ctx context.Context, tx db.Q, muni, id int64, now time.Time) (*Session, error) {
	x := &Session{ID: id}
	err := tx.QueryRowContext(ctx, `UPDATE sessions_training SET updated_at = $1, enrol_seq = enrol_seq + 1 WHERE id = $2 AND municipality_id = $3
		RETURNING program_id, fy, title, venue, capacity, hours, notes, status`, now, id, muni).
		Scan(&x.ProgramID, &x.FY, &x.Title, &x.Venue, &x.Capacity, &x.Hours, &x.Notes, &x.Status)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.NotFoundf("開催回が見つかりません。")
	}
	return x, err
}

// seatFacts is what a locked session's seats and notices need.
type seatFacts struct {
	muni, center                  string
	enrolled, waitlisted, lastPos int
	lastID                        int64 // SQLite: the highest enrolment id
	days                          []Day
	programCode, programName      string
}

// nomineeFacts is one person of a nomination, read under the session lock.
type nomineeFacts struct {
	id             int64
	number, status string
	name, email    string
	enrolID        int64 // their row on this session, if any
	enrolStatus    string
	other          sql.NullString // a live enrolment on another session of the program and year
	newID          int64          // PostgreSQL: an id drawn for a new row (see nominate)
}

// nominationChunk bounds the 職員番号 of one read (modernc binds
// parameters at a cost that grows with the square of their number).
const nominationChunk = 200

// nomineeSQL is the read of a session's seat facts and of the staff with
// the given numbers (found by the (municipality_id, number) index), with
// what they already have on the program this year. $1 is the
// municipality, $2 the session. With lock (PostgreSQL only) the statement
// also takes the session lock, $3 is the time, the numbers follow, and
// the first columns are the session's and whether the read is fresh;
// otherwise $3 and $4 are the program and year and the numbers follow.
func nomineeSQL(pg, lock bool, in string) string {
	agg, lastID, newID := "group_concat", "(SELECT COALESCE(MAX(id), 0) FROM enrolments)", "0"
	if pg {
		agg, lastID, newID = "string_agg", "0", "CASE WHEN s.id IS NULL THEN 0 ELSE nextval(pg_get_serial_sequence('enrolments', 'id')) END"
	}
	prog, fy, head, from := "$3", "$4", "", "FROM programs p JOIN municipalities m ON m.id = $1"
	where := "WHERE p.id = $3"
	if lock {
		// The statement's snapshot is taken before it waits for the lock;
		// the read is fresh when no one took the lock since: the counter
		// went up by exactly our one.
		prog, fy, where = "l.program_id", "l.fy", ""
		head = `WITH l AS (UPDATE sessions_training SET updated_at = $3, enrol_seq = enrol_seq + 1 WHERE id = $2 AND municipality_id = $1
			RETURNING program_id, fy, title, venue, capacity, hours, notes, status, enrol_seq)
			SELECT l.program_id, l.fy, l.title, l.venue, l.capacity, l.hours, l.notes, l.status,
			l.enrol_seq = (SELECT t.enrol_seq + 1 FROM sessions_training t WHERE t.id = $2), `
		from = "FROM l JOIN programs p ON p.id = l.program_id JOIN municipalities m ON m.id = $1"
	} else {
		head = "SELECT "
	}
	return head + `p.code, p.name, m.name, m.center_name,
		(SELECT COUNT(*) FROM enrolments WHERE session_id = $2 AND status = 'enrolled'),
		(SELECT COUNT(*) FROM enrolments WHERE session_id = $2 AND status = 'waitlisted'),
		(SELECT COALESCE(MAX(waitlist_pos), 0) FROM enrolments WHERE session_id = $2 AND status = 'waitlisted'),
		COALESCE((SELECT ` + agg + `(d.day || '|' || d.start_time || '|' || d.end_time, ',') FROM session_days d WHERE d.session_id = $2), ''),
		` + lastID + `,
		COALESCE(s.id, 0), COALESCE(s.number, ''), COALESCE(s.status, ''), COALESCE(s.family_name, ''), COALESCE(s.given_name, ''), COALESCE(s.email, ''),
		COALESCE((SELECT e.id FROM enrolments e WHERE e.session_id = $2 AND e.staff_id = s.id), 0),
		COALESCE((SELECT e.status FROM enrolments e WHERE e.session_id = $2 AND e.staff_id = s.id), ''),
		(SELECT t.title FROM enrolments e JOIN sessions_training t ON t.id = e.session_id
			WHERE e.staff_id = s.id AND t.program_id = ` + prog + ` AND t.fy = ` + fy + ` AND e.session_id <> $2 AND e.status IN ('applied', 'enrolled', 'waitlisted') LIMIT 1),
		` + newID + `
		` + from + `
		LEFT JOIN staff s ON s.municipality_id = $1 AND s.number IN (` + in + `)
		` + where
}

// numberList adds a chunk of numbers to args and returns what goes in IN ().
func numberList(pg bool, args []any, chunk []string) ([]any, string, error) {
	if !pg {
		// One text whatever the count, so the statement stays prepared.
		list, err := json.Marshal(chunk)
		if err != nil {
			return nil, "", err
		}
		args = append(args, string(list))
		return args, "SELECT value FROM json_each($" + strconv.Itoa(len(args)) + ")", nil
	}
	marks := make([]string, len(chunk))
	for i, n := range chunk {
		args = append(args, n)
		marks[i] = "$" + strconv.Itoa(len(args))
	}
	return args, strings.Join(marks, ", "), nil
}

// scanNominees reads the rows of nomineeSQL after the columns the caller
// asked for (pre), keeping the seat facts of the first row.
func scanNominees(rows *sql.Rows, pre []any, sf **seatFacts, found map[string]*nomineeFacts) error {
	defer rows.Close()
	for rows.Next() {
		var f seatFacts
		var days, fam, given string
		var n nomineeFacts
		if err := rows.Scan(append(pre, &f.programCode, &f.programName, &f.muni, &f.center, &f.enrolled, &f.waitlisted, &f.lastPos, &days, &f.lastID,
			&n.id, &n.number, &n.status, &fam, &given, &n.email, &n.enrolID, &n.enrolStatus, &n.other, &n.newID)...); err != nil {
			return err
		}
		if *sf == nil {
			for _, d := range strings.Split(days, ",") {
				if p := strings.Split(d, "|"); len(p) == 3 {
					f.days = append(f.days, Day{Date: p[0], Start: p[1], End: p[2]})
				}
			}
			sort.SliceStable(f.days, func(i, j int) bool { return f.days[i].Date < f.days[j].Date })
			*sf = &f
		}
		if n.id != 0 {
			n.name = strings.TrimSpace(fam + " " + given)
			found[n.number] = &n
		}
	}
	return rows.Err()
}

// readNominees reads, under the lock of session x, its seat facts and the
// staff with the given numbers, into found.
func (s *Store) readNominees(ctx context.Context, tx db.Q, muni int64, x *Session, numbers []string, found map[string]*nomineeFacts) (*seatFacts, error) {
	pg := s.DB.Engine == db.Postgres
	var sf *seatFacts
	for len(numbers) > 0 {
		chunk := numbers[:min(len(numbers), nominationChunk)]
		numbers = numbers[len(chunk):]
		args, in, err := numberList(pg, []any{muni, x.ID, x.ProgramID, x.FY}, chunk)
		if err != nil {
			return nil, err
		}
		rows, err := tx.QueryContext(ctx, nomineeSQL(pg, false, in), args...)
		if err != nil {
			return nil, err
		}
		if err := scanNominees(rows, nil, &sf, found); err != nil {
			return nil, err
		}
		if sf == nil {
			return nil, fmt.Errorf("session %d: program %d not found", x.ID, x.ProgramID)
		}
	}
	return sf, nil
}

// lockAndRead locks the session and reads what the nomination of numbers
// needs. On PostgreSQL the lock and the first read are one statement; when
// someone else held the lock meanwhile, that read is dropped and made again.
func (s *Store) lockAndRead(ctx context.Context, tx db.Q, muni, sessionID int64, now time.Time, numbers []string) (*Session, *seatFacts, map[string]*nomineeFacts, error) {
	found := map[string]*nomineeFacts{}
	if s.DB.Engine != db.Postgres {
		x, err := lockSessionRow(ctx, tx, muni, sessionID, now)
		if err != nil {
			return nil, nil, nil, err
		}
		if err := openForEnrolment(x); err != nil {
			return nil, nil, nil, err
		}
		sf, err := s.readNominees(ctx, tx, muni, x, numbers, found)
		return x, sf, found, err
	}
	chunk := numbers[:min(len(numbers), nominationChunk)]
	args, in, err := numberList(true, []any{muni, sessionID, now}, chunk)
	if err != nil {
		return nil, nil, nil, err
	}
	rows, err := tx.QueryContext(ctx, nomineeSQL(true, true, in), args...)
	if err != nil {
		return nil, nil, nil, err
	}
	x := &Session{ID: sessionID}
	var fresh bool
	var sf *seatFacts
	if err := scanNominees(rows, []any{&x.ProgramID, &x.FY, &x.Title, &x.Venue, &x.Capacity, &x.Hours, &x.Notes, &x.Status, &fresh}, &sf, found); err != nil {
		return nil, nil, nil, err
	}
	if sf == nil {
		return nil, nil, nil, apperr.NotFoundf("開催回が見つかりません。")
	}
	if err := openForEnrolment(x); err != nil {
		return nil, nil, nil, err
	}
	rest := numbers[len(chunk):]
	if !fresh {
		clear(found)
		rest = numbers
	}
	if len(rest) > 0 {
		again, err := s.readNominees(ctx, tx, muni, x, rest, found)
		if err != nil {
			return nil, nil, nil, err
		}
		if !fresh {
			sf = again
		}
	}
	return x, sf, found, nil
}

// nominate is Nominate's transaction.
func (s *Store) nominate(ctx context.Context, tx db.Q, by audit.Actor, muni, sessionID int64, numbers []string, res *EnrolResult) error {
	now := s.now()
	x, sf, found, err := s.lockAndRead(ctx, tx, muni, sessionID, now, numbers)
	if err != nil {
		return err
	}
	x.ProgramCode, x.ProgramName, x.Days = sf.programCode, sf.programName, sf.days
	// PostgreSQL drew an id for each person found, in no particular order:
	// the new rows take them smallest first, in the order of the numbers.
	var ids []int64
	for _, r := range found {
		if r.newID != 0 {
			ids = append(ids, r.newID)
		}
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	b := newWriteBatch(tx, s.DB.Engine)
	var c *audit.Chain
	ics := ""
	for _, num := range numbers {
		r, ok := found[num]
		if !ok {
			res.Skipped = append(res.Skipped, Skip{num, "職員が見つかりません。"})
			continue
		}
		if r.status != staff.Active {
			res.Skipped = append(res.Skipped, Skip{r.number, "在職中ではありません（" + r.status + "）。"})
			continue
		}
		if r.enrolID != 0 && live(r.enrolStatus) {
			res.Skipped = append(res.Skipped, Skip{r.number, fmt.Sprintf("既にこの開催回に登録されています（%s）。", EnrolStatusLabel(r.enrolStatus))})
			continue
		}
		if r.other.Valid {
			other := r.other.String
			if other == "" {
				other = "別の回"
			}
			res.Skipped = append(res.Skipped, Skip{r.number, fmt.Sprintf("既にこの研修の別の開催回（%s）に登録されています。", other)})
			continue
		}
		if c == nil {
			// The chain head is locked after the session, as everywhere.
			if c, err = audit.Begin(ctx, b, muni); err != nil {
				return err
			}
			b.hold = true
		}
		st, pos := EnrolEnrolled, 0
		if x.Capacity > 0 && sf.enrolled >= x.Capacity {
			sf.lastPos++
			sf.waitlisted++
			st, pos = EnrolWaitlisted, sf.lastPos
		} else {
			sf.enrolled++
		}
		id := r.enrolID
		if id != 0 {
			_, err = b.ExecContext(ctx, `UPDATE enrolments SET status = $1, source = $2, waitlist_pos = $3, reason = '', updated_at = $4 WHERE id = $5`,
				st, SourceNomination, pos, now, id)
		} else {
			if len(ids) > 0 {
				id, ids = ids[0], ids[1:]
			} else {
				sf.lastID++
				id = sf.lastID
			}
			_, err = b.ExecContext(ctx, `INSERT INTO enrolments (id, municipality_id, session_id, staff_id, status, source, waitlist_pos, reason, created_at, updated_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, '', $8, $8)`, id, muni, x.ID, r.id, st, SourceNomination, pos, now)
		}
		if err != nil {
			return err
		}
		res.add(r.number, st)
		if err := c.Add(ctx, now, by, "nominate", "enrolment", strconv.FormatInt(id, 10),
			map[string]any{"session_id": x.ID, "number": r.number, "status": st, "source": SourceNomination}); err != nil {
			return err
		}
		kind := NoticeEnrolled
		if st == EnrolWaitlisted {
			kind = NoticeWaitlisted
		} else if ics == "" && strings.TrimSpace(r.email) != "" {
			ics = s.sessionCalendar(muni, x, sf.center, now).String()
		}
		who := recipient{Name: r.name, Email: r.email, Muni: sf.muni, Center: sf.center}
		if err := s.writeNotice(ctx, b, now, muni, r.id, kind, x, noticeExtra{}, who, sf.waitlisted, ics); err != nil {
			return err
		}
	}
	if c == nil {
		return nil
	}
	if err := c.Close(ctx); err != nil {
		return err
	}
	return b.Flush(ctx)
}
