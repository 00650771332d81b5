package staff

import (
	"context"
	"database/sql"
	"sort"
	"strings"
	"time"

	"hagukumi/audit"
	"hagukumi/calendar"
	"hagukumi/db"
)

// ImportOptions steer one import run.
type ImportOptions struct {
	AsOf          time.Time // reference date: department changes take effect on it; 昇格候補 apply to its fiscal year
	RetireMissing bool      // staff absent from the file are marked 退職
	DryRun        bool      // compute the result, change nothing
	Progress      func(done, total int)
}

// FieldChange is one changed field of an updated row.
type FieldChange struct {
	Field  string `json:"field"`
	Before string `json:"before"`
	After  string `json:"after"`
}

// RowChange describes what the import does to one staff member.
type RowChange struct {
	Line   int           `json:"line,omitempty"`
	Number string        `json:"number"`
	Name   string        `json:"name"`
	Kind   string        `json:"kind"` // added, updated, retired
	Fields []FieldChange `json:"fields,omitempty"`
}

// ImportResult is the answer of the CLI, the API and the preview page.
type ImportResult struct {
	DryRun    bool        `json:"dry_run"`
	Added     int         `json:"added"`
	Updated   int         `json:"updated"`
	Unchanged int         `json:"unchanged"`
	Retired   int         `json:"retired"`
	Errors    []Problem   `json:"errors"`
	Changes   []RowChange `json:"changes"`
	NewUnits  []string    `json:"new_units"`
	Applied   bool        `json:"applied"`
}

// Import decodes a staff file and applies it in one transaction: every row
// or none. Problems found while decoding or against the registry (an unknown
// rank, say) refuse the whole file.
func (s *Store) Import(ctx context.Context, muni int64, by audit.Actor, name string, data []byte, opt ImportOptions) (*ImportResult, error) {
	rows, problems := DecodeStaffFile(name, data)
	res := &ImportResult{DryRun: opt.DryRun, Errors: problems, Changes: []RowChange{}, NewUnits: []string{}}
	if res.Errors == nil {
		res.Errors = []Problem{}
	}
	if len(problems) > 0 {
		return res, nil
	}
	if opt.AsOf.IsZero() {
		opt.AsOf = s.now()
	}
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		if err := s.applyRows(ctx, tx, muni, by, rows, opt, res); err != nil {
			return err
		}
		if len(res.Errors) > 0 || opt.DryRun {
			return errRollback
		}
		return nil
	})
	if err == errRollback {
		err = nil
	}
	res.Applied = err == nil && !opt.DryRun && len(res.Errors) == 0
	return res, err
}

type rollback struct{}

func (rollback) Error() string { return "rollback" }

var errRollback error = rollback{}

type existing struct {
	id          int64
	m           Member
	unitPath    string
	candidate   string
	candidateID int64
}

func fmtDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}

