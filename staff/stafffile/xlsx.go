package stafffile

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"

	"hagukumi/jtext"
)

func (d *decoder) decodeXLSX(data []byte) {
	defer func() {
		// excelize is a large parser fed with untrusted bytes; a panic in
		// it must become a problem, not a crashed request.
		if recover() != nil {
			d.fileProblem("xlsx ファイルとして読めません（ファイルが壊れています）")
		}
	}()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		d.fileProblem("xlsx ファイルとして読めません（zip 形式が壊れています）")
		return
	}
	// archive/zip refuses to inflate an entry beyond its declared size, so
	// the central directory sizes are a real bound on what excelize unpacks.
	var total uint64
	for _, zf := range zr.File {
		// Spreadsheets compress about 10:1; a large part that compresses
		// far better is padding meant to exhaust memory (a zip bomb).
		if zf.UncompressedSize64 > bombMinSize && zf.UncompressedSize64 > bombRatio*max(zf.CompressedSize64, 1) {
			d.fileProblem("ファイルの内容が不自然に圧縮されているため読み込みません（xlsx を保存し直すか、CSV で取り込んでください）")
			return
		}
		total += zf.UncompressedSize64
		if total > maxUnzipped || total < zf.UncompressedSize64 {
			d.fileProblem(fmt.Sprintf("ファイルが大きすぎます（展開後の大きさが %d MB を超えます）", maxUnzipped>>20))
			return
		}
	}
	// excelize holds a whole cell in memory before our length limit can
	// apply, so a file with a giant cell is refused by a streaming scan of
	// its XML parts first, in constant memory.
	for _, zf := range zr.File {
		if !strings.HasPrefix(zf.Name, "xl/") || !strings.HasSuffix(zf.Name, ".xml") {
			continue
		}
		if long, err := longestText(zf); err != nil || long > maxTextRun {
			d.fileProblem(fmt.Sprintf("セルの値が長すぎるか、ファイルが壊れています（1つのセルは %d 文字までです）", maxCellChars))
			return
		}
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: maxUnzipped})
	if err != nil {
		if errors.Is(err, excelize.ErrWorkbookFileFormat) || errors.Is(err, excelize.ErrWorkbookPassword) {
			d.fileProblem("xlsx ファイルとして読めません（パスワード付きか、別の形式です）")
		} else {
			d.fileProblem("xlsx ファイルとして読めません（ファイルが壊れています）")
		}
		return
	}
	defer f.Close()
	if props, err := f.GetWorkbookProps(); err == nil && props.Date1904 != nil {
		d.date1904 = *props.Date1904
	}
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		d.fileProblem("xlsx ファイルにシートがありません")
		return
	}
	// Two iterators over the same sheet in lockstep: one gives the cells as
	// displayed, the other the raw values, so that a date cell formatted in
	// any way can still be read from its serial number.
	shown, err1 := f.Rows(sheets[0])
	raw, err2 := f.Rows(sheets[0])
	if err1 != nil || err2 != nil {
		d.fileProblem("xlsx ファイルの最初のシートが読めません")
		return
	}
	defer shown.Close()
	defer raw.Close()
	rawOpt := excelize.Options{RawCellValue: true}
	for n := 1; !d.stopped && shown.Next(); n++ {
		raw.Next()
		cells, err := shown.Columns()
		rcells, rerr := raw.Columns(rawOpt)
		if err != nil || rerr != nil {
			d.add(n, "", "この行のセルが読めません（ファイルが壊れています）")
			continue
		}
		if d.haveHeader {
			for _, fl := range [...]field{fieldBirth, fieldHire, fieldRankSince} {
				if i := d.col[fl]; i >= 0 && i < len(cells) && i < len(rcells) && isDecimal(rcells[i]) {
					cells[i] = rcells[i]
				}
			}
			if i := d.col[fieldNumber]; i >= 0 && i < len(cells) && i < len(rcells) &&
				!isAlnum(jtext.Fold(cells[i])) && isDigits(rcells[i]) {
				cells[i] = rcells[i] // e.g. a long number shown as 1.23E+11
			}
		}
		d.record(n, cells, true)
	}
	if shown.Error() != nil {
		d.fileProblem("xlsx ファイルの行が多すぎるか、シートが壊れています")
	}
	d.finish("最初のシートに見出しの行がありません（シートが空か、壊れています）")
}

// longestText streams one zip part and returns the longest run of bytes
// between two XML tags (a cell's text, roughly).
func longestText(zf *zip.File) (int, error) {
	rc, err := zf.Open()
	if err != nil {
		return 0, err
	}
	defer rc.Close()
	buf := make([]byte, 32<<10)
	run, longest := 0, 0
	for {
		n, err := rc.Read(buf)
		for _, c := range buf[:n] {
			switch c {
			case '<', '>':
				run = 0
			default:
				run++
				if run > longest {
					longest = run
				}
			}
		}
		if err == io.EOF {
			return longest, nil
		}
		if err != nil {
			return longest, err
		}
		if longest > maxTextRun {
			return longest, nil
		}
	}
}
