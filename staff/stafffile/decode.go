package stafffile

import (
	"bytes"
	"cmp"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"hagukumi/jtext"
)

const (
	maxDataRows  = 200_000
	maxCellChars = 1_000
	maxUnzipped  = 200 << 20
	bombMinSize  = 8 << 20 // parts smaller than this are never suspicious
	maxTextRun   = 64 << 10
	bombRatio    = 100
	maxProblems  = 10_000
	maxDateCache = 4_096
)

var (
	utf8BOM         = []byte("\xEF\xBB\xBF")
	zipMagic        = []byte("PK\x03\x04")
	oleMagic        = []byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")
	utf16LE         = []byte("\xFF\xFE")
	utf16BE         = []byte("\xFE\xFF")
	replacementChar = []byte("\uFFFD")
	emptyZip        = []byte("PK\x05\x06") // an empty zip archive
)

// Decode reads a staff list exported as CSV (UTF-8, UTF-8 with BOM
// or Shift_JIS/CP932) or xlsx (first sheet) and returns its rows and every
// problem found. name is only used to recognise .xlsx files.
func Decode(name string, data []byte) ([]Row, []Problem) {
	d := &decoder{}
	d.decode(name, data)
	return d.rows, d.problems
}

// DecodeStream decodes like Decode but hands the rows to emit
// in chunks of at most chunk rows as it reads them, so that a large file is
// never held decoded in memory at once. emit must not keep rows (the slice is
// reused); clean tells whether no problem has been found so far, and total
// is an estimate of the number of data rows (at least those seen). An error
// from emit stops the decoding and is returned. seen maps every valid
// 職員番号 of the file to its line.
func DecodeStream(name string, data []byte, chunk int, emit func(rows []Row, clean bool, total int) error) (problems []Problem, seen map[string]int, err error) {
	d := &decoder{chunk: max(chunk, 1), emit: emit}
	d.decode(name, data)
	if d.err == nil && len(d.rows) > 0 {
		d.flush()
	}
	return d.problems, d.seen, d.err
}

func (d *decoder) decode(name string, data []byte) {
	for i := range d.col {
		d.col[i] = -1
	}
	lower := strings.ToLower(name)
	switch {
	case bytes.HasPrefix(data, zipMagic) || bytes.HasPrefix(data, emptyZip):
		d.decodeXLSX(data)
	case bytes.HasPrefix(data, oleMagic):
		d.fileProblem("古い Excel 形式（.xls）かパスワード付きのファイルは読めません。パスワードを外し、.xlsx か CSV で保存し直してください")
	case strings.HasSuffix(lower, ".xlsx") || strings.HasSuffix(lower, ".xlsm"):
		d.fileProblem("xlsx ファイルとして読めません（ファイルが壊れているか、別の形式です）")
	case bytes.HasPrefix(data, utf16LE) || bytes.HasPrefix(data, utf16BE):
		d.fileProblem("UTF-16（Unicode テキスト）のファイルは読めません。「CSV UTF-8」か「CSV（コンマ区切り）」で保存し直してください")
	default:
		d.decodeCSV(data)
	}
	// Header and row problems are found in file order already; file-level
	// ones (line 0) go first.
	slices.SortStableFunc(d.problems, func(a, b Problem) int { return cmp.Compare(a.Line, b.Line) })
	if d.dropped > 0 {
		d.problems = append(d.problems, Problem{Message: fmt.Sprintf(
			"問題が多すぎるため最初の %d 件だけを表示しています（ほかに %d 件あります）", maxProblems, d.dropped)})
	}
}

// flush hands the rows decoded so far to emit (streaming mode only).
func (d *decoder) flush() {
	if d.err == nil {
		d.err = d.emit(d.rows, len(d.problems) == 0 && d.dropped == 0, max(d.sizeHint-1, d.dataRows))
	}
	if d.err != nil {
		d.stopped = true
	}
	clear(d.rows)
	d.rows = d.rows[:0]
}

