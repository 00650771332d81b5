package training

import (
	"context"
	"database/sql"
	"sort"
	"strings"
	"time"

	"hagukumi/apperr"
	"hagukumi/audit"
	"hagukumi/db"
)

// People returns every staff member of the municipality with what the
// eligibility rules look at. The answer is kept in memory per municipality
// and read again only when the staff or completion generation has moved
// (audit.Bump), so each roster of a year costs the rules, not a scan. The
// slice and the people in it are shared: callers must not change them.
func (s *Store) People(ctx context.Context, muni int64) ([]*Person, error) {
	g, err := audit.ReadGens(ctx, s.DB, muni)
	if err != nil {
		return nil, err
	}
	cache := s.DB.Cache("training.people", func() any { return &db.PerMuni[peopleAt]{} }).(*db.PerMuni[peopleAt])
	c, err := cache.Get(muni, func(c *peopleAt) bool { return c.gens.Staff >= g.Staff && c.gens.Completion >= g.Completion },
		func() (*peopleAt, error) {
			// The generations first: data read after them is at least that new.
			g, err := audit.ReadGens(ctx, s.DB, muni)
			if err != nil {
				return nil, err
			}
			people, err := s.LoadPeople(ctx, muni)
			if err != nil {
				return nil, err
			}
			return &peopleAt{gens: g, people: people}, nil
		})
	if err != nil {
		return nil, err
	}
	return c.people, nil
}

type peopleAt struct {
	gens   audit.Gens
	people []*Person
}

