package sheet_test

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"io"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"hagukumi/sheet"
)

// write makes a file of the header and rows in format.
func write(t *testing.T, format string, rows ...[]sheet.Cell) []byte {
	t.Helper()
	var buf bytes.Buffer
	w, err := sheet.New(&buf, format, "職員")
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		if err := w.Row(r...); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

var sample = [][]sheet.Cell{
	sheet.Texts("職員番号", "氏名", "採用日", "時間数", "人数", "職種"),
	{sheet.Text("000123"), sheet.Text("山田 太郎"), sheet.Date("2024-04-01"), sheet.Number(1.5), sheet.Int(30), sheet.Text("=1+2")},
	{sheet.Text("000124"), sheet.Text("-佐藤"), sheet.Date(""), sheet.Number(3), sheet.Int(0), sheet.Text("@SUM(A1)")},
}

func TestCSV(t *testing.T) {
	out := write(t, sheet.CSV, sample...)
	if !bytes.HasPrefix(out, []byte("\xEF\xBB\xBF")) {
		t.Fatal("no UTF-8 BOM")
	}
	if !bytes.Contains(out, []byte("\r\n")) {
		t.Error("lines do not end in CRLF")
	}
	recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(out, []byte("\xEF\xBB\xBF")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"職員番号", "氏名", "採用日", "時間数", "人数", "職種"},
		{"000123", "山田 太郎", "2024-04-01", "1.5", "30", "'=1+2"},
		{"000124", "'-佐藤", "", "3", "0", "'@SUM(A1)"},
	}
	for i := range want {
		if strings.Join(recs[i], "|") != strings.Join(want[i], "|") {
			t.Errorf("row %d = %q, want %q", i, recs[i], want[i])
		}
	}
}

func TestNeutralize(t *testing.T) {
	for in, want := range map[string]string{"=1+2": "'=1+2", "+81": "'+81", "-1": "'-1", "@x": "'@x", "\tx": "'\tx", "\rx": "'\rx", "a=b": "a=b", "": "", "山田": "山田"} {
		if got := sheet.Neutralize(in); got != want {
			t.Errorf("Neutralize(%q) = %q, want %q", in, got, want)
		}
	}
}

// worksheet is the XML of the first sheet of an xlsx file.
func worksheet(t *testing.T, data []byte) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		if f.Name == "xl/worksheets/sheet1.xml" {
			r, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			b, err := io.ReadAll(r)
			if err != nil {
				t.Fatal(err)
			}
			return string(b)
		}
	}
	t.Fatal("no xl/worksheets/sheet1.xml")
	return ""
}

func TestXLSXDimension(t *testing.T) {
	x := worksheet(t, write(t, sheet.XLSX, sample...))
	dims := regexp.MustCompile(`<dimension ref="([^"]*)"`).FindAllStringSubmatch(x, -1)
	if len(dims) != 1 || dims[0][1] != "A1:F3" {
		t.Fatalf("dimension %q, want A1:F3", dims)
	}
	// An empty sheet declares A1, which is what it is.
	if x := worksheet(t, write(t, sheet.XLSX)); !strings.Contains(x, `<dimension ref="A1">`) {
		t.Fatalf("empty sheet: %s", x)
	}
	// A sheet too large for the first read of the worksheet keeps its rows.
	var rows [][]sheet.Cell
	for i := 0; i < 3000; i++ {
		rows = append(rows, sheet.Texts("一二三四五六七八九十", "b"))
	}
	data := write(t, sheet.XLSX, rows...)
	if x := worksheet(t, data); !strings.Contains(x, `<dimension ref="A1:B3000">`) || strings.Count(x, "<row ") != 3000 {
		t.Fatal("large sheet: wrong dimension or rows lost")
	}
}

func TestXLSXCells(t *testing.T) {
	data := write(t, sheet.XLSX, sample...)
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if name := f.GetSheetName(0); name != "職員" {
		t.Errorf("sheet named %q", name)
	}
	// A number cell has no t attribute (the default is a number); a text
	// cell is an inline string.
	x := worksheet(t, data)
	isNumber := func(cell string) bool {
		m := regexp.MustCompile(`<c r="` + cell + `"([^>]*)>`).FindStringSubmatch(x)
		return m != nil && !strings.Contains(m[1], "t=")
	}
	value := func(cell string) string {
		v, err := f.GetCellValue("職員", cell, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	if isNumber("A2") || value("A2") != "000123" {
		t.Errorf("職員番号: value %q, want text 000123", value("A2"))
	}
	if !isNumber("D2") || value("D2") != "1.5" {
		t.Errorf("時間数: value %q, want the number 1.5", value("D2"))
	}
	if !isNumber("E2") || value("E2") != "30" {
		t.Errorf("人数: value %q, want the number 30", value("E2"))
	}
	// A date is a serial number shown as a date.
	if !isNumber("C2") || value("C2") != "45383" {
		t.Errorf("採用日: raw %q, want serial 45383", value("C2"))
	}
	if v, _ := f.GetCellValue("職員", "C2"); v != "2024-04-01" {
		t.Errorf("採用日 shown as %q", v)
	}
	if value("C3") != "" {
		t.Errorf("an empty date became %q", value("C3"))
	}
	// In xlsx a text cell is never a formula: no quote is added.
	if value("F2") != "=1+2" || value("B3") != "-佐藤" {
		t.Errorf("text cells changed: %q %q", value("F2"), value("B3"))
	}
	if fm, _ := f.GetCellFormula("職員", "F2"); fm != "" {
		t.Errorf("F2 holds the formula %q", fm)
	}
}

func TestUnknownFormat(t *testing.T) {
	if _, err := sheet.New(io.Discard, "ods", ""); err == nil {
		t.Fatal("an unknown format was accepted")
	}
}
