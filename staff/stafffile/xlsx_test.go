package stafffile

import (
	"archive/zip"
	"bytes"
	"reflect"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// buildXLSX writes rows into Sheet1 starting at A1 and lets mod add styles
// or special cells.
func buildXLSX(t testing.TB, rows [][]any, mod func(f *excelize.File)) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, r := range rows {
		if r == nil {
			continue
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	if mod != nil {
		mod(f)
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestDecodeStaffFileXLSX(t *testing.T) {
	hire := day(2024, 4, 1)
	data := buildXLSX(t, [][]any{
		{"職員番号", "氏名", "フリガナ", "性別", "生年月日", "採用日", "雇用区分", "職位発令日", "所属", "メール"},
		{1234, "髙橋 一樹", "ﾀｶﾊｼ ｶｽﾞｷ", "男", "S63.7.12", hire, "正規", 45383, "総務部 人事課", "k@example.jp"},
		nil, // a blank sheet row is skipped, and line numbers stay sheet rows
		{"31003", "鈴木　花", "すずき はな", "女", "1968/2/14", "令和6年4月1日", "会計年度任用", nil, "健康福祉部"},
		{"31004", "渡邉 大輔", "ワタナベ ダイスケ", "男", day(1983, 5, 20), day(2006, 4, 1), "正規", nil, nil, nil},
	}, func(f *excelize.File) {
		// 職員番号 shown with leading zeros, 採用日 and 生年月日 with
		// different date formats, 職位発令日 a bare serial with a format.
		zeros, _ := f.NewStyle(&excelize.Style{CustomNumFmt: ptr("00000")})
		iso, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
		jp, _ := f.NewStyle(&excelize.Style{CustomNumFmt: ptr(`[$-ja-JP-x-gannen,80]ggge"年"m"月"d"日"`)})
		for _, err := range []error{
			f.SetCellStyle("Sheet1", "A2", "A2", zeros),
			f.SetCellStyle("Sheet1", "F2", "F2", iso),
			f.SetCellStyle("Sheet1", "H2", "H2", jp),
			f.SetCellStyle("Sheet1", "E5", "E5", jp),
		} {
			if err != nil {
				t.Fatal(err)
			}
		}
	})
	rows, problems := Decode("staff.xlsx", data)
	noProblems(t, problems)
	if len(rows) != 3 {
		t.Fatalf("rows: %+v", rows)
	}
	want := []Row{
		{Line: 2, Number: "01234", FamilyName: "髙橋", GivenName: "一樹", FamilyKana: "タカハシ", GivenKana: "カズキ",
			Gender: "男", BirthDate: day(1988, 7, 12), HireDate: hire, EmploymentType: "正規", RankSince: hire,
			Unit: []string{"総務部", "人事課"}, Email: "k@example.jp", Status: "在職"},
		{Line: 4, Number: "31003", FamilyName: "鈴木", GivenName: "花", FamilyKana: "スズキ", GivenKana: "ハナ",
			Gender: "女", BirthDate: day(1968, 2, 14), HireDate: hire, EmploymentType: "会計年度任用",
			Unit: []string{"健康福祉部"}, Status: "在職"},
		{Line: 5, Number: "31004", FamilyName: "渡邉", GivenName: "大輔", FamilyKana: "ワタナベ", GivenKana: "ダイスケ",
			Gender: "男", BirthDate: day(1983, 5, 20), HireDate: day(2006, 4, 1), EmploymentType: "正規", Status: "在職"},
	}
	for i := range want {
		rows[i].Columns = nil
		if !reflect.DeepEqual(rows[i], want[i]) {
			t.Errorf("row %d:\n got %+v\nwant %+v", i, rows[i], want[i])
		}
	}

	// The same content also decodes when the name does not say xlsx.
	rows2, problems := Decode("upload", data)
	noProblems(t, problems)
	for i := range rows2 {
		rows2[i].Columns = nil
	}
	if !reflect.DeepEqual(rows, rows2) {
		t.Error("decoding depends on the file name")
	}

	// Problems carry sheet row numbers and header texts.
	bad := buildXLSX(t, [][]any{
		nil,
		{"職員No", "氏名", "入庁日", "任用区分", "備考"},
		{"1", "a", "2023/02/30", "正規"},
		{"1", "b", 45383, "嘱託", nil, "x"},
	}, nil)
	_, problems = Decode("bad.xlsx", bad)
	checkProblems(t, problems, []wantProblem{
		{2, "備考", "不明な列名です: 備考"},
		{3, "入庁日", "入庁日が日付として読めません: 2023/02/30"},
		{4, "", "列の数が見出しと合いません（見出し 5 列、この行 6 列）"},
	})
}

func ptr[T any](v T) *T { return &v }

// TestDecodeStaffFileXLSXBomb checks that an xlsx whose parts would unpack
// beyond the limit is refused from the zip directory alone, and that a zip
// that lies about its sizes does not get through either.
func TestDecodeStaffFileXLSXBomb(t *testing.T) {
	small := buildXLSX(t, [][]any{{"職員番号", "氏名", "採用日", "雇用区分"}, {"1", "a", "2020/4/1", "正規"}}, nil)

	// A genuine bomb: 210 MB of spaces in one extra part, about 200 KB zipped.
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	copyZip(t, zw, small)
	w, err := zw.Create("xl/media/bomb.bin")
	if err != nil {
		t.Fatal(err)
	}
	chunk := bytes.Repeat([]byte{' '}, 1<<20)
	for range 210 {
		w.Write(chunk)
	}
	zw.Close()
	if buf.Len() > 2<<20 {
		t.Fatalf("bomb is %d bytes, expected it to compress well", buf.Len())
	}
	rows, problems := Decode("bomb.xlsx", buf.Bytes())
	if len(rows) != 0 || len(problems) != 1 || !(strings.HasPrefix(problems[0].Message, "ファイルが大きすぎます") || strings.Contains(problems[0].Message, "不自然に圧縮")) {
		t.Errorf("bomb: rows %d, problems %+v", len(rows), problems)
	}

	// A liar: the sheet says it is 10 bytes but inflates to 1 MB.
	buf.Reset()
	zw = zip.NewWriter(&buf)
	copyZip(t, zw, small, "xl/worksheets/sheet1.xml")
	hdr := &zip.FileHeader{Name: "xl/worksheets/sheet1.xml", Method: zip.Deflate, UncompressedSize64: 10}
	deflated := deflate(t, append([]byte(`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`), bytes.Repeat([]byte(" "), 1<<20)...))
	hdr.CompressedSize64 = uint64(len(deflated))
	rw, err := zw.CreateRaw(hdr)
	if err != nil {
		t.Fatal(err)
	}
	rw.Write(deflated)
	zw.Close()
	rows, problems = Decode("liar.xlsx", buf.Bytes())
	if len(rows) != 0 || len(problems) == 0 {
		t.Errorf("liar: rows %d, problems %+v", len(rows), problems)
	}
}

// TestDecodeStaffFileXLSXCorrupt damages a real workbook in many ways
// (truncation, flipped bytes, altered XML) and checks the decoder answers
// with problems instead of panicking.
func TestDecodeStaffFileXLSXCorrupt(t *testing.T) {
	good := buildXLSX(t, [][]any{
		{"職員番号", "氏名", "採用日", "雇用区分"},
		{31001, "髙橋 一樹", day(2024, 4, 1), "正規"},
	}, nil)
	var cases [][]byte
	for n := 0; n < len(good); n += len(good) / 40 {
		cases = append(cases, good[:n])
	}
	for i := 30; i < len(good); i += len(good) / 60 {
		b := bytes.Clone(good)
		b[i] ^= 0x5A
		cases = append(cases, b)
	}
	// Valid zips with broken parts: rewrite each part as garbage, empty,
	// or with its XML cut in half.
	zr, err := zip.NewReader(bytes.NewReader(good), int64(len(good)))
	if err != nil {
		t.Fatal(err)
	}
	for _, victim := range zr.File {
		for _, how := range []string{"empty", "garbage", "half", "huge-row"} {
			var buf bytes.Buffer
			zw := zip.NewWriter(&buf)
			for _, f := range zr.File {
				if f != victim {
					zw.Copy(f)
					continue
				}
				rc, _ := f.Open()
				var orig bytes.Buffer
				orig.ReadFrom(rc)
				rc.Close()
				w, _ := zw.Create(f.Name)
				switch how {
				case "garbage":
					w.Write([]byte("<<<not xml"))
				case "half":
					w.Write(orig.Bytes()[:orig.Len()/2])
				case "huge-row":
					w.Write(bytes.ReplaceAll(orig.Bytes(), []byte(`r="2"`), []byte(`r="1048576"`)))
				}
			}
			zw.Close()
			cases = append(cases, buf.Bytes())
		}
	}
	for i, c := range cases {
		rows, problems := Decode("c.xlsx", c)
		if len(problems) == 0 && len(rows) == 0 {
			t.Errorf("case %d: no rows and no problems", i)
		}
	}
}

func copyZip(t testing.TB, zw *zip.Writer, data []byte, skip ...string) {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		if strings.Contains(strings.Join(skip, "\n"), f.Name) {
			continue
		}
		if err := zw.Copy(f); err != nil {
			t.Fatal(err)
		}
	}
}

func deflate(t testing.TB, b []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.CreateHeader(&zip.FileHeader{Name: "x", Method: zip.Deflate})
	w.Write(b)
	zw.Close()
	zr, _ := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	rc, err := zr.File[0].OpenRaw()
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	out.ReadFrom(rc)
	return out.Bytes()
}
