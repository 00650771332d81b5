// Package sheet writes the spreadsheets users download: CSV that Excel opens
// correctly (UTF-8 with a BOM, CRLF, formulas neutralised) and xlsx with
// typed cells. Every export writes through one Writer, so the two formats
// cannot drift apart and nobody has to remember the CSV injection rule.
package sheet

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// The formats a Writer writes.
const (
	CSV  = "csv"
	XLSX = "xlsx"
)

type kind uint8

const (
	kindText kind = iota
	kindInt
	kindNumber
	kindDate
)

// Cell is one value of a row. Text stays text in both formats (a 職員番号
// such as 000123 keeps its zeros); numbers and dates become typed cells in
// xlsx, so a spreadsheet user can sum and sort them.
type Cell struct {
	kind kind
	text string // the text, or the date as YYYY-MM-DD
	num  float64
}

// Text is a text cell.
func Text(s string) Cell { return Cell{kind: kindText, text: s} }

// Texts makes a row of text cells, e.g. a header.
func Texts(ss ...string) []Cell {
	out := make([]Cell, len(ss))
	for i, s := range ss {
		out[i] = Text(s)
	}
	return out
}

// Int is a whole number.
func Int(n int) Cell { return Cell{kind: kindInt, num: float64(n)} }

// Number is a number with a fraction, such as hours (1.5).
func Number(f float64) Cell { return Cell{kind: kindNumber, num: f} }

// Date is a calendar day given as YYYY-MM-DD. Anything else (an empty or
// partial date) is kept as text, so nothing a user typed is lost.
func Date(iso string) Cell {
	if _, err := time.Parse(time.DateOnly, iso); err != nil {
		return Text(iso)
	}
	return Cell{kind: kindDate, text: iso}
}

// String is the cell as CSV writes it, before neutralising.
func (c Cell) String() string {
	switch c.kind {
	case kindInt, kindNumber:
		return strconv.FormatFloat(c.num, 'f', -1, 64)
	}
	return c.text
}

// Neutralize defuses a text that a spreadsheet would run as a formula
// (CSV injection): a leading =, +, -, @, tab or CR gets a leading quote.
// Only CSV needs it: in xlsx a text cell is never a formula, and the quote
// would just spoil the value.
func Neutralize(v string) string {
	if v != "" && strings.ContainsRune("=+-@\t\r", rune(v[0])) {
		return "'" + v
	}
	return v
}

// Writer writes rows in one format. Close must be called to finish the file.
type Writer struct {
	csv  *csv.Writer
	xlsx *xlsxWriter
}

// New starts a spreadsheet in format CSV or XLSX; title names the xlsx
// worksheet (CSV has no place for it).
func New(w io.Writer, format, title string) (*Writer, error) {
	switch format {
	case CSV:
		// The BOM tells Excel the file is UTF-8; without it Japanese text
		// opens as mojibake.
		if _, err := io.WriteString(w, "\uFEFF"); err != nil {
			return nil, err
		}
		cw := csv.NewWriter(w)
		cw.UseCRLF = true
		return &Writer{csv: cw}, nil
	case XLSX:
		x, err := newXLSX(w, title)
		if err != nil {
			return nil, err
		}
		return &Writer{xlsx: x}, nil
	}
	return nil, fmt.Errorf("sheet: unknown format %q", format)
}

// Row writes one row.
func (w *Writer) Row(cells ...Cell) error {
	if w.xlsx != nil {
		return w.xlsx.row(cells)
	}
	rec := make([]string, len(cells))
	for i, c := range cells {
		rec[i] = c.String()
		if c.kind == kindText {
			rec[i] = Neutralize(rec[i])
		}
	}
	return w.csv.Write(rec)
}

// Close finishes the file.
func (w *Writer) Close() error {
	if w.xlsx != nil {
		return w.xlsx.close()
	}
	w.csv.Flush()
	return w.csv.Error()
}
