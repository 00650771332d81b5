package staff

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"hagukumi/apperr"
	"hagukumi/audit"
	"hagukumi/auth"
	"hagukumi/calendar"
	"hagukumi/db"
	"hagukumi/jtext"
	"hagukumi/textlimit"
)

// Store reads and writes the organisation and the staff registry.
type Store struct {
	DB  *db.DB
	Now func() time.Time
}

func (s *Store) now() time.Time {
	if s.Now != nil {
		return s.Now().UTC()
	}
	return time.Now().UTC()
}

// Municipality is a tenant.
type Municipality struct {
	ID         int64  `json:"id"`
	Code       string `json:"code"`
	Name       string `json:"name"`
	CenterName string `json:"center_name"`
}

// DefaultMunicipality is the name given to the first municipality: none,
// so that a fresh install asks for its real name (the home page's first
// step) instead of showing another city's.
const DefaultMunicipality = ""

// EnsureMunicipality returns the first municipality, creating it with the
// default rank ladder when the database is empty.
func (s *Store) EnsureMunicipality(ctx context.Context) (Municipality, error) {
	var m Municipality
	err := s.DB.W.QueryRowContext(ctx, `SELECT id, code, name, center_name FROM municipalities ORDER BY id LIMIT 1`).Scan(&m.ID, &m.Code, &m.Name, &m.CenterName)
	if err == nil {
		return m, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return m, err
	}
	return s.CreateMunicipality(ctx, "222143", DefaultMunicipality)
}

// CreateMunicipality adds a tenant with the default rank ladder.
func (s *Store) CreateMunicipality(ctx context.Context, code, name string) (Municipality, error) {
	m := Municipality{Code: code, Name: name, CenterName: "人財育成センター"}
	err := s.write(ctx, 0, func(w *writeTx) error {
		tx, now := w.Tx, s.now()
		var err error
		m.ID, err = db.Insert(ctx, tx, `INSERT INTO municipalities (code, name, center_name, created_at) VALUES ($1, $2, $3, $4) RETURNING id`, code, name, m.CenterName, now)
		if err != nil {
			return err
		}
		w.muni = m.ID
		for i, r := range DefaultRanks {
			if _, err := tx.ExecContext(ctx, `INSERT INTO ranks (municipality_id, name, ordinal) VALUES ($1, $2, $3)`, m.ID, r, i+1); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, now, m.ID, audit.System, "create", "municipality", code, audit.Change{After: m})
	})
	return m, err
}

// GetMunicipality loads a tenant.
func (s *Store) GetMunicipality(ctx context.Context, id int64) (Municipality, error) {
	var m Municipality
	st, err := s.DB.Prepared(ctx, `SELECT id, code, name, center_name FROM municipalities WHERE id = $1`) // on every page
	if err != nil {
		return m, err
	}
	err = st.QueryRowContext(ctx, id).Scan(&m.ID, &m.Code, &m.Name, &m.CenterName)
	if errors.Is(err, sql.ErrNoRows) {
		return m, apperr.NotFoundf("自治体が見つかりません。")
	}
	return m, err
}

// RenameMunicipality changes the tenant's and the center's names.
func (s *Store) RenameMunicipality(ctx context.Context, by audit.Actor, id int64, name, center string) error {
	name, center = strings.TrimSpace(name), strings.TrimSpace(center)
	if name == "" || center == "" {
		return apperr.Invalidf("自治体名とセンター名を入力してください。")
	}
	if err := textlimit.CheckAll(
		textlimit.Field{Name: "自治体名", Value: name, Max: textlimit.Name},
		textlimit.Field{Name: "センター名", Value: center, Max: textlimit.Name},
	); err != nil {
		return err
	}
	old, err := s.GetMunicipality(ctx, id)
	if err != nil {
		return err
	}
	return s.write(ctx, id, func(w *writeTx) error {
		tx, now := w.Tx, s.now()
		if _, err := tx.ExecContext(ctx, `UPDATE municipalities SET name = $1, center_name = $2 WHERE id = $3`, name, center, id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, id, by, "update", "municipality", old.Code,
			audit.Change{Before: old, After: Municipality{ID: id, Code: old.Code, Name: name, CenterName: center}})
	})
}