func (s *Store) applyRows(ctx context.Context, tx *sql.Tx, muni int64, by audit.Actor, rows []Row, opt ImportOptions, res *ImportResult) error {
	now := s.now()
	asOf := fmtDate(opt.AsOf)
	fy := calendar.FiscalYear(opt.AsOf)
	rankList, err := ranks(ctx, tx, muni)
	if err != nil {
		return err
	}
	units, err := newUnitCache(ctx, tx, muni, fy, now)
	if err != nil {
		return err
	}
	// Load the registry once: an import touches most of it.
	cur := map[string]*existing{}
	q, err := tx.QueryContext(ctx, `SELECT `+memberCols+`, COALESCE(cr.name, ''), COALESCE(cr.id, 0)`+memberFrom+`
		LEFT JOIN promotion_candidates c ON c.staff_id = s.id AND c.fy = $2 LEFT JOIN ranks cr ON cr.id = c.rank_id
		WHERE s.municipality_id = $1`, muni, fy)
	if err != nil {
		return err
	}
	for q.Next() {
		var e existing
		var m Member
		if err := q.Scan(&m.ID, &m.Number, &m.FamilyName, &m.GivenName, &m.FamilyKana, &m.GivenKana, &m.Gender, &m.BirthDate, &m.HireDate,
			&m.EmploymentType, &m.JobType, &m.Title, &m.RankID, &m.Rank, &m.RankOrdinal, &m.RankSince,
			&m.UnitID, &m.Unit, &m.University, &m.Email, &m.Status, &e.candidate, &e.candidateID); err != nil {
			q.Close()
			return err
		}
		e.id, e.m, e.unitPath = m.ID, m, m.Unit
		cur[m.Number] = &e
	}
	q.Close()

	// Check the rows against the registry before writing anything.
	type planned struct {
		row       Row
		rank      Rank
		hasRank   bool
		candidate Rank
	}
	plan := make([]planned, 0, len(rows))
	for _, r := range rows {
		p := planned{row: r}
		if r.Rank != "" {
			p.rank, p.hasRank = FindRank(rankList, r.Rank)
			if !p.hasRank {
				res.Errors = append(res.Errors, Problem{Line: r.Line, Column: "職位", Message: "職位「" + r.Rank + "」は職位の一覧にありません（職位の設定で追加できます）"})
			}
		}
		if r.Candidate != "" {
			c, ok := FindRank(rankList, r.Candidate)
			if !ok {
				res.Errors = append(res.Errors, Problem{Line: r.Line, Column: "昇格候補", Message: "昇格候補の職位「" + r.Candidate + "」は職位の一覧にありません"})
			}
			p.candidate = c
		}
		plan = append(plan, p)
	}
	if len(res.Errors) > 0 {
		return nil
	}

	if err := audit.Bump(ctx, tx, muni, audit.StaffGen); err != nil {
		return err
	}
	chain, err := audit.Begin(ctx, tx, muni)
	if err != nil {
		return err
	}
	insStaff, err := tx.PrepareContext(ctx, `INSERT INTO staff (municipality_id, number, family_name, given_name, family_kana, given_kana, search_text, sort_kana,
		gender, birth_date, hire_date, employment_type, job_type, title, rank_id, rank_since, unit_id, university, email, status, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $21) RETURNING id`)
	if err != nil {
		return err
	}
	defer insStaff.Close()
	updStaff, err := tx.PrepareContext(ctx, `UPDATE staff SET family_name = $1, given_name = $2, family_kana = $3, given_kana = $4, search_text = $5, sort_kana = $6,
		gender = $7, birth_date = $8, hire_date = $9, employment_type = $10, job_type = $11, title = $12, rank_id = $13, rank_since = $14, unit_id = $15,
		university = $16, email = $17, status = $18, updated_at = $19 WHERE id = $20`)
	if err != nil {
		return err
	}
	defer updStaff.Close()
	insAssign, err := tx.PrepareContext(ctx, `INSERT INTO staff_assignments (municipality_id, staff_id, unit_id, from_date) VALUES ($1, $2, $3, $4)`)
	if err != nil {
		return err
	}
	defer insAssign.Close()
	insRank, err := tx.PrepareContext(ctx, `INSERT INTO staff_ranks (municipality_id, staff_id, rank_id, title, from_date) VALUES ($1, $2, $3, $4, $5)`)
	if err != nil {
		return err
	}
	defer insRank.Close()

	seen := make(map[string]bool, len(plan))
	for i, p := range plan {
		r := p.row
		seen[r.Number] = true
		unitPath := strings.Join(r.Unit, "/")
		var unitID int64
		if len(r.Unit) > 0 {
			before := len(units.made)
			if unitID, err = units.ensure(ctx, tx, r.Unit); err != nil {
				return err
			}
			for _, u := range units.made[before:] {
				res.NewUnits = append(res.NewUnits, strings.ReplaceAll(u, "/", " "))
			}
		}
		m := Member{Number: r.Number, FamilyName: r.FamilyName, GivenName: r.GivenName, FamilyKana: r.FamilyKana, GivenKana: r.GivenKana,
			Gender: r.Gender, BirthDate: fmtDate(r.BirthDate), HireDate: fmtDate(r.HireDate), EmploymentType: r.EmploymentType, JobType: r.JobType,
			Title: r.Rank, RankSince: fmtDate(r.RankSince), Unit: unitPath, University: r.University, Email: r.Email, Status: r.Status}
		if m.Status == "" {
			m.Status = Active
		}
		if p.hasRank {
			m.RankID, m.Rank = p.rank.ID, p.rank.Name
		}
		old := cur[r.Number]
		candidate := p.candidate
		if old != nil && r.Columns != nil {
			keepAbsent(r.Columns, &old.m, &m)
			if !r.Columns.Unit {
				unitPath, unitID = old.unitPath, old.m.UnitID
			}
			if !r.Columns.Candidate {
				candidate = Rank{ID: old.candidateID, Name: old.candidate}
			}
		}
		search := SearchKey(m.Number + " " + m.Name() + " " + m.Kana())
		sortKey := SortKana(m.Kana())
		if old == nil {
			hireFrom := m.HireDate
			assignFrom := asOf
			if hireFrom > assignFrom {
				assignFrom = hireFrom
			}
			res.Added++
			res.Changes = append(res.Changes, RowChange{Line: r.Line, Number: m.Number, Name: m.Name(), Kind: "added"})
			id, err := insertReturning(ctx, insStaff, muni, m.Number, m.FamilyName, m.GivenName, m.FamilyKana, m.GivenKana, search, sortKey,
				m.Gender, m.BirthDate, m.HireDate, m.EmploymentType, m.JobType, m.Title, nullID(m.RankID), m.RankSince, nullID(unitID), m.University, m.Email, m.Status, now)
			if err != nil {
				return err
			}
			if unitID != 0 {
				if _, err := insAssign.ExecContext(ctx, muni, id, unitID, assignFrom); err != nil {
					return err
				}
			}
			if m.Title != "" {
				from := m.RankSince
				if from == "" {
					from = hireFrom
				}
				if _, err := insRank.ExecContext(ctx, muni, id, nullID(m.RankID), m.Title, from); err != nil {
					return err
				}
			}
			if err := setCandidate(ctx, tx, muni, id, fy, candidate.ID); err != nil {
				return err
			}
			if err := chain.Add(ctx, now, by, "import_add", "staff", m.Number, audit.Change{After: m}); err != nil {
				return err
			}
		} else {
			changes := diffMember(&old.m, &m)
			if old.candidate != candidate.Name {
				changes = append(changes, FieldChange{Field: "昇格候補", Before: old.candidate, After: candidate.Name})
			}
			if len(changes) == 0 {
				res.Unchanged++
			} else {
				res.Updated++
				res.Changes = append(res.Changes, RowChange{Line: r.Line, Number: m.Number, Name: m.Name(), Kind: "updated", Fields: changes})
				if _, err := updStaff.ExecContext(ctx, m.FamilyName, m.GivenName, m.FamilyKana, m.GivenKana, search, sortKey, m.Gender, m.BirthDate, m.HireDate,
					m.EmploymentType, m.JobType, m.Title, nullID(m.RankID), m.RankSince, nullID(unitID), m.University, m.Email, m.Status, now, old.id); err != nil {
					return err
				}
				if old.unitPath != unitPath {
					if _, err := tx.ExecContext(ctx, `UPDATE staff_assignments SET to_date = $1 WHERE staff_id = $2 AND to_date IS NULL`, asOf, old.id); err != nil {
						return err
					}
					if unitID != 0 {
						if _, err := insAssign.ExecContext(ctx, muni, old.id, unitID, asOf); err != nil {
							return err
						}
					}
				}
				if old.m.Title != m.Title || old.m.RankSince != m.RankSince {
					from := m.RankSince
					if from == "" || (old.m.Title != m.Title && m.RankSince == old.m.RankSince) {
						from = asOf
					}
					if _, err := tx.ExecContext(ctx, `UPDATE staff_ranks SET to_date = $1 WHERE staff_id = $2 AND to_date IS NULL`, from, old.id); err != nil {
						return err
					}
					if m.Title != "" {
						if _, err := insRank.ExecContext(ctx, muni, old.id, nullID(m.RankID), m.Title, from); err != nil {
							return err
						}
					}
				}
				if old.candidate != candidate.Name {
					if err := setCandidate(ctx, tx, muni, old.id, fy, candidate.ID); err != nil {
						return err
					}
				}
				if err := chain.Add(ctx, now, by, "import_update", "staff", m.Number, changes); err != nil {
					return err
				}
			}
		}
		if opt.Progress != nil && (i%500 == 0 || i == len(plan)-1) {
			opt.Progress(i+1, len(plan))
		}
	}
	if opt.RetireMissing {
		var missing []*existing
		for num, e := range cur {
			if !seen[num] && e.m.Status != Retired {
				missing = append(missing, e)
			}
		}
		sort.Slice(missing, func(i, j int) bool { return missing[i].m.Number < missing[j].m.Number })
		for _, e := range missing {
			res.Retired++
			res.Changes = append(res.Changes, RowChange{Number: e.m.Number, Name: e.m.Name(), Kind: "retired",
				Fields: []FieldChange{{Field: "在職状況", Before: e.m.Status, After: Retired}}})
			if _, err := tx.ExecContext(ctx, `UPDATE staff SET status = $1, updated_at = $2 WHERE id = $3`, Retired, now, e.id); err != nil {
				return err
			}
			if err := chain.Add(ctx, now, by, "import_retire", "staff", e.m.Number, audit.Change{Before: e.m.Status, After: Retired}); err != nil {
				return err
			}
		}
	}
	if res.Added+res.Updated+res.Retired > 0 {
		if err := chain.Add(ctx, now, by, "import", "staff_file", "", map[string]any{"added": res.Added, "updated": res.Updated,
			"unchanged": res.Unchanged, "retired": res.Retired, "as_of": asOf}); err != nil {
			return err
		}
	}
	return chain.Close(ctx)
}

