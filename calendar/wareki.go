package calendar

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"hagukumi/jtext"
)

// Era is one Japanese era (元号). Start is its first day as a civil date.
// Abbr is the one-letter Latin abbreviation used on forms and in
// spreadsheets ("R5.4.1").
type Era struct {
	Name  string
	Abbr  string
	Start time.Time
}

// eras lists the eras from 明治 on, oldest first. Dates are Gregorian.
// 明治 starts on the day of the 改元 (1868-10-23 in the Gregorian calendar);
// Japan still used the lunisolar calendar until 1872, so 明治 dates before
// 1873 are only approximately what a contemporary document would show,
// which is acceptable for an HR system that never sees such dates.
var eras = []Era{
	{Name: "明治", Abbr: "M", Start: D(1868, time.October, 23)},
	{Name: "大正", Abbr: "T", Start: D(1912, time.July, 30)},
	{Name: "昭和", Abbr: "S", Start: D(1926, time.December, 25)},
	{Name: "平成", Abbr: "H", Start: D(1989, time.January, 8)},
	{Name: "令和", Abbr: "R", Start: D(2019, time.May, 1)},
}

// Eras returns the supported eras, oldest first. It returns a copy so
// callers cannot alter the table the parser relies on.
func Eras() []Era {
	return append([]Era(nil), eras...)
}

// eraEnd returns the last day of era i, or false for the current era,
// which has no end yet.
func eraEnd(i int) (time.Time, bool) {
	if i+1 >= len(eras) {
		return time.Time{}, false
	}
	return eras[i+1].Start.AddDate(0, 0, -1), true
}

// EraOf returns the era containing t and the year within that era
// (1 for the first year). It reports false for dates before 明治.
func EraOf(t time.Time) (Era, int, bool) {
	d := civil(t)
	for i := len(eras) - 1; i >= 0; i-- {
		if !d.Before(eras[i].Start) {
			return eras[i], d.Year() - eras[i].Start.Year() + 1, true
		}
	}
	return Era{}, 0, false
}

// eraYear writes an era year the way official documents do: the first
// year is 元年, not 1年.
func eraYear(y int) string {
	if y == 1 {
		return "元"
	}
	return strconv.Itoa(y)
}

// FormatWareki formats t as in "令和5年4月1日", with "元年" for the first
// year of an era. Dates before 明治 fall back to the Western year
// ("1867年1月1日") because there is no era to name.
func FormatWareki(t time.Time) string {
	_, m, d := t.Date()
	era, y, ok := EraOf(t)
	if !ok {
		return fmt.Sprintf("%d年%d月%d日", t.Year(), int(m), d)
	}
	return fmt.Sprintf("%s%s年%d月%d日", era.Name, eraYear(y), int(m), d)
}

// FormatWarekiShort formats t as in "R5.4.1". The short form always uses
// digits ("R1.5.1"), as spreadsheets and forms do. Dates before 明治 fall
// back to "1867.1.1".
func FormatWarekiShort(t time.Time) string {
	_, m, d := t.Date()
	era, y, ok := EraOf(t)
	if !ok {
		return fmt.Sprintf("%d.%d.%d", t.Year(), int(m), d)
	}
	return fmt.Sprintf("%s%d.%d.%d", era.Abbr, y, int(m), d)
}

// nendoEra returns the index of the era that names fiscal year fy, or -1
// if fy is before 明治.
//
// A fiscal year takes the name of the latest era whose first calendar
// year is not after fy. This gives the naming city halls settled on in
// 2019: the whole of FY2019 is 令和元年度 even though April 2019 was still
// 平成, while FY1988 stays 昭和63年度 although 平成 began in its January.
func nendoEra(fy int) int {
	for i := len(eras) - 1; i >= 0; i-- {
		if eras[i].Start.Year() <= fy {
			return i
		}
	}
	return -1
}

// FormatNendo formats fiscal year fy as in "令和6年度" ("令和元年度" for
// 2019, "平成30年度" for 2018). Years before 明治 use the Western number.
func FormatNendo(fy int) string {
	i := nendoEra(fy)
	if i < 0 {
		return fmt.Sprintf("%d年度", fy)
	}
	return eras[i].Name + eraYear(fy-eras[i].Start.Year()+1) + "年度"
}

// lastNendo returns the last era year that may be written with era i in a
// 年度 label: the fiscal year containing the era's last day. That is why
// 平成31年度 is accepted (it is FY2019, an alias of 令和元年度) while
// 昭和64年度 is not (昭和64年 ended within 昭和63年度).
func lastNendo(i int) (int, bool) {
	end, ok := eraEnd(i)
	if !ok {
		return 0, false
	}
	return FiscalYear(end) - eras[i].Start.Year() + 1, true
}