// Ranks returns the ladder in order (from the municipality's directory).
func (s *Store) Ranks(ctx context.Context, muni int64) ([]Rank, error) {
	d, err := s.directory(ctx, muni)
	if err != nil {
		return nil, err
	}
	return slices.Clone(d.ranks), nil
}

func ranks(ctx context.Context, q db.Q, muni int64) ([]Rank, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, name, ordinal FROM ranks WHERE municipality_id = $1 ORDER BY ordinal`, muni)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Rank
	for rows.Next() {
		var r Rank
		if err := rows.Scan(&r.ID, &r.Name, &r.Ordinal); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// SaveRanks replaces the ladder's names and order. Names are given in order
// from the lowest stage; an existing stage keeps its id (and so its staff)
// when its name is kept, new names are added, and a stage still held by
// staff cannot be removed.
func (s *Store) SaveRanks(ctx context.Context, by audit.Actor, muni int64, names []string) error {
	var clean []string
	seen := map[string]bool{}
	for _, n := range names {
		n = strings.TrimSpace(n)
		if n == "" {
			continue
		}
		if err := textlimit.Check("職位", n, textlimit.Name); err != nil {
			return err
		}
		if seen[n] {
			return apperr.Invalidf("職位「%s」が重複しています。", n)
		}
		seen[n] = true
		clean = append(clean, n)
	}
	if len(clean) == 0 {
		return apperr.Invalidf("職位を1つ以上入力してください。")
	}
	return s.write(ctx, muni, func(w *writeTx) error {
		tx := w.Tx
		old, err := ranks(ctx, tx, muni)
		if err != nil {
			return err
		}
		byName := map[string]Rank{}
		for _, r := range old {
			byName[r.Name] = r
		}
		// Move every ordinal out of the way first, then set the new order.
		if _, err := tx.ExecContext(ctx, `UPDATE ranks SET ordinal = ordinal + 1000 WHERE municipality_id = $1`, muni); err != nil {
			return err
		}
		for i, n := range clean {
			if r, ok := byName[n]; ok {
				if _, err := tx.ExecContext(ctx, `UPDATE ranks SET ordinal = $1 WHERE id = $2`, i+1, r.ID); err != nil {
					return err
				}
				delete(byName, n)
			} else if _, err := tx.ExecContext(ctx, `INSERT INTO ranks (municipality_id, name, ordinal) VALUES ($1, $2, $3)`, muni, n, i+1); err != nil {
				return err
			}
		}
		for _, r := range byName {
			var used int
			tx.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM staff WHERE rank_id = $1) + (SELECT COUNT(*) FROM staff_ranks WHERE rank_id = $1) + (SELECT COUNT(*) FROM promotion_candidates WHERE rank_id = $1)`, r.ID).Scan(&used)
			if used > 0 {
				return apperr.New(apperr.Conflict, "職位「%s」は職員の記録で使われているため削除できません。", r.Name)
			}
			if _, err := tx.ExecContext(ctx, `DELETE FROM ranks WHERE id = $1`, r.ID); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, s.now(), muni, by, "update", "ranks", "", audit.Change{Before: old, After: clean})
	})
}

// Scope limits which staff a reader may see; it is auth.Scope, the one
// implementation of that rule, named here for the package's callers.
type Scope = auth.Scope

// Filter narrows the staff list.
type Filter struct {
	Q              string // name, kana or number, partial, any width
	UnitID         int64  // this unit and below
	RankID         int64
	EmploymentType string
	Status         string
	Limit          int
	Offset         int
}

const memberCols = `s.id, s.number, s.family_name, s.given_name, s.family_kana, s.given_kana, s.gender, s.birth_date, s.hire_date,
	s.employment_type, s.job_type, s.title, COALESCE(s.rank_id, 0), COALESCE(r.name, ''), COALESCE(r.ordinal, 0), s.rank_since,
	COALESCE(s.unit_id, 0), COALESCE(o.path, ''), s.university, s.email, s.status`

