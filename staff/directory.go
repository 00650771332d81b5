package staff

import (
	"context"
	"slices"
	"strings"
	"unicode/utf8"

	"hagukumi/audit"
	"hagukumi/auth"
	"hagukumi/db"
)

// The staff list, its search, the home page's counts and the unit counts
// are answered from an in-memory directory of each municipality: every
// staff member in フリガナ order, with a bigram index over the search text.
// A page then costs one point query (the generation number) instead of a
// scan of the staff table. The directory is rebuilt when the municipality's
// staff generation (audit.StaffGen, bumped in every transaction that changes
// staff, units or ranks) differs from the one it was built at, so a reader
// sees every committed change, also one made by another app instance.

// directory is one municipality's staff at one generation. It is never
// changed after it is built; readers share it.
type directory struct {
	gen     int64
	members []*Member // by sort_kana, number
	search  []string  // search_text of members[i]
	recs    []rec     // the filterable fields of members[i], packed for a fast scan
	values  []string  // employment types and statuses, numbered for rec
	grams   map[uint64][]int32
	ranks   []Rank
	units   []Unit // every unit, all years, by path and from_fy, Staff = non-retired count
	unitIdx map[int64]int
	counts  Counts // whole municipality by status (Units filled per fiscal year by the caller)
}

// rec holds what the list filters look at, so a filter pass reads 16 bytes
// per member from one array instead of following a pointer per member.
type rec struct {
	rank        int64
	unit        int32 // index in directory.units, -1 for none
	typ, status uint8 // index in directory.values
}

// valueIndex numbers a repeated string value (at most 255 distinct values;
// the 256th and later share the last number and are told apart by the
// member's own field).
func (d *directory) valueIndex(v string) uint8 {
	for i, x := range d.values {
		if x == v {
			return uint8(i)
		}
	}
	if len(d.values) < 255 {
		d.values = append(d.values, v)
		return uint8(len(d.values) - 1)
	}
	return 255
}

// directory returns the municipality's directory, current as of this call.
func (s *Store) directory(ctx context.Context, muni int64) (*directory, error) {
	g, err := audit.ReadGens(ctx, s.DB, muni)
	if err != nil {
		return nil, err
	}
	cache := s.DB.Cache("staff.directory", func() any { return &db.PerMuni[directory]{} }).(*db.PerMuni[directory])
	return cache.Get(muni, func(d *directory) bool { return d.gen >= g.Staff }, func() (*directory, error) { return s.loadDirectory(ctx, muni) })
}

// bigram packs two runes into a map key.
func bigram(a, b rune) uint64 { return uint64(a)<<32 | uint64(uint32(b)) }