// LoadPeople reads People from the database, bypassing the in-memory copy
// (the bench times it: it is what the first roster after a change costs).
func (s *Store) LoadPeople(ctx context.Context, muni int64) ([]*Person, error) {
	rows, err := s.DB.R.QueryContext(ctx, `SELECT s.id, s.number, s.family_name, s.given_name, COALESCE(o.path, ''), s.hire_date, s.employment_type, s.status
		FROM staff s LEFT JOIN org_units o ON o.id = s.unit_id WHERE s.municipality_id = $1 ORDER BY s.number`, muni)
	if err != nil {
		return nil, err
	}
	// People sit in one array and repeated values (units, types, statuses,
	// rank names) share one copy: a roster walks all of them, and at
	// 100,000 staff scattered objects made it wait on memory.
	intern := map[string]string{}
	in := func(v string) string {
		if x, ok := intern[v]; ok {
			return x
		}
		intern[v] = v
		return v
	}
	var all []Person
	for rows.Next() {
		var p Person
		var fam, given, hire string
		if err := rows.Scan(&p.ID, &p.Number, &fam, &given, &p.Unit, &hire, &p.EmploymentType, &p.Status); err != nil {
			rows.Close()
			return nil, err
		}
		p.Name = fam
		if given != "" {
			p.Name += " " + given
		}
		p.Unit, p.EmploymentType, p.Status = in(p.Unit), in(p.EmploymentType), in(p.Status)
		p.HireDate, _ = time.Parse(time.DateOnly, hire)
		all = append(all, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	people := make([]*Person, len(all))
	byID := make(map[int64]*Person, len(all))
	for i := range all {
		people[i] = &all[i]
		byID[all[i].ID] = &all[i]
	}
	rows, err = s.DB.R.QueryContext(ctx, `SELECT h.staff_id, COALESCE(r.name, ''), h.from_date FROM staff_ranks h LEFT JOIN ranks r ON r.id = h.rank_id
		WHERE h.municipality_id = $1 ORDER BY h.staff_id, h.from_date, h.id`, muni)
	if err != nil {
		return nil, err
	}
	// All stints in one array, each person's a slice of it (rows come by staff).
	var stints []RankStint
	var owner []*Person
	for rows.Next() {
		var id int64
		var rank, from string
		if err := rows.Scan(&id, &rank, &from); err != nil {
			rows.Close()
			return nil, err
		}
		if p := byID[id]; p != nil {
			t, _ := time.Parse(time.DateOnly, from)
			stints = append(stints, RankStint{Rank: in(rank), From: t})
			owner = append(owner, p)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := 0; i < len(stints); {
		j := i + 1
		for j < len(stints) && owner[j] == owner[i] {
			j++
		}
		owner[i].Ranks = stints[i:j:j]
		i = j
	}
	rows, err = s.DB.R.QueryContext(ctx, `SELECT c.staff_id, c.fy, r.name FROM promotion_candidates c JOIN ranks r ON r.id = c.rank_id WHERE c.municipality_id = $1`, muni)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var id int64
		var fy int
		var rank string
		if err := rows.Scan(&id, &fy, &rank); err != nil {
			rows.Close()
			return nil, err
		}
		if p := byID[id]; p != nil {
			if p.Candidates == nil {
				p.Candidates = map[int]string{}
			}
			p.Candidates[fy] = in(rank)
		}
	}
	rows.Close()
	rows, err = s.DB.R.QueryContext(ctx, `SELECT c.staff_id, p.code, MIN(c.fy) FROM completions c JOIN programs p ON p.id = c.program_id
		WHERE c.municipality_id = $1 GROUP BY c.staff_id, p.code`, muni)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var code string
		var fy int
		if err := rows.Scan(&id, &code, &fy); err != nil {
			return nil, err
		}
		if p := byID[id]; p != nil {
			if p.Completed == nil {
				p.Completed = map[string]int{}
			}
			p.Completed[in(code)] = fy
		}
	}
	return people, rows.Err()
}

// Exception is an explicit include or exclude with its reason.
type Exception struct {
	StaffID int64  `json:"-"`
	Number  string `json:"number"`
	Name    string `json:"name"`
	Kind    string `json:"kind"` // include, exclude
	Reason  string `json:"reason"`
}

// Exceptions lists a program's exceptions for a fiscal year.
func (s *Store) Exceptions(ctx context.Context, muni, programID int64, fy int) ([]Exception, error) {
	rows, err := s.DB.R.QueryContext(ctx, `SELECT e.staff_id, s.number, s.family_name, s.given_name, e.kind, e.reason FROM eligibility_exceptions e
		JOIN staff s ON s.id = e.staff_id WHERE e.municipality_id = $1 AND e.program_id = $2 AND e.fy = $3 ORDER BY s.number`, muni, programID, fy)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Exception
	for rows.Next() {
		var e Exception
		var fam, given string
		if err := rows.Scan(&e.StaffID, &e.Number, &fam, &given, &e.Kind, &e.Reason); err != nil {
			return nil, err
		}
		e.Name = strings.TrimSpace(fam + " " + given)
		out = append(out, e)
	}
	return out, rows.Err()
}

// SetException adds, replaces or (kind "") removes an exception.
func (s *Store) SetException(ctx context.Context, by audit.Actor, muni, programID int64, fy int, number, kind, reason string) error {
	reason = strings.TrimSpace(reason)
	if kind != "" && kind != "include" && kind != "exclude" {
		return apperr.Invalidf("追加か除外を選んでください。")
	}
	if kind != "" && reason == "" {
		return apperr.Invalidf("理由を入力してください。")
	}
	var staffID int64
	if err := s.DB.R.QueryRowContext(ctx, `SELECT id FROM staff WHERE municipality_id = $1 AND number = $2`, muni, strings.TrimSpace(number)).Scan(&staffID); err != nil {
		return apperr.NotFoundf("職員番号 %s の職員は見つかりません。", number)
	}
	return s.write(ctx, muni, func(w *writeTx) error {
		tx := w.Tx
		now := s.now()
		if _, err := tx.ExecContext(ctx, `DELETE FROM eligibility_exceptions WHERE program_id = $1 AND fy = $2 AND staff_id = $3 AND municipality_id = $4`,
			programID, fy, staffID, muni); err != nil {
			return err
		}
		if kind != "" {
			if _, err := tx.ExecContext(ctx, `INSERT INTO eligibility_exceptions (municipality_id, program_id, fy, staff_id, kind, reason, created_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7)`, muni, programID, fy, staffID, kind, reason, now); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, now, muni, by, "set_exception", "eligibility", number,
			map[string]any{"program_id": programID, "fy": fy, "kind": kind, "reason": reason})
	})
}

// RosterFor computes a program's roster for a fiscal year, with exceptions.
func (s *Store) RosterFor(ctx context.Context, muni int64, p *Program, fy int, people []*Person) (*Roster, error) {
	if people == nil {
		var err error
		if people, err = s.People(ctx, muni); err != nil {
			return nil, err
		}
	}
	ex, err := s.Exceptions(ctx, muni, p.ID, fy)
	if err != nil {
		return nil, err
	}
	inc, exc := map[int64]string{}, map[int64]string{}
	for _, e := range ex {
		if e.Kind == "include" {
			inc[e.StaffID] = e.Reason
		} else {
			exc[e.StaffID] = e.Reason
		}
	}
	return BuildRoster(&p.Rule, people, fy, inc, exc), nil
}

// RosterEntry is the contract of `hagukumi eligible --json` and of
// GET /api/v1/programs/{code}/eligible.
type RosterEntry struct {
	Number         string `json:"number"`
	Name           string `json:"name"`
	Unit           string `json:"unit"`
	EmploymentType string `json:"employment_type"`
	Reason         string `json:"reason,omitempty"` // for explicit includes
}

// Entries turns a roster into its JSON form, sorted by number.
func (r *Roster) Entries() []RosterEntry {
	out := make([]RosterEntry, 0, len(r.People))
	for _, p := range r.People {
		out = append(out, RosterEntry{Number: p.Number, Name: p.Name, Unit: strings.ReplaceAll(p.Unit, "/", " "),
			EmploymentType: p.EmploymentType, Reason: r.Include[p.ID]})
	}
	return out
}

// RosterDiff is who joined or left a roster since the last snapshot.
type RosterDiff struct {
	Since  time.Time     `json:"since"`
	Joined []RosterEntry `json:"joined"`
	Left   []string      `json:"left"`
	First  bool          `json:"first"` // no earlier snapshot
}

// SnapshotAndDiff compares a roster with the last snapshot taken for it and
// stores the current one when it differs. The center takes one after each
// personnel import to see who joined or left.
func (s *Store) SnapshotAndDiff(ctx context.Context, muni int64, p *Program, r *Roster) (*RosterDiff, error) {
	nums := make([]string, 0, len(r.People))
	for _, x := range r.People {
		nums = append(nums, x.Number)
	}
	cur := strings.Join(nums, ",")
	d := &RosterDiff{Joined: []RosterEntry{}, Left: []string{}}
	var prev string
	var at time.Time
	err := s.DB.R.QueryRowContext(ctx, `SELECT numbers, taken_at FROM eligibility_snapshots WHERE municipality_id = $1 AND program_id = $2 AND fy = $3
		ORDER BY taken_at DESC, id DESC LIMIT 1`, muni, p.ID, r.FY).Scan(&prev, &at)
	if err == sql.ErrNoRows {
		d.First = true
	} else if err != nil {
		return nil, err
	}
	d.Since = at
	if !d.First {
		old := map[string]bool{}
		for _, n := range strings.Split(prev, ",") {
			if n != "" {
				old[n] = true
			}
		}
		for _, e := range r.Entries() {
			if !old[e.Number] {
				d.Joined = append(d.Joined, e)
			}
			delete(old, e.Number)
		}
		for n := range old {
			d.Left = append(d.Left, n)
		}
		sort.Strings(d.Left)
	}
	if d.First || cur != prev {
		if _, err := s.DB.W.ExecContext(ctx, `INSERT INTO eligibility_snapshots (municipality_id, program_id, fy, numbers, taken_at) VALUES ($1, $2, $3, $4, $5)`,
			muni, p.ID, r.FY, cur, s.now()); err != nil {
			return nil, err
		}
	}
	return d, nil
}