const memberFrom = ` FROM staff s LEFT JOIN ranks r ON r.id = s.rank_id LEFT JOIN org_units o ON o.id = s.unit_id `

func scanMember(row db.Scanner) (*Member, error) {
	var m Member
	err := row.Scan(&m.ID, &m.Number, &m.FamilyName, &m.GivenName, &m.FamilyKana, &m.GivenKana, &m.Gender, &m.BirthDate, &m.HireDate,
		&m.EmploymentType, &m.JobType, &m.Title, &m.RankID, &m.Rank, &m.RankOrdinal, &m.RankSince,
		&m.UnitID, &m.Unit, &m.University, &m.Email, &m.Status)
	return &m, err
}

// filterWhere adds a list filter's conditions for staff aliased s joined
// to org_units o.
func (s *Store) filterWhere(ctx context.Context, muni int64, f Filter, args *[]any) (string, error) {
	w := ""
	if q := searchPattern(f.Q); q != "" {
		*args = append(*args, "%"+q+"%")
		w += fmt.Sprintf(" AND s.search_text LIKE $%d", len(*args))
	}
	if f.UnitID != 0 {
		var path string
		if err := s.DB.R.QueryRowContext(ctx, `SELECT path FROM org_units WHERE id = $1 AND municipality_id = $2`, f.UnitID, muni).Scan(&path); err != nil {
			return "", apperr.NotFoundf("所属が見つかりません。")
		}
		w += auth.Scope{UnitPath: path}.And("s.id", "o.path", args)
	}
	if f.RankID != 0 {
		*args = append(*args, f.RankID)
		w += fmt.Sprintf(" AND s.rank_id = $%d", len(*args))
	}
	if f.EmploymentType != "" {
		*args = append(*args, f.EmploymentType)
		w += fmt.Sprintf(" AND s.employment_type = $%d", len(*args))
	}
	if f.Status != "" {
		*args = append(*args, f.Status)
		w += fmt.Sprintf(" AND s.status = $%d", len(*args))
	}
	return w, nil
}

// List returns one page of staff, sorted by フリガナ, and the total count.
// It is answered from the municipality's in-memory directory; the filter
// means what filterWhere's SQL means (the staff export uses that).
func (s *Store) List(ctx context.Context, muni int64, sc Scope, f Filter) ([]*Member, int, error) {
	if f.Limit <= 0 || f.Limit > 1000 {
		f.Limit = 50
	}
	f.Offset = max(f.Offset, 0)
	d, err := s.directory(ctx, muni)
	if err != nil {
		return nil, 0, err
	}
	unitPath := ""
	if f.UnitID != 0 {
		j, ok := d.unitIdx[f.UnitID]
		if !ok {
			return nil, 0, nil // an unknown unit lists nobody
		}
		unitPath = d.units[j].Path
	}
	items, total := d.list(sc, f, searchPattern(f.Q), unitPath)
	return items, total, nil
}

// searchPattern is the folded key a search looks for inside search_text.
func searchPattern(q string) string {
	return strings.NewReplacer("%", "", "_", "").Replace(jtext.SearchKey(q))
}

// ByNumber loads one staff member within a scope; outside it the answer is
// NotFound, so a changed number in a URL reveals nothing.
// The number is folded first (NormalizeNumber): people type ０００１２３.
func (s *Store) ByNumber(ctx context.Context, muni int64, sc Scope, number string) (*Member, error) {
	number = NormalizeNumber(number)
	args := []any{muni, number}
	m, err := scanMember(s.DB.R.QueryRowContext(ctx, `SELECT `+memberCols+memberFrom+`WHERE s.municipality_id = $1 AND s.number = $2`+sc.And("s.id", "o.path", &args), args...))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.NotFoundf("職員番号 %s の職員は見つかりません。", number)
	}
	return m, err
}