type decoder struct {
	columns  *Columns
	rows     []Row
	problems []Problem
	dropped  int

	haveHeader bool
	header     []string       // header text per column, trimmed, as in the file
	known      []bool         // column maps to a field
	col        [numFields]int // column index of each field, -1 if absent
	cur        []string       // current record
	bad        []bool         // cells of cur already reported (too long)
	dataRows   int            // data records seen
	seen       map[string]int // 職員番号 -> line
	dates      map[string]dateResult
	date1904   bool
	sizeHint   int
	unitPool   []string
	stopped    bool

	chunk int                                           // streaming: rows per call of emit
	emit  func(rows []Row, clean bool, total int) error // streaming: nil to collect every row
	err   error                                         // from emit
}

func (d *decoder) add(line int, column, msg string) {
	if len(d.problems) >= maxProblems {
		d.dropped++
		return
	}
	d.problems = append(d.problems, Problem{Line: line, Column: column, Message: msg})
}

func (d *decoder) fileProblem(msg string) { d.add(0, "", msg) }

func (d *decoder) finish(noHeader string) {
	if d.stopped {
		return
	}
	if !d.haveHeader {
		d.fileProblem(noHeader)
		return
	}
	if d.dataRows == 0 {
		d.add(0, "", "職員のデータがありません（見出しの行だけです）")
	}
}

func (d *decoder) record(line int, cells []string, xlsx bool) {
	if allBlank(cells) {
		return
	}
	if !d.haveHeader {
		d.readHeader(line, cells)
		return
	}
	d.dataRows++
	if d.dataRows > maxDataRows {
		d.add(line, "", fmt.Sprintf("行数が多すぎます（職員のデータは %d 行までです）", maxDataRows))
		d.stopped = true
		return
	}
	n := len(d.header)
	if len(cells) != n {
		tooMany := len(cells) > n && !allBlank(cells[n:])
		if !xlsx || tooMany {
			got := len(cells)
			if xlsx {
				got = lastNonBlank(cells) + 1
			}
			d.add(line, "", fmt.Sprintf("列の数が見出しと合いません（見出し %d 列、この行 %d 列）", n, got))
			return
		}
	}
	d.cur = cells
	if cap(d.bad) < len(cells) {
		d.bad = make([]bool, len(cells))
	}
	d.bad = d.bad[:len(cells)]
	clear(d.bad)
	for i, c := range cells[:min(n, len(cells))] {
		if len(c) > maxCellChars {
			if k := utf8.RuneCountInString(c); k > maxCellChars {
				d.bad[i] = true
				d.add(line, d.header[i], fmt.Sprintf("%sの値が長すぎます（%d 文字までです。この値は %d 文字）", d.header[i], maxCellChars, k))
				continue
			}
		}
		// Control characters cannot be part of a name or a date, and
		// PostgreSQL refuses NUL outright: report them instead of storing.
		if strings.ContainsAny(c, "\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f\x7f") {
			d.bad[i] = true
			d.add(line, d.header[i], d.header[i]+"に使えない制御文字が含まれています")
			continue
		}
		if d.header[i] == "" && !d.known[i] && !isBlank(c) {
			d.add(line, "", fmt.Sprintf("見出しのない列（%d 列目）に値があります: %s", i+1, shorten(jtext.Fold(c))))
		}
	}
	if d.rows == nil {
		n := max(d.sizeHint, 16)
		if d.emit != nil {
			n = min(n, d.chunk)
		}
		d.rows = make([]Row, 0, n)
		d.seen = make(map[string]int, max(d.sizeHint, 16))
	}
	d.rows = append(d.rows, Row{Line: line})
	d.fill(&d.rows[len(d.rows)-1])
	d.cur = nil
	if d.emit != nil && len(d.rows) >= d.chunk {
		d.flush()
	}
}