func (s *Store) loadDirectory(ctx context.Context, muni int64) (*directory, error) {
	// The generation first: data read after it is at least that new.
	g, err := audit.ReadGens(ctx, s.DB, muni)
	if err != nil {
		return nil, err
	}
	d := &directory{gen: g.Staff, grams: map[uint64][]int32{}, unitIdx: map[int64]int{}}
	if d.ranks, err = ranks(ctx, s.DB.R, muni); err != nil {
		return nil, err
	}
	rows, err := s.DB.R.QueryContext(ctx, `SELECT id, COALESCE(parent_id, 0), name, level, path, from_fy, COALESCE(to_fy, 0), COALESCE(successor_id, 0)
		FROM org_units WHERE municipality_id = $1 ORDER BY path, from_fy`, muni)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var u Unit
		if err := rows.Scan(&u.ID, &u.ParentID, &u.Name, &u.Level, &u.Path, &u.FromFY, &u.ToFY, &u.SuccessorID); err != nil {
			rows.Close()
			return nil, err
		}
		d.unitIdx[u.ID] = len(d.units)
		d.units = append(d.units, u)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}

	type entry struct {
		m      *Member
		search string
		sort   string
	}
	var all []entry
	// The same few values repeat over thousands of rows: keep one copy.
	intern := map[string]string{}
	in := func(p *string) {
		if v, ok := intern[*p]; ok {
			*p = v
		} else {
			intern[*p] = *p
		}
	}
	rows, err = s.DB.R.QueryContext(ctx, `SELECT `+memberCols+`, s.search_text, s.sort_kana`+memberFrom+`WHERE s.municipality_id = $1`, muni)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var m Member
		var e entry
		if err := rows.Scan(&m.ID, &m.Number, &m.FamilyName, &m.GivenName, &m.FamilyKana, &m.GivenKana, &m.Gender, &m.BirthDate, &m.HireDate,
			&m.EmploymentType, &m.JobType, &m.Title, &m.RankID, &m.Rank, &m.RankOrdinal, &m.RankSince,
			&m.UnitID, &m.Unit, &m.University, &m.Email, &m.Status, &e.search, &e.sort); err != nil {
			rows.Close()
			return nil, err
		}
		for _, p := range []*string{&m.FamilyName, &m.FamilyKana, &m.Gender, &m.EmploymentType, &m.JobType, &m.Title, &m.Rank, &m.Unit, &m.University, &m.Status} {
			in(p)
		}
		e.m = &m
		all = append(all, e)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	slices.SortFunc(all, func(a, b entry) int {
		if c := strings.Compare(a.sort, b.sort); c != 0 {
			return c
		}
		return strings.Compare(a.m.Number, b.m.Number)
	})
	d.members = make([]*Member, len(all))
	d.search = make([]string, len(all))
	d.recs = make([]rec, len(all))
	for i, e := range all {
		d.members[i], d.search[i] = e.m, e.search
		r := rec{rank: e.m.RankID, unit: -1, typ: d.valueIndex(e.m.EmploymentType), status: d.valueIndex(e.m.Status)}
		if j, ok := d.unitIdx[e.m.UnitID]; ok && e.m.UnitID != 0 {
			r.unit = int32(j)
		}
		d.recs[i] = r
		var prev rune = -1
		for _, r := range e.search {
			if prev >= 0 {
				k := bigram(prev, r)
				if l := d.grams[k]; len(l) == 0 || l[len(l)-1] != int32(i) {
					d.grams[k] = append(l, int32(i))
				}
			}
			prev = r
		}
		switch e.m.Status {
		case Active:
			d.counts.Active++
		case OnLeave:
			d.counts.OnLeave++
		case Retired:
			d.counts.Retired++
		}
		if e.m.Status != Retired {
			if j, ok := d.unitIdx[e.m.UnitID]; ok {
				d.units[j].Staff++
			}
		}
	}
	return d, nil
}

// unitsIn lists the units valid in fiscal year fy (0: all), as Units does.
func (d *directory) unitsIn(fy int) []Unit {
	var out []Unit
	for _, u := range d.units {
		if fy == 0 || u.ValidIn(fy) {
			out = append(out, u)
		}
	}
	return out
}

