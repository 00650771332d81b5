package staff

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"

	"hagukumi/jtext"
	"hagukumi/staff/stafffile"
)

// The traps of an HR import that a person would not see in the counts of a
// dry run: 職員番号 whose leading zeros a spreadsheet dropped, a second
// record for someone already in the registry, and a unit created by a typo.
// The first is repaired when it safely can be; the others are warnings that
// must be confirmed before the import is applied (ImportOptions.Confirm).

// Warning kinds.
const (
	WarnDuplicate = "duplicate" // a new row with the name and birth date of someone in the registry
	WarnUnit      = "unit"      // a new unit whose name is close to an existing sibling's
)

// Warning is something in a file that is not an error but must be
// confirmed before the import is applied.
type Warning struct {
	Line    int    `json:"line"`
	Kind    string `json:"kind"`
	Number  string `json:"number,omitempty"`
	Message string `json:"message"`
}

// NormalizeNumber folds a typed 職員番号 the way the registry stores it:
// full-width letters and digits to ASCII, spaces trimmed, letters upper-cased.
// Every place a person types a number goes through it, so ０００１２３ finds
// 000123.
func NormalizeNumber(s string) string {
	return strings.ToUpper(strings.TrimSpace(jtext.Width(s)))
}

// NumberWidth is the width of the registry's numbers when they all have the
// same number of digits and nothing else (000123, 004711…), and 0 when they
// differ or hold letters, or when there are none. Only then can a shorter
// number from a file be read as one whose leading zeros were lost.
func NumberWidth(numbers []string) int {
	width := 0
	for _, n := range numbers {
		if !allDigits(n) || (width != 0 && len(n) != width) {
			return 0
		}
		width = len(n)
	}
	return width
}

