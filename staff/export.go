package staff

import (
	"context"
	"io"
	"strings"

	"hagukumi/sheet"
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

func exportRecord(m *Member, candidate string) []sheet.Cell {
	return []sheet.Cell{sheet.Text(m.Number), sheet.Text(m.Name()), sheet.Text(m.Kana()), sheet.Text(m.Gender),
		sheet.Date(m.BirthDate), sheet.Date(m.HireDate), sheet.Text(m.EmploymentType), sheet.Text(m.JobType), sheet.Text(m.Title),
		sheet.Date(m.RankSince), sheet.Text(m.UnitDisplay()), sheet.Text(m.University), sheet.Text(m.Email), sheet.Text(m.Status),
		sheet.Text(candidate)}
}

// Export writes the staff in scope as a spreadsheet in format (sheet.CSV or
// sheet.XLSX), one row per person as the import reads it back.
func (s *Store) Export(ctx context.Context, out io.Writer, format string, muni int64, sc Scope, f Filter, fy int) error {
	w, err := sheet.New(out, format, "職員")
	if err != nil {
		return err
	}
	if err := w.Row(sheet.Texts(ExportHeader...)...); err != nil {
		return err
	}
	if err := s.Each(ctx, muni, sc, f, fy, func(m *Member, cand string) error { return w.Row(exportRecord(m, cand)...) }); err != nil {
		return err
	}
	return w.Close()
}
