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
	"hagukumi/jtext"
	"hagukumi/staff/stafffile"
)

// ImportOptions steer one import run.
type ImportOptions struct {
	AsOf          time.Time // reference date: department changes take effect on it; 昇格候補 apply to its fiscal year
	RetireMissing bool      // staff absent from the file are marked 退職
	DryRun        bool      // compute the result, change nothing
	Confirm       bool      // apply even though the result has warnings (the person has read them)
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
	DryRun    bool                `json:"dry_run"`
	Added     int                 `json:"added"`
	Updated   int                 `json:"updated"`
	Unchanged int                 `json:"unchanged"`
	Retired   int                 `json:"retired"`
	Errors    []stafffile.Problem `json:"errors"`
	Changes   []RowChange         `json:"changes"`
	NewUnits  []string            `json:"new_units"`
	// Warnings must be confirmed (ImportOptions.Confirm) before the
	// import is applied; without that the import changes nothing.
	Warnings []Warning `json:"warnings"`
	// Padded counts the 職員番号 whose lost leading zeros were restored to
	// the registry's NumberWidth.
	Padded      int  `json:"padded"`
	NumberWidth int  `json:"number_width,omitempty"`
	Applied     bool `json:"applied"`
}

// Import decodes a staff file and applies it in one transaction: every row
// or none. Problems found while decoding or against the registry (an unknown
// rank, say) refuse the whole file.
//
// The file is decoded and applied in chunks of importChunk rows inside the
// transaction, so memory does not grow with the decoded file; a problem
// found in a later chunk rolls back what earlier chunks wrote. Writes are
// multi-row statements (see import_batch.go).
func (s *Store) Import(ctx context.Context, muni int64, by audit.Actor, name string, data []byte, opt ImportOptions) (*ImportResult, error) {
	res := newImportResult(opt)
	if opt.AsOf.IsZero() {
		opt.AsOf = s.now()
	}
	var problems []stafffile.Problem
	err := s.write(ctx, muni, func(w *writeTx) error {
		tx := w.Tx
		im, err := s.newImporter(ctx, tx, muni, by, opt, res)
		if err != nil {
			return err
		}
		defer im.close()
		var seen map[string]int
		problems, seen, err = stafffile.DecodeStream(name, data, importChunk, im.chunk)
		if err != nil {
			return err
		}
		im.checkPadded(seen)
		// Every problem of a row is reported at once, those of the file
		// and those against the registry (an unknown rank, say) together,
		// so that one round of corrections is enough.
		problems = mergeProblems(problems, im.problems)
		if len(problems) > 0 {
			return errRollback
		}
		if err := im.finish(seen); err != nil {
			return err
		}
		if opt.DryRun || (len(res.Warnings) > 0 && !opt.Confirm) {
			return errRollback
		}
		return nil
	})
	if err == errRollback {
		err = nil
	}
	// A refused file changes nothing and reports only its problems.
	if len(problems) > 0 {
		res = newImportResult(opt)
		res.Errors = problems
	}
	res.Applied = err == nil && !opt.DryRun && len(res.Errors) == 0 && (len(res.Warnings) == 0 || opt.Confirm)
	return res, err
}

func newImportResult(opt ImportOptions) *ImportResult {
	return &ImportResult{DryRun: opt.DryRun, Errors: []stafffile.Problem{}, Changes: []RowChange{}, NewUnits: []string{}, Warnings: []Warning{}}
}

