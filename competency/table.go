package competency

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"hagukumi/apperr"
	"hagukumi/sheet"
)

// The table's fixed columns; one column per rank follows, holding the
// required level (empty or 0: not required).
var tableHead = []string{"コード", "領域", "名称", "定義", "行動指標"}

// WriteTable writes a version as the table a city edits and loads back.
func WriteTable(w *sheet.Writer, f *Framework, ranks []string) error {
	if err := w.Row(sheet.Texts(append(append([]string{}, tableHead...), ranks...)...)...); err != nil {
		return err
	}
	for _, c := range f.Competencies {
		row := sheet.Texts(c.Code, c.Area, c.Name, c.Definition, c.Indicators)
		for _, r := range ranks {
			lv := 0
			for _, l := range c.Levels {
				if l.Rank == r && l.JobFamily == "" {
					lv = l.Level
				}
			}
			if lv > 0 {
				row = append(row, sheet.Int(lv))
			} else {
				row = append(row, sheet.Text(""))
			}
		}
		if err := w.Row(row...); err != nil {
			return err
		}
	}
	return w.Close()
}

// MaxFile is the largest table file accepted (CSV or xlsx), and
// maxUnzipped the most an xlsx may unpack to.
const (
	MaxFile     = 8 << 20
	maxUnzipped = 64 << 20
)

// ReadTable reads the CSV table (UTF-8, with or without BOM) into the
// competencies of a version. The rank columns are those of the header
// after the fixed ones; a rank not on the ladder is refused, so a typo
// does not silently drop a column.
func ReadTable(r io.Reader, ranks []string) ([]Competency, error) {
	data, err := readLimited(r)
	if err != nil {
		return nil, err
	}
	return readCSV(data, ranks)
}

// ReadTableFile reads the table from an uploaded file: an xlsx workbook
// (its first sheet, recognised by its content, whatever the file name) or
// CSV, with the same columns and the same checks.
func ReadTableFile(r io.Reader, ranks []string) ([]Competency, error) {
	data, err := readLimited(r)
	if err != nil {
		return nil, err
	}
	if bytes.HasPrefix(data, []byte("PK\x03\x04")) {
		rows, err := xlsxRows(data)
		if err != nil {
			return nil, err
		}
		return tableRows(rows, ranks)
	}
	return readCSV(data, ranks)
}

func readLimited(r io.Reader) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxFile+1))
	if err != nil {
		return nil, apperr.Invalidf("ファイルを読めませんでした。")
	}
	if len(data) > MaxFile {
		return nil, apperr.Invalidf("ファイルが大きすぎます（%d MBまでです）。", MaxFile>>20)
	}
	return data, nil
}

func readCSV(data []byte, ranks []string) ([]Competency, error) {
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	cr := csv.NewReader(bytes.NewReader(data))
	cr.FieldsPerRecord = -1
	rows, err := cr.ReadAll()
	if err != nil {
		return nil, apperr.Invalidf("CSVを読めませんでした（%s）。", err.Error())
	}
	return tableRows(rows, ranks)
}

// xlsxRows reads the first sheet's rows as displayed text. The workbook is
// untrusted: its unpacked size is bounded before excelize sees it, and a
// panic inside the parser becomes a refusal.
func xlsxRows(data []byte) (rows [][]string, err error) {
	bad := apperr.Invalidf("xlsx ファイルとして読めません（ファイルが壊れています）。")
	defer func() {
		if recover() != nil {
			rows, err = nil, bad
		}
	}()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, bad
	}
	var total uint64
	for _, zf := range zr.File {
		total += zf.UncompressedSize64
		if total > maxUnzipped || total < zf.UncompressedSize64 {
			return nil, apperr.Invalidf("ファイルが大きすぎます（展開後の大きさが %d MB を超えます）。", maxUnzipped>>20)
		}
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: maxUnzipped})
	if err != nil {
		if errors.Is(err, excelize.ErrWorkbookPassword) {
			return nil, apperr.Invalidf("パスワード付きの xlsx ファイルは読めません。")
		}
		return nil, bad
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, apperr.Invalidf("xlsx ファイルにシートがありません。")
	}
	rows, err = f.GetRows(sheets[0])
	if err != nil {
		return nil, bad
	}
	return rows, nil
}

// tableRows turns the table's rows (header first) into competencies.
func tableRows(rows [][]string, ranks []string) ([]Competency, error) {
	if len(rows) == 0 || len(rows[0]) < len(tableHead) {
		return nil, apperr.Invalidf("1行目は「%s」と職位の列にしてください。", strings.Join(tableHead, ","))
	}
	head := rows[0]
	for i, h := range tableHead {
		if strings.TrimSpace(head[i]) != h {
			return nil, apperr.Invalidf("%d列目の見出しは「%s」にしてください。", i+1, h)
		}
	}
	rankCols := head[len(tableHead):]
	for _, rc := range rankCols {
		if !slices.Contains(ranks, strings.TrimSpace(rc)) {
			return nil, apperr.Invalidf("職位「%s」は職位の一覧にありません。", rc)
		}
	}
	var out []Competency
	for n, row := range rows[1:] {
		for len(row) < len(head) {
			row = append(row, "")
		}
		c := Competency{Code: strings.TrimSpace(row[0]), Area: strings.TrimSpace(row[1]), Name: strings.TrimSpace(row[2]),
			Definition: strings.TrimSpace(row[3]), Indicators: strings.TrimSpace(row[4])}
		if c.Code == "" && c.Name == "" {
			continue
		}
		for i, rc := range rankCols {
			v := strings.TrimSpace(row[len(tableHead)+i])
			if v == "" {
				continue
			}
			lv, err := strconv.Atoi(v)
			if err != nil {
				return nil, apperr.Invalidf("%d行目: 「%s」の水準は数字で入力してください。", n+2, rc)
			}
			c.Levels = append(c.Levels, Level{Rank: strings.TrimSpace(rc), Level: lv})
		}
		out = append(out, c)
	}
	return out, nil
}