// ByID loads one staff member by internal id.
func (s *Store) ByID(ctx context.Context, muni int64, id int64) (*Member, error) {
	m, err := scanMember(s.DB.R.QueryRowContext(ctx, `SELECT `+memberCols+memberFrom+`WHERE s.municipality_id = $1 AND s.id = $2`, muni, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.NotFoundf("職員が見つかりません。")
	}
	return m, err
}

// History is a staff member's rank, department and candidate history.
type History struct {
	Ranks      []RankPeriod `json:"ranks"`
	Units      []UnitPeriod `json:"units"`
	Candidates []Candidate  `json:"candidates"`
}

// HistoryOf loads the effective-dated history of one staff member.
func (s *Store) HistoryOf(ctx context.Context, muni, staffID int64) (History, error) {
	var h History
	rows, err := s.DB.R.QueryContext(ctx, `SELECT COALESCE(r.name, ''), h.title, h.from_date, COALESCE(h.to_date, '')
		FROM staff_ranks h LEFT JOIN ranks r ON r.id = h.rank_id WHERE h.municipality_id = $1 AND h.staff_id = $2 ORDER BY h.from_date, h.id`, muni, staffID)
	if err != nil {
		return h, err
	}
	for rows.Next() {
		var p RankPeriod
		rows.Scan(&p.Rank, &p.Title, &p.From, &p.To)
		h.Ranks = append(h.Ranks, p)
	}
	rows.Close()
	rows, err = s.DB.R.QueryContext(ctx, `SELECT o.path, a.from_date, COALESCE(a.to_date, '')
		FROM staff_assignments a JOIN org_units o ON o.id = a.unit_id WHERE a.municipality_id = $1 AND a.staff_id = $2 ORDER BY a.from_date, a.id`, muni, staffID)
	if err != nil {
		return h, err
	}
	for rows.Next() {
		var p UnitPeriod
		rows.Scan(&p.Unit, &p.From, &p.To)
		p.Unit = strings.ReplaceAll(p.Unit, "/", " ")
		h.Units = append(h.Units, p)
	}
	rows.Close()
	rows, err = s.DB.R.QueryContext(ctx, `SELECT c.fy, r.name FROM promotion_candidates c JOIN ranks r ON r.id = c.rank_id
		WHERE c.municipality_id = $1 AND c.staff_id = $2 ORDER BY c.fy`, muni, staffID)
	if err != nil {
		return h, err
	}
	defer rows.Close()
	for rows.Next() {
		var c Candidate
		rows.Scan(&c.FY, &c.Rank)
		h.Candidates = append(h.Candidates, c)
	}
	return h, rows.Err()
}

// Candidates lists the 昇格候補 of a fiscal year.
func (s *Store) Candidates(ctx context.Context, muni int64, fy int) ([]Candidate, error) {
	rows, err := s.DB.R.QueryContext(ctx, `SELECT c.fy, r.name, s.number FROM promotion_candidates c JOIN ranks r ON r.id = c.rank_id
		JOIN staff s ON s.id = c.staff_id WHERE c.municipality_id = $1 AND c.fy = $2 ORDER BY r.ordinal, s.number`, muni, fy)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Candidate
	for rows.Next() {
		var c Candidate
		rows.Scan(&c.FY, &c.Rank, &c.Number)
		out = append(out, c)
	}
	return out, rows.Err()
}

// Counts are the home page's figures.
type Counts struct {
	Active, OnLeave, Retired, Units int
}

// CountStaff counts staff by status and the current units.
func (s *Store) CountStaff(ctx context.Context, muni int64, sc Scope) (Counts, error) {
	d, err := s.directory(ctx, muni)
	if err != nil {
		return Counts{}, err
	}
	c := d.countIn(sc)
	// Units count within the scope too: a 所属長 sees their department's
	// units, not the city's.
	for _, u := range d.unitsIn(calendar.CurrentFY(s.now())) {
		if sc.Covers(u.Path) {
			c.Units++
		}
	}
	return c, nil
}
