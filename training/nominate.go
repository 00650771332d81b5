package training

import (
	"context"
	"sort"
	"strings"

	"hagukumi/apperr"
	"hagukumi/audit"
	"hagukumi/calendar"
	"hagukumi/jtext"
	"hagukumi/staff"
)

// cleanNumbers trims, de-duplicates and drops empty 職員番号, keeping order.
func cleanNumbers(numbers []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, n := range numbers {
		for _, f := range strings.FieldsFunc(n, func(r rune) bool {
			return r == ',' || r == '、' || r == ' ' || r == '\u3000' || r == '\n' || r == '\r' || r == '\t'
		}) {
			f = strings.TrimSpace(jtext.SearchKey(f))
			f = strings.ToUpper(f)
			if f != "" && !seen[f] {
				seen[f] = true
				out = append(out, f)
			}
		}
	}
	return out
}

// Nominate (指名) puts named staff on a session: enrolled while there are
// seats, then on the waitlist. People not found, not in service, or
// already on the program this year are skipped with a reason.
func (s *Store) Nominate(ctx context.Context, by audit.Actor, muni, sessionID int64, numbers []string) (*EnrolResult, error) {
	numbers = cleanNumbers(numbers)
	if len(numbers) == 0 {
		return nil, apperr.Invalidf("指名する職員の職員番号を入力してください。")
	}
	if len(numbers) > 2000 {
		return nil, apperr.Invalidf("一度に指名できるのは2000人までです。")
	}
	var res *EnrolResult
	err := s.write(ctx, muni, func(w *writeTx) error {
		tx := w.Tx
		res = newResult()
		return s.nominate(ctx, tx, by, muni, sessionID, numbers, res)
	})
	return res, err
}

// Nominee is one person to spread over sessions, with their department.
type Nominee struct {
	ID     int64
	Number string
	Dept   string
}

// Seat is one session's room for a spread: Free seats left, −1 for no limit.
type Seat struct {
	SessionID int64
	Free      int
}

// Spread assigns a roster to a program's sessions by capacity, keeping each
// department together where it fits: departments are placed largest first,
// each whole into the session that stays least full in proportion to its
// room; a department too large for any session is split over the sessions
// with the most room. People beyond every session's room are still
// assigned, a department together, to the session with the shortest
// overflow, so they go on its waitlist. People keep their order within a
// session.
func Spread(people []Nominee, seats []Seat) map[int64][]Nominee {
	out := map[int64][]Nominee{}
	if len(seats) == 0 || len(people) == 0 {
		return out
	}
	var order []string
	groups := map[string][]Nominee{}
	for _, p := range people {
		if _, ok := groups[p.Dept]; !ok {
			order = append(order, p.Dept)
		}
		groups[p.Dept] = append(groups[p.Dept], p)
	}
	sort.SliceStable(order, func(i, j int) bool { return len(groups[order[i]]) > len(groups[order[j]]) })

	room := make([]int, len(seats)) // total room of each session for this spread
	left := make([]int, len(seats))
	used := make([]int, len(seats))
	over := make([]int, len(seats))
	for i, st := range seats {
		room[i] = st.Free
		if st.Free < 0 {
			room[i] = len(people)
		}
		left[i] = room[i]
	}
	put := func(i int, ps []Nominee) {
		id := seats[i].SessionID
		out[id] = append(out[id], ps...)
		n := len(ps)
		if n > left[i] {
			over[i] += n - left[i]
			n = left[i]
		}
		left[i] -= n
		used[i] += n
	}
	for _, dept := range order {
		g := groups[dept]
		best := -1
		var bestFill float64
		for i := range seats {
			if left[i] < len(g) || room[i] == 0 {
				continue
			}
			fill := float64(used[i]+len(g)) / float64(room[i])
			if best < 0 || fill < bestFill {
				best, bestFill = i, fill
			}
		}
		if best >= 0 {
			put(best, g)
			continue
		}
		for len(g) > 0 {
			most := -1
			for i := range seats {
				if left[i] > 0 && (most < 0 || left[i] > left[most]) {
					most = i
				}
			}
			if most < 0 {
				break
			}
			n := min(left[most], len(g))
			put(most, g[:n])
			g = g[n:]
		}
		if len(g) > 0 {
			shortest := 0
			for i := range seats {
				if over[i] < over[shortest] {
					shortest = i
				}
			}
			put(shortest, g)
		}
	}
	return out
}

