package stafffile

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"

	"golang.org/x/text/encoding/japanese"
)

func (d *decoder) decodeCSV(data []byte) {
	data = bytes.TrimPrefix(data, utf8BOM)
	if blankBytes(data) {
		d.fileProblem("ファイルが空です")
		return
	}
	if !utf8.Valid(data) {
		dec, err := japanese.ShiftJIS.NewDecoder().Bytes(data)
		if err != nil {
			d.fileProblem("文字コードを判別できません。CSV は UTF-8 か Shift_JIS で保存してください")
			return
		}
		data = dec
	}
	if i := bytes.Index(data, replacementChar); i >= 0 {
		line := 1 + bytes.Count(data[:i], []byte{'\n'})
		d.add(line, "", fmt.Sprintf("読めない文字があります（%d 行目が最初）。ファイルの文字コードが UTF-8 でも Shift_JIS でもないか、ファイルが壊れています", line))
	}
	d.sizeHint = min(bytes.Count(data, []byte{'\n'}), maxDataRows)

	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	r.LazyQuotes = false
	r.ReuseRecord = true
	for !d.stopped {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				d.add(pe.StartLine, "", csvErrorMessage(pe))
				continue
			}
			d.fileProblem("CSV として読めません: " + err.Error())
			break
		}
		line, _ := r.FieldPos(0)
		d.record(line, rec, false)
	}
	d.finish("ファイルが空です（見出しの行がありません）")
}

func csvErrorMessage(pe *csv.ParseError) string {
	switch {
	case errors.Is(pe.Err, csv.ErrBareQuote):
		return fmt.Sprintf("CSV の形式が正しくありません（%d 行目 %d 文字目: 引用符 \" で囲まれていない値の中に \" があります）", pe.Line, pe.Column)
	case errors.Is(pe.Err, csv.ErrQuote):
		if pe.Line != pe.StartLine {
			return fmt.Sprintf("CSV の形式が正しくありません（引用符 \" が閉じられていません。%d 行目まで読みました）", pe.Line)
		}
		return fmt.Sprintf("CSV の形式が正しくありません（%d 文字目: 引用符 \" の使い方が誤っています）", pe.Column)
	}
	return "CSV の形式が正しくありません"
}