// mergeProblems merges the problems of the file and those against the
// registry, both in line order, into one list in line order.
func mergeProblems(file, registry []stafffile.Problem) []stafffile.Problem {
	if len(registry) == 0 {
		return file
	}
	out := make([]stafffile.Problem, 0, len(file)+len(registry))
	i, j := 0, 0
	for i < len(file) && j < len(registry) {
		if file[i].Line <= registry[j].Line {
			out = append(out, file[i])
			i++
		} else {
			out = append(out, registry[j])
			j++
		}
	}
	out = append(out, file[i:]...)
	return append(out, registry[j:]...)
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

// importChunk is how many decoded rows are held and applied at a time.
var importChunk = 500

// importer applies the chunks of one import inside its transaction.
type importer struct {
	ctx      context.Context // the transaction's, for the chunks
	s        *Store
	tx       *sql.Tx
	muni     int64
	by       audit.Actor
	opt      ImportOptions
	res      *ImportResult
	now      time.Time
	asOf     string
	fy       int
	rankList []Rank
	units    *unitCache

	problems []stafffile.Problem // against the registry, in line order
	refused  bool                // a problem was found: nothing more is written

	width       int            // the registry's NumberWidth, 0 when not fixed
	maxID       int64          // the highest staff id before the import
	unitsBefore []string       // the paths of the units before the import
	padded      map[string]int // restored 職員番号 -> line
	done        int            // rows applied
	total       int            // estimate of the rows in the file
	seenRows    int            // rows looked at by applyRows

	started bool // the chain and the statements are ready
	chain   *audit.Chain
	b       *importBatches
}

func (im *importer) close() {
	if im.b != nil {
		im.b.close()
	}
}

func (s *Store) newImporter(ctx context.Context, tx *sql.Tx, muni int64, by audit.Actor, opt ImportOptions, res *ImportResult) (*importer, error) {
	im := &importer{s: s, tx: tx, muni: muni, by: by, opt: opt, res: res, now: s.now(), asOf: fmtDate(opt.AsOf), fy: calendar.FiscalYear(opt.AsOf)}
	var err error
	if im.rankList, err = ranks(ctx, tx, muni); err != nil {
		return nil, err
	}
	if im.units, err = newUnitCache(ctx, tx, muni, im.fy, im.now); err != nil {
		return nil, err
	}
	for path := range im.units.byKey {
		im.unitsBefore = append(im.unitsBefore, path)
	}
	sort.Strings(im.unitsBefore)
	if im.width, im.maxID, err = registryNumbers(ctx, tx, muni); err != nil {
		return nil, err
	}
	res.NumberWidth = im.width
	im.ctx = ctx
	return im, nil
}

// planned is one row checked against the registry.
type planned struct {
	row       *stafffile.Row
	rank      Rank
	hasRank   bool
	candidate Rank
}

// chunk receives decoded rows from stafffile.DecodeStream: it checks them against
// the rank ladder and, while the file has no problem so far, applies them.
func (im *importer) chunk(rows []stafffile.Row, clean bool, total int) error {
	if !clean {
		// The file is refused, but its rows are still checked against
		// the registry so that all their problems are reported at once.
		im.refused = true
	}
	plan := make([]planned, len(rows))
	for i := range rows {
		r := &rows[i]
		im.restoreZeros(r)
		p := planned{row: r}
		if r.Rank != "" {
			p.rank, p.hasRank = FindRank(im.rankList, r.Rank)
			if !p.hasRank {
				im.problems = append(im.problems, stafffile.Problem{Line: r.Line, Column: "職位", Message: "職位「" + r.Rank + "」は職位の一覧にありません（職位の設定で追加できます）"})
			}
		}
		if r.Candidate != "" {
			c, ok := FindRank(im.rankList, r.Candidate)
			if !ok {
				im.problems = append(im.problems, stafffile.Problem{Line: r.Line, Column: "昇格候補", Message: "昇格候補の職位「" + r.Candidate + "」は職位の一覧にありません"})
			}
			p.candidate = c
		}
		plan[i] = p
	}
	if len(im.problems) > 0 {
		im.refused = true
	}
	if im.refused {
		return nil
	}
	im.total = total
	if err := im.applyRows(im.ctx, plan); err != nil {
		return err
	}
	im.done += len(plan)
	if im.opt.Progress != nil {
		im.opt.Progress(im.done, max(total, im.done))
	}
	return nil
}

// applyRows writes one chunk of checked rows.
func (im *importer) applyRows(ctx context.Context, plan []planned) error {
	tx, muni, res, now, asOf, fy, by := im.tx, im.muni, im.res, im.now, im.asOf, im.fy, im.by
	if !im.started {
		im.started = true
		chain, err := audit.Begin(ctx, tx, muni)
		if err != nil {
			return err
		}
		im.chain = chain
		im.b = newImportBatches(im.s, tx, muni, fy)
	}
	chain, b := im.chain, im.b

	cur, err := b.lookup(ctx, muni, fy, plan)
	if err != nil {
		return err
	}
	var added []*planned
	for i := range plan {
		if cur[plan[i].row.Number] == nil {
			added = append(added, &plan[i])
		}
	}
	if err := im.likelyDuplicates(ctx, added); err != nil {
		return err
	}
	b.resetNew()
	for _, p := range plan {
		r := p.row
		im.seenRows++
		unitPath := strings.Join(r.Unit, "/")
		var unitID int64
		if len(r.Unit) > 0 {
			before := len(im.units.made)
			if unitID, err = im.units.ensure(ctx, tx, r.Unit); err != nil {
				return err
			}
			for _, u := range im.units.made[before:] {
				res.NewUnits = append(res.NewUnits, strings.ReplaceAll(u, "/", " "))
			}
			im.unitTypos(r.Line, im.units.made[before:])
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
		if old == nil {
			hireFrom := m.HireDate
			assignFrom := asOf
			if hireFrom > assignFrom {
				assignFrom = hireFrom
			}
			res.Added++
			im.addChange(RowChange{Line: r.Line, Number: m.Number, Name: ownName(&m), Kind: "added"})
			rankFrom := m.RankSince
			if rankFrom == "" {
				rankFrom = hireFrom
			}
			b.addNew(muni, &m, unitID, assignFrom, rankFrom, candidate.ID, now)
			if err := chain.Add(ctx, now, by, "import_add", "staff", m.Number, audit.Change{After: m}); err != nil {
				return err
			}
			continue
		}
		changes := diffMember(&old.m, &m)
		if old.candidate != candidate.Name {
			changes = append(changes, FieldChange{Field: "昇格候補", Before: old.candidate, After: candidate.Name})
		}
		if len(changes) == 0 {
			res.Unchanged++
			continue
		}
		res.Updated++
		if err := chain.Add(ctx, now, by, "import_update", "staff", m.Number, changes); err != nil {
			return err
		}
		for i := range changes {
			// The values share memory with the file's records.
			changes[i].After = strings.Clone(changes[i].After)
		}
		im.addChange(RowChange{Line: r.Line, Number: m.Number, Name: ownName(&m), Kind: "updated", Fields: changes})
		search := jtext.SearchKey(m.Number + " " + m.Name() + " " + m.Kana())
		sortKey := jtext.SortKana(m.Kana())
		if _, err := b.updStaff.ExecContext(ctx, m.FamilyName, m.GivenName, m.FamilyKana, m.GivenKana, search, sortKey, m.Gender, m.BirthDate, m.HireDate,
			m.EmploymentType, m.JobType, m.Title, nullID(m.RankID), m.RankSince, nullID(unitID), m.University, m.Email, m.Status, now, old.id); err != nil {
			return err
		}
		if old.unitPath != unitPath {
			if _, err := b.endAssign.ExecContext(ctx, asOf, old.id); err != nil {
				return err
			}
			if unitID != 0 {
				b.assign.add(muni, old.id, unitID, asOf)
			}
		}
		if old.m.Title != m.Title || old.m.RankSince != m.RankSince {
			from := m.RankSince
			if from == "" || (old.m.Title != m.Title && m.RankSince == old.m.RankSince) {
				from = asOf
			}
			if _, err := b.endRank.ExecContext(ctx, from, old.id); err != nil {
				return err
			}
			if m.Title != "" {
				b.rank.add(muni, old.id, nullID(m.RankID), m.Title, from)
			}
		}
		if old.candidate != candidate.Name {
			if err := setCandidate(ctx, tx, muni, old.id, fy, candidate.ID); err != nil {
				return err
			}
		}
	}
	return b.flushNew(ctx)
}

// addChange appends to the result's changes. When most rows so far were
// changes, the slice grows at once to the rows the file has left, instead of
// by doubling: the old arrays of a 100,000-row result would be garbage of
// the size of the result.
func (im *importer) addChange(c RowChange) {
	ch := im.res.Changes
	if len(ch) == cap(ch) && 2*len(ch) >= im.seenRows {
		n := len(ch) + max(im.total-im.seenRows, 0) + 1
		if n > 2*cap(ch) {
			grown := make([]RowChange, len(ch), n)
			copy(grown, ch)
			ch = grown
		}
	}
	im.res.Changes = append(ch, c)
}

// ownName is the member's name in memory of its own: a result outlives the
// decoded records whose memory the name's parts share.
func ownName(m *Member) string {
	if m.GivenName == "" {
		return strings.Clone(m.FamilyName)
	}
	return m.Name()
}

// finish retires the staff missing from the file (with RetireMissing), adds
// the summary entry and closes the audit chain.
func (im *importer) finish(seen map[string]int) error {
	ctx, res, now, by := im.ctx, im.res, im.now, im.by
	if !im.started {
		return nil // cannot happen: a file without rows is refused
	}
	if im.opt.RetireMissing {
		missing, err := im.b.missing(ctx, im.muni, seen)
		if err != nil {
			return err
		}
		ids := make([]int64, 0, len(missing))
		for _, e := range missing {
			res.Retired++
			res.Changes = append(res.Changes, RowChange{Number: e.m.Number, Name: e.m.Name(), Kind: "retired",
				Fields: []FieldChange{{Field: "在職状況", Before: e.m.Status, After: Retired}}})
			ids = append(ids, e.id)
			if err := im.chain.Add(ctx, now, by, "import_retire", "staff", e.m.Number, audit.Change{Before: e.m.Status, After: Retired}); err != nil {
				return err
			}
		}
		if err := im.b.retire(ctx, ids, now); err != nil {
			return err
		}
	}
	if res.Added+res.Updated+res.Retired > 0 {
		if err := im.chain.Add(ctx, now, by, "import", "staff_file", "", map[string]any{"added": res.Added, "updated": res.Updated,
			"unchanged": res.Unchanged, "retired": res.Retired, "as_of": im.asOf}); err != nil {
			return err
		}
	}
	if err := im.chain.Close(ctx); err != nil {
		return err
	}
	if im.opt.Progress != nil {
		im.opt.Progress(im.done, im.done)
	}
	return nil
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
func keepAbsent(c *stafffile.Columns, old, m *Member) {
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