// deptOf is the top-level department of a unit path.
func deptOf(path string) string {
	d, _, _ := strings.Cut(path, "/")
	return d
}

// NominateRoster nominates a program's eligible roster for a fiscal year
// over all its planned sessions of that year (Spread), skipping people
// already on one of them. All sessions are locked first, in id order.
func (s *Store) NominateRoster(ctx context.Context, by audit.Actor, muni, programID int64, fy int) (*EnrolResult, error) {
	p, err := s.ProgramByID(ctx, muni, programID)
	if err != nil {
		return nil, err
	}
	if p.Rule.Manual {
		return nil, apperr.Invalidf("「%s」には対象者の条件がありません。職員番号を指定して指名してください。", p.Name)
	}
	roster, err := s.RosterFor(ctx, muni, p, fy, nil)
	if err != nil {
		return nil, err
	}
	list, err := s.Sessions(ctx, muni, SessionFilter{FY: fy, ProgramID: programID})
	if err != nil {
		return nil, err
	}
	var ids []int64
	for _, x := range list {
		if x.Status == SessionPlanned {
			ids = append(ids, x.ID)
		}
	}
	if len(ids) == 0 {
		return nil, apperr.Invalidf("「%s」の%sの開催回（予定）がありません。", p.Name, calendar.FormatNendo(fy))
	}
	var res *EnrolResult
	err = s.write(ctx, muni, func(w *writeTx) error {
		tx := w.Tx
		res = newResult()
		now := s.now()
		locked, err := lockSessions(ctx, tx, muni, ids, now)
		if err != nil {
			return err
		}
		already := map[int64]bool{}
		rows, err := tx.QueryContext(ctx, `SELECT e.staff_id FROM enrolments e JOIN sessions_training t ON t.id = e.session_id
			WHERE t.municipality_id = $1 AND t.program_id = $2 AND t.fy = $3 AND e.status IN ('applied', 'enrolled', 'waitlisted', 'recommended')`, muni, programID, fy)
		if err != nil {
			return err
		}
		for rows.Next() {
			var id int64
			rows.Scan(&id)
			already[id] = true
		}
		rows.Close()
		var people []Nominee
		for _, p := range roster.People {
			if !already[p.ID] {
				people = append(people, Nominee{ID: p.ID, Number: p.Number, Dept: deptOf(p.Unit)})
			}
		}
		if len(people) == 0 {
			return nil
		}
		seats := make([]Seat, 0, len(ids))
		for _, id := range ids { // by first day, as Sessions sorted them
			l, free := locked[id], -1
			if l.seats.Capacity > 0 {
				free = max(l.seats.Capacity-l.seats.Enrolled, 0)
			}
			seats = append(seats, Seat{SessionID: id, Free: free})
		}
		log := &auditLater{at: now, by: by}
		spread := Spread(people, seats)
		for _, id := range ids {
			keys := make([]any, len(spread[id]))
			for i, n := range spread[id] {
				keys[i] = n.ID
			}
			list, err := readCandidates(ctx, tx, muni, locked[id].x, staff.Scope{}, true, keys)
			if err != nil {
				return err
			}
			found := byNumber(list)
			for _, n := range spread[id] {
				if err := s.enrolNamed(ctx, tx, log, now, muni, by, locked[id], n.Number, found[n.Number], SourceNomination, "nominate", "", res); err != nil {
					return err
				}
			}
		}
		return log.write(ctx, tx, muni)
	})
	return res, err
}