func insertReturning(ctx context.Context, st *sql.Stmt, args ...any) (int64, error) {
	var id int64
	err := st.QueryRowContext(ctx, args...).Scan(&id)
	return id, err
}

func setCandidate(ctx context.Context, tx db.Q, muni, staffID int64, fy int, rankID int64) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM promotion_candidates WHERE staff_id = $1 AND fy = $2`, staffID, fy); err != nil {
		return err
	}
	if rankID == 0 {
		return nil
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO promotion_candidates (municipality_id, staff_id, fy, rank_id) VALUES ($1, $2, $3, $4)`, muni, staffID, fy, rankID)
	return err
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// keepAbsent copies into m the fields whose columns the file lacks, so an
// update from a partial file changes only what the file says.
func keepAbsent(c *Columns, old, m *Member) {
	if !c.Kana {
		m.FamilyKana, m.GivenKana = old.FamilyKana, old.GivenKana
	}
	if !c.Gender {
		m.Gender = old.Gender
	}
	if !c.Birth {
		m.BirthDate = old.BirthDate
	}
	if !c.Job {
		m.JobType = old.JobType
	}
	if !c.Rank {
		m.Title, m.RankID, m.Rank = old.Title, old.RankID, old.Rank
	}
	if !c.RankSince {
		m.RankSince = old.RankSince
	}
	if !c.Unit {
		m.Unit, m.UnitID = old.Unit, old.UnitID
	}
	if !c.University {
		m.University = old.University
	}
	if !c.Email {
		m.Email = old.Email
	}
	if !c.Status {
		m.Status = old.Status
	}
}

// diffMember lists the fields that differ, by their Japanese names.
func diffMember(a, b *Member) []FieldChange {
	var out []FieldChange
	add := func(field, x, y string) {
		if x != y {
			out = append(out, FieldChange{Field: field, Before: x, After: y})
		}
	}
	add("氏名", a.Name(), b.Name())
	add("フリガナ", a.Kana(), b.Kana())
	add("性別", a.Gender, b.Gender)
	add("生年月日", a.BirthDate, b.BirthDate)
	add("採用日", a.HireDate, b.HireDate)
	add("雇用区分", a.EmploymentType, b.EmploymentType)
	add("職種", a.JobType, b.JobType)
	add("職位", a.Title, b.Title)
	add("職位発令日", a.RankSince, b.RankSince)
	add("所属", a.UnitDisplay(), b.UnitDisplay())
	add("出身大学", a.University, b.University)
	add("メール", a.Email, b.Email)
	add("在職状況", a.Status, b.Status)
	return out
}
