package training

import (
	"context"
	"database/sql"
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

// Every enrolment change of a session takes the same path: lockSession
// locks the session row and then reads the session, its seats and what
// notices need; readCandidates reads the people concerned under that lock;
// DecideEnrolment decides; enrolWrite writes. While the lock is held nobody
// else can change the session's enrolments, so the seats are read once and
// counted on in memory.

// locked is a session locked for enrolment changes, with what the
// decisions and notices about it need.
type locked struct {
	x            *Session
	mode         string // the program's enrolment mode
	selection    bool   // a 推薦 waits for the center's selection
	seats        Seats
	waitlisted   int
	muni, center string // for notices
	ics          string // the session's calendar, made once when needed
}

// lockSession takes the session's row lock first thing in a transaction
// and reads the session under it. The lock is an UPDATE, the same text on
// both engines: on PostgreSQL it holds the row until the transaction ends,
// across app instances too, and SQLite has one writer anyway. The reads
// after it therefore see every enrolment committed before, and no other
// writer can change them until we commit.
func lockSession(ctx context.Context, tx db.Q, muni, id int64, now time.Time) (*locked, error) {
	res, err := tx.ExecContext(ctx, `UPDATE sessions_training SET updated_at = $1 WHERE id = $2 AND municipality_id = $3`, now, id, muni)
	if err != nil {
		return nil, err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return nil, apperr.NotFoundf("開催回が見つかりません。")
	}
	// The days come in the same statement as one text, "day start end"
	// per day joined by commas (every part is a fixed-format text without
	// spaces or commas): one statement fewer in every enrolment.
	l := &locked{}
	var days sql.NullString
	x, err := scanSession(tx.QueryRowContext(ctx, `SELECT `+sessionCols+`, p.enrolment_mode, p.recommend_selection,
		(SELECT COALESCE(MAX(w.waitlist_pos), 0) FROM enrolments w WHERE w.session_id = t.id AND w.status = 'waitlisted'), m.name, m.center_name,
		(SELECT string_agg(d.day || ' ' || d.start_time || ' ' || d.end_time, ',' ORDER BY d.day) FROM session_days d WHERE d.session_id = t.id)
		FROM sessions_training t JOIN programs p ON p.id = t.program_id JOIN municipalities m ON m.id = t.municipality_id
		WHERE t.municipality_id = $1 AND t.id = $2`, muni, id), &l.mode, &l.selection, &l.seats.LastPos, &l.muni, &l.center, &days)
	if err != nil {
		return nil, err
	}
	l.x = x
	l.seats.Capacity, l.seats.Enrolled, l.waitlisted = l.x.Capacity, l.x.Enrolled, l.x.Waitlisted
	if days.Valid {
		for _, day := range strings.Split(days.String, ",") {
			f := strings.Fields(day)
			if len(f) != 3 {
				return nil, fmt.Errorf("training: session %d has a malformed day %q", id, day)
			}
			l.x.Days = append(l.x.Days, Day{Date: f[0], Start: f[1], End: f[2]})
		}
	}
	return l, nil
}

// take counts a decided place in the locked session.
func (l *locked) take(d EnrolDecision) {
	l.seats.Take(d)
	if d.Status == EnrolWaitlisted {
		l.waitlisted++
	}
}

// candidate is one person read under a session's lock.
type candidate struct {
	id          int64
	number      string
	status      string
	name, email string
	enrolID     int64 // their row on this session, if any
	enrolStatus string
	other       sql.NullString // a live enrolment on another session of the program and year
}

// facts are the candidate as DecideEnrolment sees it.
func (c *candidate) facts() Candidate {
	if c == nil {
		return Candidate{}
	}
	return Candidate{Found: true, Number: c.number, StaffStatus: c.status, Current: c.enrolStatus, OnOther: c.other.Valid, OtherTitle: c.other.String}
}

// candidateChunk bounds the keys of one read (modernc binds parameters at
// a cost that grows with the square of their number).
const candidateChunk = 200

// readCandidates reads, on a locked session, the staff whose number (or,
// byID, whose id) is in keys and who are within the scope sc, with what
// they already have on the session's program this year.
func readCandidates(ctx context.Context, tx db.Q, muni int64, x *Session, sc staff.Scope, byID bool, keys []any) ([]*candidate, error) {
	col := "s.number"
	if byID {
		col = "s.id"
	}
	var out []*candidate
	for len(keys) > 0 {
		chunk := keys[:min(len(keys), candidateChunk)]
		keys = keys[len(chunk):]
		args := []any{muni, x.ID, x.ProgramID, x.FY}
		marks := make([]string, len(chunk))
		for i, k := range chunk {
			args = append(args, k)
			marks[i] = "$" + strconv.Itoa(len(args))
		}
		rows, err := tx.QueryContext(ctx, `SELECT s.id, s.number, s.status, s.family_name, s.given_name, s.email,
			COALESCE(e.id, 0), COALESCE(e.status, ''),
			(SELECT t.title FROM enrolments oe JOIN sessions_training t ON t.id = oe.session_id
				WHERE oe.staff_id = s.id AND t.program_id = $3 AND t.fy = $4 AND oe.session_id <> $2 AND oe.status IN ('applied', 'enrolled', 'waitlisted', 'recommended') LIMIT 1)
			FROM staff s LEFT JOIN org_units o ON o.id = s.unit_id LEFT JOIN enrolments e ON e.session_id = $2 AND e.staff_id = s.id
			WHERE s.municipality_id = $1 AND `+col+` IN (`+strings.Join(marks, ", ")+`)`+scopeWhere(sc, &args), args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var c candidate
			var fam, given string
			if err := rows.Scan(&c.id, &c.number, &c.status, &fam, &given, &c.email, &c.enrolID, &c.enrolStatus, &c.other); err != nil {
				rows.Close()
				return nil, err
			}
			c.name = strings.TrimSpace(fam + " " + given)
			out = append(out, &c)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// readCandidate reads one staff member by id on a locked session.
func readCandidate(ctx context.Context, tx db.Q, muni int64, x *Session, staffID int64) (*candidate, error) {
	list, err := readCandidates(ctx, tx, muni, x, staff.Scope{}, true, []any{staffID})
	if err != nil || len(list) == 0 {
		return nil, err
	}
	return list[0], nil
}

// enrolWrite writes a decided place: the person's row on the session (their
// old cancelled, declined or moved row again, or a new one), and counts the
// seat. It returns the enrolment id.
func enrolWrite(ctx context.Context, tx db.Q, now time.Time, muni int64, l *locked, c *candidate, d EnrolDecision, source string) (int64, error) {
	l.take(d)
	if c.enrolID != 0 {
		_, err := tx.ExecContext(ctx, `UPDATE enrolments SET status = $1, source = $2, waitlist_pos = $3, reason = '', updated_at = $4 WHERE id = $5`,
			d.Status, source, d.Position, now, c.enrolID)
		return c.enrolID, err
	}
	return db.Insert(ctx, tx, `INSERT INTO enrolments (municipality_id, session_id, staff_id, status, source, waitlist_pos, reason, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, '', $7, $7) RETURNING id`, muni, l.x.ID, c.id, d.Status, source, d.Position, now)
}

// enrolNamed is one person of a 指名 or 推薦 (c nil when the number was not
// found): decided, written, audited and notified, or skipped with the reason.
// want is "" for a place decided by the seats, or EnrolRecommended for a
// 推薦 that waits for the center's selection.
func (s *Store) enrolNamed(ctx context.Context, tx db.Q, log *auditLater, now time.Time, muni int64, by audit.Actor, l *locked,
	number string, c *candidate, source, action, want string, res *EnrolResult) error {
	d := DecideEnrolment(c.facts(), l.seats, want)
	if d.Refused() {
		if c != nil {
			number = c.number
		}
		res.Skipped = append(res.Skipped, Skip{number, d.Refusal})
		return nil
	}
	id, err := enrolWrite(ctx, tx, now, muni, l, c, d, source)
	if err != nil {
		return err
	}
	res.add(c.number, d.Status)
	clash, err := clashOf(ctx, tx, l.x, c.id)
	if err != nil {
		return err
	}
	if clash != "" {
		res.Overlaps = append(res.Overlaps, Overlap{Number: c.number, With: clash})
	}
	log.add(action, "enrolment", strconv.FormatInt(id, 10),
		map[string]any{"session_id": l.x.ID, "number": c.number, "status": d.Status, "source": source})
	kind := NoticeEnrolled
	if d.Status == EnrolRecommended {
		kind = NoticeRecommended
	} else if d.Status == EnrolWaitlisted {
		kind = NoticeWaitlisted
	} else if l.ics == "" && strings.TrimSpace(c.email) != "" {
		l.ics = s.sessionCalendar(muni, l.x, l.center, now).String()
	}
	who := recipient{Name: c.name, Email: c.email, Muni: l.muni, Center: l.center}
	return s.writeNotice(ctx, tx, now, muni, c.id, kind, l.x, noticeExtra{Overlap: clash}, who, l.waitlisted, l.ics)
}

// byNumber indexes candidates by 職員番号.
func byNumber(list []*candidate) map[string]*candidate {
	m := make(map[string]*candidate, len(list))
	for _, c := range list {
		m[c.number] = c
	}
	return m
}

// numberKeys turns 職員番号 into query arguments.
func numberKeys(numbers []string) []any {
	keys := make([]any, len(numbers))
	for i, n := range numbers {
		keys[i] = n
	}
	return keys
}

// nominate is Nominate's transaction.
func (s *Store) nominate(ctx context.Context, tx db.Q, by audit.Actor, muni, sessionID int64, numbers []string, res *EnrolResult) error {
	// Nominating one person at a time is the busiest write (BENCHMARKS.md
	// #2): on SQLite its statements stay prepared on the writer.
	tx = s.DB.Writes(tx)
	now := s.now()
	l, err := lockSession(ctx, tx, muni, sessionID, now)
	if err != nil {
		return err
	}
	if err := openForEnrolment(l.x); err != nil {
		return err
	}
	list, err := readCandidates(ctx, tx, muni, l.x, staff.Scope{}, false, numberKeys(numbers))
	if err != nil {
		return err
	}
	found := byNumber(list)
	log := &auditLater{at: now, by: by}
	for _, n := range numbers {
		if err := s.enrolNamed(ctx, tx, log, now, muni, by, l, n, found[n], SourceNomination, "nominate", "", res); err != nil {
			return err
		}
	}
	return log.write(ctx, tx, muni)
}

// auditLater keeps the audit entries of an enrolment transaction until its
// other writes are done. The municipality's chain head serialises all of
// its writers on PostgreSQL; taken last, it is held only for its read, the
// entries' insert, its update and the COMMIT, instead of across every
// enrolment, notice and mail (BENCHMARKS.md, issue 10, #2 with 4 clients).
// The entries and their order are the same, so the chain is too. The
// session is still locked before the chain head, as everywhere.
type auditLater struct {
	at      time.Time
	by      audit.Actor
	entries []laterEntry
}

type laterEntry struct {
	action, entity, id string
	detail             any
}

func (a *auditLater) add(action, entity, id string, detail any) {
	a.entries = append(a.entries, laterEntry{action, entity, id, detail})
}

// write takes the chain head and appends the entries kept, if any.
func (a *auditLater) write(ctx context.Context, tx db.Q, muni int64) error {
	if len(a.entries) == 0 {
		return nil
	}
	c, err := audit.Begin(ctx, tx, muni)
	if err != nil {
		return err
	}
	for _, e := range a.entries {
		if err := c.Add(ctx, a.at, a.by, e.action, e.entity, e.id, e.detail); err != nil {
			return err
		}
	}
	return c.Close(ctx)
}

// lockSessions locks several sessions in id order, so two transactions
// locking the same pair cannot wait on each other.
func lockSessions(ctx context.Context, tx db.Q, muni int64, ids []int64, now time.Time) (map[int64]*locked, error) {
	sorted := append([]int64(nil), ids...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i] < sorted[j] })
	out := map[int64]*locked{}
	for _, id := range sorted {
		if out[id] != nil {
			continue
		}
		l, err := lockSession(ctx, tx, muni, id, now)
		if err != nil {
			return nil, err
		}
		out[id] = l
	}
	return out, nil
}

func countEnrolled(ctx context.Context, q db.Q, sessionID int64) (int, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM enrolments WHERE session_id = $1 AND status = 'enrolled'`, sessionID).Scan(&n)
	return n, err
}

func planPublished(ctx context.Context, q db.Q, muni int64, fy int) (bool, error) {
	var st string
	err := q.QueryRowContext(ctx, `SELECT status FROM plans WHERE municipality_id = $1 AND fy = $2`, muni, fy).Scan(&st)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return st == PlanPublished, err
}

func openForEnrolment(x *Session) error {
	if x.Status != SessionPlanned {
		return apperr.Invalidf("この開催回は%sのため、受講の登録はできません。", SessionStatusLabel(x.Status))
	}
	return nil
}

// lockOpenSession locks a session of a published plan that takes
// enrolments by the given mode (申込 or 推薦) and is still open for them.
func lockOpenSession(ctx context.Context, tx db.Q, muni, sessionID int64, now time.Time, want string) (*locked, error) {
	l, err := lockSession(ctx, tx, muni, sessionID, now)
	if err != nil {
		return nil, err
	}
	x, mode := l.x, l.mode
	if ok, err := planPublished(ctx, tx, muni, x.FY); err != nil {
		return nil, err
	} else if !ok {
		return nil, apperr.NotFoundf("開催回が見つかりません。")
	}
	if mode != want {
		return nil, apperr.Invalidf("「%s」は%s制の研修ではありません。", x.ProgramName, ModeLabel(want))
	}
	if err := openForEnrolment(x); err != nil {
		return nil, err
	}
	return l, nil
}