// list answers one page of a filtered list and the total, as the SQL of
// filterWhere would: key is the folded search key ("" for none), unitPath
// the filter unit's path ("" for none).
func (d *directory) list(sc Scope, f Filter, key, unitPath string) ([]*Member, int) {
	plain := !sc.None && sc.UnitPath == "" && sc.StaffID == 0 && key == "" && unitPath == "" &&
		f.RankID == 0 && f.EmploymentType == "" && f.Status == ""
	if plain {
		lo := min(f.Offset, len(d.members)) // Offset may be huge: no sums with it
		return copyMembers(d.members[lo : lo+min(f.Limit, len(d.members)-lo)]), len(d.members)
	}
	// Units in the scope and the unit filter, as a set of unit indexes.
	units := func(path string) []bool {
		in := make([]bool, len(d.units))
		for j, u := range d.units {
			in[j] = auth.InPath(u.Path, path)
		}
		return in
	}
	var scopeUnits, filterUnits []bool
	if sc.UnitPath != "" {
		scopeUnits = units(sc.UnitPath)
	}
	if unitPath != "" {
		filterUnits = units(unitPath)
	}
	value := func(v string) (uint8, bool) {
		for i, x := range d.values {
			if x == v {
				return uint8(i), true
			}
		}
		return 0, false
	}
	typ, typOK := value(f.EmploymentType)
	status, statusOK := value(f.Status)
	if sc.None || (f.EmploymentType != "" && !typOK) || (f.Status != "" && !statusOK) {
		return nil, 0
	}
	// A key of exactly two characters is one bigram: its posting list holds
	// exactly the members that contain it.
	needContains := key != "" && utf8.RuneCountInString(key) != 2
	match := func(i int) bool {
		r := &d.recs[i]
		if (scopeUnits != nil && (r.unit < 0 || !scopeUnits[r.unit])) ||
			(filterUnits != nil && (r.unit < 0 || !filterUnits[r.unit])) ||
			(f.RankID != 0 && r.rank != f.RankID) ||
			(f.EmploymentType != "" && (r.typ != typ || (typ == 255 && d.members[i].EmploymentType != f.EmploymentType))) ||
			(f.Status != "" && (r.status != status || (status == 255 && d.members[i].Status != f.Status))) ||
			(sc.StaffID != 0 && d.members[i].ID != sc.StaffID) {
			return false
		}
		return !needContains || strings.Contains(d.search[i], key)
	}
	var page []*Member
	total := 0
	take := func(i int) {
		if match(i) {
			if total >= f.Offset && total-f.Offset < f.Limit {
				page = append(page, d.members[i])
			}
			total++
		}
	}
	if cand, ok := d.candidates(key); ok {
		for _, i := range cand {
			take(int(i))
		}
	} else {
		for i := range d.members {
			take(i)
		}
	}
	return copyMembers(page), total
}

// candidates gives the members whose search text holds every bigram of
// key, by the shortest posting list; ok is false when key has no bigram.
func (d *directory) candidates(key string) ([]int32, bool) {
	var best []int32
	found := false
	var prev rune = -1
	for _, r := range key {
		if prev >= 0 {
			l := d.grams[bigram(prev, r)]
			if !found || len(l) < len(best) {
				best, found = l, true
			}
		}
		prev = r
	}
	return best, found
}

// copyMembers gives callers their own copies: the directory is shared.
func copyMembers(ms []*Member) []*Member {
	out := make([]*Member, len(ms))
	for i, m := range ms {
		c := *m
		out[i] = &c
	}
	return out
}

// countIn counts a scope's staff by status.
func (d *directory) countIn(sc Scope) Counts {
	if !sc.None && sc.UnitPath == "" && sc.StaffID == 0 {
		return d.counts
	}
	var c Counts
	for _, m := range d.members {
		if !sc.Includes(m.ID, m.Unit) {
			continue
		}
		switch m.Status {
		case Active:
			c.Active++
		case OnLeave:
			c.OnLeave++
		case Retired:
			c.Retired++
		}
	}
	return c
}

// Names gives the names of the staff with the given 職員番号 and ids
// (retired staff included), read from the municipality's in-memory
// directory: a page naming many people (the audit log) makes no query per
// person. Numbers and ids not found are left out.
func (s *Store) Names(ctx context.Context, muni int64, numbers []string, ids []int64) (map[string]string, map[int64]string, error) {
	byNumber, byID := map[string]string{}, map[int64]string{}
	if len(numbers) == 0 && len(ids) == 0 {
		return byNumber, byID, nil
	}
	d, err := s.directory(ctx, muni)
	if err != nil {
		return nil, nil, err
	}
	wantNumber, wantID := map[string]bool{}, map[int64]bool{}
	for _, n := range numbers {
		wantNumber[NormalizeNumber(n)] = true
	}
	for _, id := range ids {
		wantID[id] = true
	}
	for _, m := range d.members {
		if wantNumber[m.Number] {
			byNumber[m.Number] = m.Name()
		}
		if wantID[m.ID] {
			byID[m.ID] = m.Name()
		}
	}
	return byNumber, byID, nil
}