// ParseNendo reads a fiscal year label and returns its integer FY.
// It accepts "令和6年度", "R6年度", "令和元年度", "平成31年度", "2024年度" and
// a bare "2024", with full-width characters folded first. Both
// "平成31年度" and "令和元年度" give 2019, because documents from April 2019
// use either.
func ParseNendo(s string) (int, error) {
	in := normalize(s)
	if in == "" {
		return 0, fmt.Errorf("年度が入力されていません")
	}
	p := scanner{s: in}
	ei, hasEra := p.era()
	p.spaces()
	var year int
	if hasEra {
		if p.consume("元") {
			year = 1
		} else {
			n, digits := p.number(4)
			if digits == 0 {
				return 0, badNendo(s)
			}
			year = n
		}
	} else {
		n, digits := p.number(4)
		if digits != 4 {
			return 0, badNendo(s)
		}
		year = n
	}
	p.spaces()
	p.consume("年度")
	if !p.done() {
		return 0, badNendo(s)
	}
	if !hasEra {
		if year < 1 {
			return 0, badNendo(s)
		}
		return year, nil
	}
	e := eras[ei]
	if year < 1 {
		return 0, fmt.Errorf("%s0年度はありません", e.Name)
	}
	if last, ok := lastNendo(ei); ok && year > last {
		return 0, fmt.Errorf("%sは%d年度までです", e.Name, last)
	}
	return e.Start.Year() + year - 1, nil
}

func badNendo(s string) error {
	return fmt.Errorf("年度として読めません: 「%s」", clip(s))
}

// ParseDate reads a date typed by a user or found in an imported file.
//
// Full-width digits, letters and punctuation are folded to ASCII and
// surrounding ASCII or full-width spaces are trimmed first. Accepted forms:
// "2024-04-01", "2024/4/1", "2024.4.1", "20240401", "2024年4月1日",
// "令和5年4月1日", "令和元年5月1日", "R5.4.1", "R5/4/1", "R5-4-1", "h30.4.1"
// and "R5年4月1日", for 明治 (M), 大正 (T), 昭和 (S), 平成 (H) and 令和 (R).
//
// The day must exist, and an era date must fall inside its era, so
// "平成31年5月1日" and "令和1年4月30日" are rejected. Error messages are
// short Japanese sentences meant to be shown to the user unchanged.
func ParseDate(s string) (time.Time, error) {
	in := normalize(s)
	if in == "" {
		return time.Time{}, fmt.Errorf("日付が入力されていません")
	}

	// The compact form has no separators at all, so handle it before the
	// scanner, which expects one.
	if len(in) == 8 && allDigits(in) {
		y, _ := strconv.Atoi(in[:4])
		m, _ := strconv.Atoi(in[4:6])
		d, _ := strconv.Atoi(in[6:])
		return makeDate(y, m, d, s)
	}

	p := scanner{s: in}
	ei, hasEra := p.era()
	p.spaces()

	var year int
	if hasEra {
		if p.consume("元") {
			year = 1
		} else {
			n, digits := p.number(4)
			if digits == 0 {
				return time.Time{}, badDate(s)
			}
			year = n
		}
	} else {
		// A Western year must have four digits; "24/4/1" is ambiguous.
		n, digits := p.number(4)
		if digits != 4 {
			return time.Time{}, badDate(s)
		}
		year = n
	}
	p.spaces()

	var month, day, digits int
	switch {
	case p.consume("年"):
		p.spaces()
		if month, digits = p.number(2); digits == 0 {
			return time.Time{}, badDate(s)
		}
		p.spaces()
		if !p.consume("月") {
			return time.Time{}, badDate(s)
		}
		p.spaces()
		if day, digits = p.number(2); digits == 0 {
			return time.Time{}, badDate(s)
		}
		p.spaces()
		// 日 is optional: "令和5年4月1" is clear enough to accept.
		p.consume("日")
	case p.peekSep():
		// The same separator must be used twice, so "2024/4-1" is
		// rejected as a likely typing mistake.
		sep := p.s[p.i : p.i+1]
		p.i++
		p.spaces()
		if month, digits = p.number(2); digits == 0 {
			return time.Time{}, badDate(s)
		}
		p.spaces()
		if !p.consume(sep) {
			return time.Time{}, badDate(s)
		}
		p.spaces()
		if day, digits = p.number(2); digits == 0 {
			return time.Time{}, badDate(s)
		}
	default:
		return time.Time{}, badDate(s)
	}
	p.spaces()
	if !p.done() {
		return time.Time{}, badDate(s)
	}

	if !hasEra {
		return makeDate(year, month, day, s)
	}
	e := eras[ei]
	if year < 1 {
		return time.Time{}, fmt.Errorf("%s0年はありません", e.Name)
	}
	t, err := makeDate(e.Start.Year()+year-1, month, day, s)
	if err != nil {
		return time.Time{}, err
	}
	if t.Before(e.Start) {
		return time.Time{}, fmt.Errorf("%sは%sから始まります", e.Name, japaneseDate(e.Start))
	}
	if end, ok := eraEnd(ei); ok && t.After(end) {
		return time.Time{}, fmt.Errorf("%sは%sで終わっています", e.Name, japaneseDate(end))
	}
	return t, nil
}

