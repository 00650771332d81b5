package sheet

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"time"

	"github.com/xuri/excelize/v2"
)

// xlsxWriter streams rows through excelize's StreamWriter, so a large list
// is not held in memory as cells.
type xlsxWriter struct {
	out       io.Writer
	file      *excelize.File
	sw        *excelize.StreamWriter
	dateStyle int
	rows      int
	cols      int
}

func newXLSX(out io.Writer, title string) (*xlsxWriter, error) {
	f := excelize.NewFile()
	if title != "" {
		if err := f.SetSheetName("Sheet1", title); err != nil {
			f.Close()
			return nil, err
		}
	} else {
		title = "Sheet1"
	}
	sw, err := f.NewStreamWriter(title)
	if err != nil {
		f.Close()
		return nil, err
	}
	numFmt := "yyyy-mm-dd"
	style, err := f.NewStyle(&excelize.Style{CustomNumFmt: &numFmt})
	if err != nil {
		f.Close()
		return nil, err
	}
	return &xlsxWriter{out: out, file: f, sw: sw, dateStyle: style}, nil
}

func (x *xlsxWriter) row(cells []Cell) error {
	values := make([]any, len(cells))
	for i, c := range cells {
		switch c.kind {
		case kindInt, kindNumber:
			values[i] = c.num
		case kindDate:
			t, _ := time.Parse(time.DateOnly, c.text)
			values[i] = excelize.Cell{StyleID: x.dateStyle, Value: t}
		default:
			values[i] = c.text
		}
	}
	x.rows++
	x.cols = max(x.cols, len(cells))
	name, err := excelize.CoordinatesToCellName(1, x.rows)
	if err != nil {
		return err
	}
	return x.sw.SetRow(name, values)
}

// close writes the workbook. The StreamWriter writes the sheet's
// <dimension> before the first row, when the used range is not known yet,
// and always as A1; readers that trust it (openpyxl's read-only mode) then
// see one cell. So the finished file is copied once more with the real
// range put into that element.
func (x *xlsxWriter) close() error {
	defer x.file.Close()
	if err := x.sw.Flush(); err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := x.file.Write(&buf); err != nil {
		return err
	}
	ref := "A1"
	if x.rows > 0 && x.cols > 0 {
		last, err := excelize.CoordinatesToCellName(x.cols, x.rows)
		if err != nil {
			return err
		}
		ref = "A1:" + last
	}
	return setDimension(x.out, buf.Bytes(), ref)
}

// sheetPath is where the first worksheet of a new workbook lives; renaming
// the sheet does not move it.
const sheetPath = "xl/worksheets/sheet1.xml"

// streamDimension is what excelize's StreamWriter writes; a test notices
// when a new excelize writes something else.
var streamDimension = []byte(`<dimension ref="A1"></dimension>`)

// setDimension copies the xlsx file to out with the worksheet's dimension
// set to ref. Only the start of the worksheet is read into memory; the rest
// and the other parts are copied as they are.
func setDimension(out io.Writer, xlsx []byte, ref string) error {
	zr, err := zip.NewReader(bytes.NewReader(xlsx), int64(len(xlsx)))
	if err != nil {
		return err
	}
	zw := zip.NewWriter(out)
	for _, f := range zr.File {
		if f.Name != sheetPath {
			if err := zw.Copy(f); err != nil {
				return err
			}
			continue
		}
		r, err := f.Open()
		if err != nil {
			return err
		}
		// The dimension comes right after the worksheet's namespaces,
		// well inside the first 8 kB.
		head := make([]byte, 8<<10)
		n, err := io.ReadFull(r, head)
		if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) {
			r.Close()
			return err
		}
		head = head[:n]
		i := bytes.Index(head, streamDimension)
		if i < 0 {
			r.Close()
			return errors.New("sheet: no dimension element where excelize writes it")
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: f.Name, Method: zip.Deflate, Modified: f.Modified})
		if err != nil {
			r.Close()
			return err
		}
		dim := []byte(`<dimension ref="` + ref + `"></dimension>`)
		_, err = w.Write(bytes.Join([][]byte{head[:i], dim, head[i+len(streamDimension):]}, nil))
		if err == nil {
			_, err = io.Copy(w, r)
		}
		r.Close()
		if err != nil {
			return err
		}
	}
	return zw.Close()
}
