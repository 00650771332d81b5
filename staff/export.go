package staff

import (
	"context"
	"encoding/csv"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"
)

// ExportHeader is the header the export writes; the import reads it back.
var ExportHeader = []string{"職員番号", "氏名", "フリガナ", "性別", "生年月日", "採用日", "雇用区分", "職種", "職位", "職位発令日", "所属", "出身大学", "メール", "在職状況", "昇格候補"}

// Each calls fn for every staff member in scope, sorted by 職員番号, with the
// 昇格候補 of fiscal year fy; it streams, so a large registry is never held
// in memory at once.
func (s *Store) Each(ctx context.Context, muni int64, sc Scope, f Filter, fy int, fn func(m *Member, candidate string) error) error {
	args := []any{muni, fy}
	w := sc.And("s.id", "o.path", &args)
	fw, err := s.filterWhere(ctx, muni, f, &args)
	if err != nil {
		return err
	}
	rows, err := s.DB.R.QueryContext(ctx, `SELECT `+memberCols+`, COALESCE(cr.name, '')`+memberFrom+`
		LEFT JOIN promotion_candidates c ON c.staff_id = s.id AND c.fy = $2 LEFT JOIN ranks cr ON cr.id = c.rank_id
		WHERE s.municipality_id = $1`+w+fw+` ORDER BY s.number`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var m Member
		var cand string
		if err := rows.Scan(&m.ID, &m.Number, &m.FamilyName, &m.GivenName, &m.FamilyKana, &m.GivenKana, &m.Gender, &m.BirthDate, &m.HireDate,
			&m.EmploymentType, &m.JobType, &m.Title, &m.RankID, &m.Rank, &m.RankOrdinal, &m.RankSince,
			&m.UnitID, &m.Unit, &m.University, &m.Email, &m.Status, &cand); err != nil {
			return err
		}
		if err := fn(&m, firstTitle(cand)); err != nil {
			return err
		}
	}
	return rows.Err()
}

// firstTitle names a stage by its first title (主査 for 主査, 主事 for 主事・技師),
// which the import maps back to the same stage.
func firstTitle(stage string) string {
	if i := strings.Index(stage, "・"); i >= 0 {
		return stage[:i]
	}
	return stage
}

func exportRecord(m *Member, candidate string) []string {
	return []string{m.Number, m.Name(), m.Kana(), m.Gender, m.BirthDate, m.HireDate, m.EmploymentType, m.JobType, m.Title,
		m.RankSince, m.UnitDisplay(), m.University, m.Email, m.Status, candidate}
}

// Neutralize defuses a cell that a spreadsheet would run as a formula
// (CSV injection): a leading =, +, -, @, tab or CR gets a leading quote.
func Neutralize(v string) string {
	if v != "" && strings.ContainsRune("=+-@\t\r", rune(v[0])) {
		return "'" + v
	}
	return v
}

// CSVWriter writes UTF-8 with a BOM and CRLF line ends, which Excel opens
// correctly, with every cell neutralised.
type CSVWriter struct{ w *csv.Writer }

// NewCSVWriter starts a CSV export with its BOM.
func NewCSVWriter(out io.Writer) (*CSVWriter, error) {
	if _, err := out.Write([]byte("\uFEFF")); err != nil {
		return nil, err
	}
	w := csv.NewWriter(out)
	w.UseCRLF = true
	return &CSVWriter{w}, nil
}

// Write writes one record.
func (c *CSVWriter) Write(rec []string) error {
	out := make([]string, len(rec))
	for i, v := range rec {
		out[i] = Neutralize(v)
	}
	return c.w.Write(out)
}

// Flush ends the export.
func (c *CSVWriter) Flush() error { c.w.Flush(); return c.w.Error() }

// ExportCSV writes the staff in scope as CSV.
func (s *Store) ExportCSV(ctx context.Context, out io.Writer, muni int64, sc Scope, f Filter, fy int) error {
	w, err := NewCSVWriter(out)
	if err != nil {
		return err
	}
	if err := w.Write(ExportHeader); err != nil {
		return err
	}
	if err := s.Each(ctx, muni, sc, f, fy, func(m *Member, cand string) error { return w.Write(exportRecord(m, cand)) }); err != nil {
		return err
	}
	return w.Flush()
}

// WriteXLSX writes a header and records as one sheet through excelize's
// streaming writer, so a large list stays out of memory.
func WriteXLSX(out io.Writer, sheet string, header []string, each func(emit func([]string) error) error) error {
	f := excelize.NewFile()
	defer f.Close()
	f.SetSheetName("Sheet1", sheet)
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	row := 1
	emit := func(rec []string) error {
		cells := make([]any, len(rec))
		for i, v := range rec {
			cells[i] = Neutralize(v)
		}
		cell, _ := excelize.CoordinatesToCellName(1, row)
		row++
		return sw.SetRow(cell, cells)
	}
	if err := emit(header); err != nil {
		return err
	}
	if err := each(emit); err != nil {
		return err
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return f.Write(out)
}

// ExportXLSX writes the staff in scope as xlsx.
func (s *Store) ExportXLSX(ctx context.Context, out io.Writer, muni int64, sc Scope, f Filter, fy int) error {
	return WriteXLSX(out, "職員", ExportHeader, func(emit func([]string) error) error {
		return s.Each(ctx, muni, sc, f, fy, func(m *Member, cand string) error { return emit(exportRecord(m, cand)) })
	})
}
