package competency

import (
	"bytes"
	"strings"
	"testing"

	"hagukumi/apperr"
	"hagukumi/sheet"
)

// xlsxOf writes rows as an xlsx workbook through the sheet package.
func xlsxOf(t *testing.T, rows ...[]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	w, err := sheet.New(&buf, "xlsx", "表")
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		if err := w.Row(sheet.Texts(r...)...); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// The xlsx table reads like the CSV: same columns, same messages; the
// export in xlsx loads back; a broken or oversized file is refused.
func TestReadTableFileXLSX(t *testing.T) {
	var buf bytes.Buffer
	w, err := sheet.New(&buf, "xlsx", "t")
	if err != nil {
		t.Fatal(err)
	}
	if err := WriteTable(w, framework(), ladder); err != nil {
		t.Fatal(err)
	}
	comps, err := ReadTableFile(&buf, ladder)
	if err != nil {
		t.Fatal(err)
	}
	if len(comps) != 3 || comps[0].Code != "C1" || len(comps[0].Levels) != 2 || comps[1].Levels[1] != (Level{Rank: "係長", Level: 3}) {
		t.Errorf("read back %+v", comps)
	}
	head := []string{"コード", "領域", "名称", "定義", "行動指標", "主事"}
	for _, c := range []struct {
		name string
		data []byte
		want string
	}{
		{"short header", xlsxOf(t, []string{"コード", "領域", "名称"}), "1行目は"},
		{"wrong header", xlsxOf(t, []string{"コード", "分野", "名称", "定義", "行動指標"}), "2列目の見出しは「領域」"},
		{"unknown rank", xlsxOf(t, []string{"コード", "領域", "名称", "定義", "行動指標", "部長"}), "職位「部長」は職位の一覧にありません"},
		{"level not a number", xlsxOf(t, head, []string{"C1", "a", "b", "", "", "高い"}), "2行目: 「主事」の水準は数字で入力してください。"},
		{"broken zip", []byte("PK\x03\x04 not really a zip"), "xlsx ファイルとして読めません"},
		{"too large", append([]byte("PK\x03\x04"), bytes.Repeat([]byte{0}, MaxFile)...), "ファイルが大きすぎます"},
	} {
		_, err := ReadTableFile(bytes.NewReader(c.data), ladder)
		if apperr.CodeOf(err) != apperr.Invalid || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v, want %q", c.name, err, c.want)
		}
	}
	// CSV still goes through the same door.
	if comps, err := ReadTableFile(strings.NewReader("コード,領域,名称,定義,行動指標,主事\nC1,a,b,,,2\n"), ladder); err != nil || len(comps) != 1 {
		t.Errorf("csv through ReadTableFile: %v %+v", err, comps)
	}
}