// makeDate builds y-m-d and rejects days that do not exist. time.Date
// would silently normalise 2023-02-29 to 2023-03-01, which would turn a
// typing mistake into a wrong record.
func makeDate(y, m, d int, input string) (time.Time, error) {
	if y < 1 || m < 1 || m > 12 || d < 1 || d > 31 {
		return time.Time{}, fmt.Errorf("存在しない日付です: 「%s」", clip(input))
	}
	t := D(y, time.Month(m), d)
	if t.Day() != d {
		return time.Time{}, fmt.Errorf("存在しない日付です: 「%s」", clip(input))
	}
	return t, nil
}

func badDate(s string) error {
	return fmt.Errorf("日付として読めません: 「%s」", clip(s))
}

// japaneseDate writes a Western date for error messages ("2019年5月1日").
func japaneseDate(t time.Time) string {
	return fmt.Sprintf("%d年%d月%d日", t.Year(), int(t.Month()), t.Day())
}

// clip shortens user input echoed in an error message, so that a pasted
// paragraph does not turn into an unreadable error dialog.
func clip(s string) string {
	s = strings.TrimSpace(s)
	const max = 30
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	r := []rune(s)
	return string(r[:max]) + "…"
}

// normalize folds the width of s (０-９, Ａ-Ｚ, ／, ．, －, the ideographic
// space…) with jtext.Width, turns the dash-like characters people type by
// accident into '-', and trims ASCII spaces. Kanji such as 年月日 and era
// names are kept as they are. Invalid UTF-8 bytes are kept too; they
// simply make the parse fail.
func normalize(s string) string {
	// Most input is already plain ASCII; skip the copy for it so that
	// bulk imports do not allocate per cell.
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			s = strings.Map(dash, jtext.Width(s))
			break
		}
	}
	return strings.Trim(s, " \t\r\n")
}

// dash maps the dash-like characters (hyphens, dashes, minus, the long
// vowel mark ー) to '-', the separator the date scanner reads.
func dash(r rune) rune {
	switch r {
	case '\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2015', '\u2212', '\u30FC':
		return '-'
	}
	return r
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// scanner walks a normalised string. It is deliberately small: the date
// grammar is a handful of tokens, and a hand-written scanner gives precise
// control over what is accepted without regular expressions.
type scanner struct {
	s string
	i int
}

func (p *scanner) done() bool { return p.i >= len(p.s) }

func (p *scanner) spaces() {
	for p.i < len(p.s) && (p.s[p.i] == ' ' || p.s[p.i] == '\t') {
		p.i++
	}
}

func (p *scanner) consume(tok string) bool {
	if strings.HasPrefix(p.s[p.i:], tok) {
		p.i += len(tok)
		return true
	}
	return false
}

func (p *scanner) peekSep() bool {
	if p.done() {
		return false
	}
	c := p.s[p.i]
	return c == '/' || c == '.' || c == '-'
}

// number reads a run of ASCII digits. It reports the number of digits
// read; a run longer than max is consumed but reported as 0 digits so the
// caller fails, and so that a long run can never overflow an int.
func (p *scanner) number(max int) (int, int) {
	start := p.i
	for p.i < len(p.s) && p.s[p.i] >= '0' && p.s[p.i] <= '9' {
		p.i++
	}
	n := p.i - start
	if n == 0 || n > max {
		return 0, 0
	}
	v, _ := strconv.Atoi(p.s[start:p.i])
	return v, n
}

// era reads an era name ("令和") or its Latin abbreviation in either case
// ("R", "r") and returns its index in eras.
func (p *scanner) era() (int, bool) {
	for i, e := range eras {
		if p.consume(e.Name) {
			return i, true
		}
	}
	if p.done() {
		return 0, false
	}
	c := p.s[p.i]
	if c >= 'a' && c <= 'z' {
		c -= 'a' - 'A'
	}
	for i, e := range eras {
		if e.Abbr[0] == c {
			p.i++
			return i, true
		}
	}
	return 0, false
}