// PadNumber restores the leading zeros of an all-digit number shorter than
// width, as a spreadsheet drops them when it reads 000123 as the number 123.
// Other numbers are returned as they are.
func PadNumber(n string, width int) string {
	if width == 0 || len(n) >= width || !allDigits(n) {
		return n
	}
	return strings.Repeat("0", width-len(n)) + n
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// ProbableUnitTypo reports whether a new unit name is probably a mistyped
// existing sibling: one name is the other with characters left out (財政部
// beside 財政経営部, 人事課 beside 人事課付), or two names of four characters
// or more differ in one character (財政経営部 beside 財制経営部). Names of
// three characters that differ in one (総務課, 財務課) are ordinary
// siblings and do not count.
func ProbableUnitTypo(name, existing string) bool {
	a, b := []rune(name), []rune(existing)
	if string(a) == string(b) {
		return false
	}
	short, long := a, b
	if len(short) > len(long) {
		short, long = long, short
	}
	if len(short) >= 2 && subsequence(short, long) {
		return true
	}
	return len(short) >= 4 && editDistance(a, b) <= 1
}

// subsequence reports whether s is t with some runes left out.
func subsequence(s, t []rune) bool {
	i := 0
	for _, r := range t {
		if i < len(s) && s[i] == r {
			i++
		}
	}
	return i == len(s)
}

// editDistance is the Levenshtein distance of two short names.
func editDistance(a, b []rune) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// registryNumbers reads what the traps need to know of the registry before
// the import writes: the width of its numbers (see NumberWidth) and the
// highest staff id, so that staff added by this import are not taken for
// someone who was already there.
func registryNumbers(ctx context.Context, tx *sql.Tx, muni int64) (width int, maxID int64, err error) {
	rows, err := tx.QueryContext(ctx, `SELECT id, number FROM staff WHERE municipality_id = $1`, muni)
	if err != nil {
		return 0, 0, err
	}
	defer rows.Close()
	var numbers []string
	for rows.Next() {
		var id int64
		var n string
		if err := rows.Scan(&id, &n); err != nil {
			return 0, 0, err
		}
		maxID = max(maxID, id)
		numbers = append(numbers, n)
	}
	return NumberWidth(numbers), maxID, rows.Err()
}

// likelyDuplicates warns about the rows of a chunk that add someone whose
// name and birth date match a person already in the registry under another
// number (most often the same person with a mistyped or shortened number).
func (im *importer) likelyDuplicates(ctx context.Context, added []*planned) error {
	var withBirth []*planned
	for _, p := range added {
		if !p.row.BirthDate.IsZero() && p.row.FamilyName != "" {
			withBirth = append(withBirth, p)
		}
	}
	if len(withBirth) == 0 || im.maxID == 0 {
		return nil
	}
	var q strings.Builder
	q.WriteString(`SELECT number, family_name, given_name, birth_date FROM staff WHERE municipality_id = `)
	im.s.placeholder(&q, 1)
	q.WriteString(` AND id <= `)
	im.s.placeholder(&q, 2)
	q.WriteString(` AND birth_date IN (`)
	args := []any{im.muni, im.maxID}
	dates := map[string]bool{}
	for _, p := range withBirth {
		d := fmtDate(p.row.BirthDate)
		if dates[d] {
			continue
		}
		dates[d] = true
		if len(args) > 2 {
			q.WriteByte(',')
		}
		args = append(args, d)
		im.s.placeholder(&q, len(args))
	}
	q.WriteByte(')')
	rows, err := im.tx.QueryContext(ctx, q.String(), args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	type person struct{ family, given, birth string }
	known := map[person]string{}
	for rows.Next() {
		var number string
		var p person
		if err := rows.Scan(&number, &p.family, &p.given, &p.birth); err != nil {
			return err
		}
		known[p] = number
	}
	if err := rows.Err(); err != nil {
		return err
	}
	for _, p := range withBirth {
		r := p.row
		birth := fmtDate(r.BirthDate)
		other, ok := known[person{r.FamilyName, r.GivenName, birth}]
		if !ok || other == r.Number {
			continue
		}
		im.res.Warnings = append(im.res.Warnings, Warning{Line: r.Line, Kind: WarnDuplicate, Number: r.Number, Message: fmt.Sprintf(
			"職員番号 %s は新しい職員として追加されますが、登録済みの職員番号 %s の職員と氏名（%s）・生年月日（%s）が同じです。同じ人であれば、職員番号を直してください。",
			r.Number, other, joinName(r.FamilyName, r.GivenName), birth)})
	}
	return nil
}

// unitTypos warns about the units that row line creates when a sibling that
// existed before the import has a close name.
func (im *importer) unitTypos(line int, made []string) {
	for _, path := range made {
		parent, name := "", path
		if i := strings.LastIndexByte(path, '/'); i >= 0 {
			parent, name = path[:i], path[i+1:]
		}
		for _, other := range im.unitsBefore {
			op, oname := "", other
			if i := strings.LastIndexByte(other, '/'); i >= 0 {
				op, oname = other[:i], other[i+1:]
			}
			if op != parent || !ProbableUnitTypo(name, oname) {
				continue
			}
			im.res.Warnings = append(im.res.Warnings, Warning{Line: line, Kind: WarnUnit, Message: fmt.Sprintf(
				"新しい所属「%s」を作ります。既にある「%s」の書き間違いではありませんか。",
				strings.ReplaceAll(path, "/", " "), strings.ReplaceAll(other, "/", " "))})
			break
		}
	}
}

// restoreZeros gives a row's 職員番号 back the leading zeros a spreadsheet
// dropped, when the registry's numbers have a fixed width.
func (im *importer) restoreZeros(r *stafffile.Row) {
	n := PadNumber(r.Number, im.width)
	if n == r.Number {
		return
	}
	if prev, dup := im.padded[n]; dup {
		im.problems = append(im.problems, stafffile.Problem{Line: r.Line, Column: "職員番号", Message: fmt.Sprintf(
			"職員番号 %s は先頭の0を補うと %s になり、%d 行目と重複します", r.Number, n, prev)})
		return
	}
	if im.padded == nil {
		im.padded = map[string]int{}
	}
	im.padded[n] = r.Line
	r.Number = n
	im.res.Padded++
}

// checkPadded reports restored numbers that the file also holds as they
// are, and records the restored ones in seen, the numbers of the file that
// RetireMissing keeps.
func (im *importer) checkPadded(seen map[string]int) {
	if len(im.padded) == 0 || seen == nil {
		return
	}
	var dups []stafffile.Problem
	for n, line := range im.padded {
		if other, ok := seen[n]; ok {
			dups = append(dups, stafffile.Problem{Line: line, Column: "職員番号", Message: fmt.Sprintf(
				"職員番号は先頭の0を補うと %s になり、%d 行目と重複します", n, other)})
			continue
		}
		seen[n] = line
	}
	if len(dups) == 0 {
		return
	}
	sort.Slice(dups, func(i, j int) bool { return dups[i].Line < dups[j].Line })
	im.problems = mergeProblems(im.problems, dups)
}
