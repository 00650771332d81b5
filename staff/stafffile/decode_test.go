package stafffile

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/width"
)

const sampleHeader = "職員番号,氏名,フリガナ,性別,生年月日,採用日,雇用区分,職種,職位,職位発令日,所属,出身大学,メール,在職状況,昇格候補"

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func csvFile(lines ...string) []byte { return []byte(strings.Join(lines, "\r\n") + "\r\n") }

func readTestdata(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func noProblems(t *testing.T, ps []Problem) {
	t.Helper()
	for _, p := range ps {
		t.Errorf("unexpected problem: %+v", p)
	}
}

// TestDecodeStaffFileSamples checks that the CP932 and UTF-8 BOM samples
// from /work/shared/samples decode to the same rows, with the values a
// person reading the file would expect.
func TestDecodeStaffFileSamples(t *testing.T) {
	sjis, errs1 := Decode("staff_sample_cp932.csv", readTestdata(t, "staff_sample_cp932.csv"))
	noProblems(t, errs1)
	utf, errs2 := Decode("staff_sample_utf8bom.csv", readTestdata(t, "staff_sample_utf8bom.csv"))
	noProblems(t, errs2)
	if !reflect.DeepEqual(sjis, utf) {
		t.Fatalf("CP932 and UTF-8 samples differ:\n%+v\n%+v", sjis, utf)
	}
	if len(utf) != 8 {
		t.Fatalf("got %d rows, want 8", len(utf))
	}

	want := Row{
		Line: 2, Number: "31001", FamilyName: "髙橋", GivenName: "一樹",
		FamilyKana: "タカハシ", GivenKana: "カズキ", Gender: "男",
		BirthDate: day(1988, 7, 12), HireDate: day(2011, 4, 1),
		EmploymentType: "正規", JobType: "一般事務", Rank: "主任主事", RankSince: day(2021, 4, 1),
		Unit: []string{"総務部", "人事課", "人事係"}, University: "静岡大学",
		Email: "k.takahashi@example.jp", Status: "在職", Candidate: "主査",
	}
	if utf[0].Columns == nil || !utf[0].Columns.Candidate || !utf[0].Columns.Unit {
		t.Errorf("columns = %+v", utf[0].Columns)
	}
	utf[0].Columns = nil
	if !reflect.DeepEqual(utf[0], want) {
		t.Errorf("row 1:\n got %+v\nwant %+v", utf[0], want)
	}

	tests := []struct {
		i          int
		field, got string
		want       string
	}{
		{1, "FamilyName (山﨑)", utf[1].FamilyName, "山﨑"},
		{1, "FamilyKana from half-width ﾔﾏｻﾞｷ", utf[1].FamilyKana, "ヤマザキ"},
		{1, "GivenKana from half-width ｱｵｲ", utf[1].GivenKana, "アオイ"},
		{1, "HireDate 令和7年4月1日", utf[1].HireDate.Format(time.DateOnly), "2025-04-01"},
		{1, "BirthDate 2002/11/3", utf[1].BirthDate.Format(time.DateOnly), "2002-11-03"},
		{1, "Candidate empty", utf[1].Candidate, ""},
		{2, "Number from full-width ３１００３", utf[2].Number, "31003"},
		{2, "FamilyName split at full-width space", utf[2].FamilyName, "鈴木"},
		{2, "GivenName split at full-width space", utf[2].GivenName, "花"},
		{2, "GivenKana", utf[2].GivenKana, "ハナ"},
		{2, "EmploymentType", utf[2].EmploymentType, "会計年度任用"},
		{2, "Rank empty", utf[2].Rank, ""},
		{2, "RankSince empty", fmt.Sprint(utf[2].RankSince.IsZero()), "true"},
		{2, "University empty", utf[2].University, ""},
		{3, "HireDate 2006-04-01", utf[3].HireDate.Format(time.DateOnly), "2006-04-01"},
		{4, "GivenName keeps ①", utf[4].GivenName, "①美"},
		{4, "HireDate 平成24年4月1日", utf[4].HireDate.Format(time.DateOnly), "2012-04-01"},
		{4, "RankSince 令和5年4月1日", utf[4].RankSince.Format(time.DateOnly), "2023-04-01"},
		{4, "Status 休職", utf[4].Status, "休職"},
		{5, "HireDate R4.10.1 (mid-year hire)", utf[5].HireDate.Format(time.DateOnly), "2022-10-01"},
		{6, "HireDate H7.4.1", utf[6].HireDate.Format(time.DateOnly), "1995-04-01"},
		{7, "EmploymentType 再任用", utf[7].EmploymentType, "再任用"},
		{7, "Status 退職", utf[7].Status, "退職"},
		{7, "Line", fmt.Sprint(utf[7].Line), "9"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("row %d %s: got %q, want %q", tt.i+1, tt.field, tt.got, tt.want)
		}
	}
}

type wantProblem struct {
	line   int
	column string
	prefix string // the message must start with this
}

func checkProblems(t *testing.T, got []Problem, want []wantProblem) {
	t.Helper()
	n := max(len(got), len(want))
	for i := 0; i < n; i++ {
		switch {
		case i >= len(got):
			t.Errorf("missing problem %d: %+v", i, want[i])
		case i >= len(want):
			t.Errorf("extra problem %d: %+v", i, got[i])
		case got[i].Line != want[i].line || got[i].Column != want[i].column || !strings.HasPrefix(got[i].Message, want[i].prefix):
			t.Errorf("problem %d:\n got %d %q %q\nwant %d %q %q…", i, got[i].Line, got[i].Column, got[i].Message, want[i].line, want[i].column, want[i].prefix)
		}
	}
}

func TestDecodeStaffFileBadRows(t *testing.T) {
	data := csvFile(
		sampleHeader,
		"31001,髙橋 一樹,タカハシ カズキ,男,S63.7.12,H23.4.1,正規,一般事務,主任主事,R3.4.1,総務部 人事課,静岡大学,k@example.jp,在職,",
		",佐藤 一,サトウ ハジメ,不明,1990/1/1,2023/02/30,正規,一般事務,主事,,総務部,,,,",
		"31003,高橋 二郎,高橋,男,1990/1/1,2020/4/1,非常勤,一般事務,主事,,総務部,,a b@example.jp,育休,",
		"31-005,伊藤 三郎,イトウ サブロウ,男,H31.5.1,2020/4/1,正規,一般事務,主事,R5.13.1,総務部,,,,",
		"31006,,,,,,,一般事務,,,,,,,",
		"31007,田中 四郎,タナカ シロウ,男,1990/1/1,2020/4/1,正規,一般事務,主事,,総務部,,,",
		",,,,,,,,,,,,,,",
		"31001,重複 太郎,ジュウフク タロウ,男,1990/1/1,2020/4/1,正規,一般事務,主事,,総務部,,,,",
		"31009,逆 転,ギャク テン,女,2001/4/1,2000/4/1,再任用職員,一般事務,主事,,総務部,,,,",
	)
	rows, problems := Decode("bad.csv", data)
	checkProblems(t, problems, []wantProblem{
		{3, "職員番号", "職員番号が空です"},
		{3, "性別", "性別は 男・女 のいずれかです: 不明"},
		{3, "採用日", "採用日が日付として読めません: 2023/02/30"},
		{4, "フリガナ", "フリガナはカタカナで入力してください: 高橋"},
		{4, "雇用区分", "雇用区分は 正規・再任用・任期付・会計年度任用 のいずれかです: 非常勤"},
		{4, "メール", "メールの形式が正しくありません: a b@example.jp"},
		{4, "在職状況", "在職状況は 在職・休職・退職 のいずれかです: 育休"},
		{5, "職員番号", "職員番号は英数字で入力してください: 31-005"},
		{5, "生年月日", "生年月日が日付として読めません: H31.5.1（平成は"},
		{5, "職位発令日", "職位発令日が日付として読めません: R5.13.1"},
		{6, "氏名", "氏名が空です"},
		{6, "採用日", "採用日が空です"},
		{6, "雇用区分", "雇用区分が空です"},
		{7, "", "列の数が見出しと合いません（見出し 15 列、この行 14 列）"},
		{9, "職員番号", "職員番号 31001 が 2 行目と重複しています"},
		{10, "採用日", "採用日が生年月日より前か同じ日です"},
	})
	// The blank line 8 and the short line 7 give no row; the others do.
	var lines []int
	for _, r := range rows {
		lines = append(lines, r.Line)
	}
	if want := []int{2, 3, 4, 5, 6, 9, 10}; !reflect.DeepEqual(lines, want) {
		t.Errorf("row lines %v, want %v", lines, want)
	}
	if rows[6].EmploymentType != "再任用" {
		t.Errorf("再任用職員 -> %q", rows[6].EmploymentType)
	}
}

func TestDecodeStaffFileHeader(t *testing.T) {
	tests := []struct {
		name   string
		header string
		want   []wantProblem
	}{
		{"aliases accepted", "職員ＮＯ,職員氏名,ふりがな,性別,誕生日,入庁日,任用区分,職種,役職,昇任日,部署,最終学歴,E-mail,状態,昇任候補", nil},
		{"姓 名 セイ メイ", "社員番号,姓,名,セイ,メイ,採用年月日,職員区分", nil},
		{"missing required", "職員番号,フリガナ,性別", []wantProblem{
			{1, "", "必須の列がありません: 氏名"},
			{1, "", "必須の列がありません: 採用日"},
			{1, "", "必須の列がありません: 雇用区分"},
		}},
		{"missing 職員番号 and 名", "姓,採用日,雇用区分", []wantProblem{
			{1, "", "必須の列がありません: 職員番号"},
			{1, "", "必須の列がありません: 名"},
		}},
		{"unknown header", "職員番号,氏名,採用日,雇用区分,備考,血液型", []wantProblem{
			{1, "備考", "不明な列名です: 備考"},
			{1, "血液型", "不明な列名です: 血液型"},
		}},
		{"duplicate header", "職員番号,氏名,採用日,雇用区分,氏名", []wantProblem{
			{1, "氏名", "列名が重複しています: 氏名（2 列目と 5 列目）"},
		}},
		{"duplicate through alias", "職員番号,氏名,採用日,雇用区分,名前", []wantProblem{
			{1, "名前", "列「名前」（5 列目）は「氏名」（2 列目）と同じ項目です"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, problems := Decode("h.csv", csvFile(tt.header, strings.Repeat(",", strings.Count(tt.header, ","))))
			// The header is followed only by a blank line, so "no data" is expected last.
			want := append([]wantProblem{{0, "", "職員のデータがありません"}}, tt.want...)
			checkProblems(t, problems, want)
		})
	}
}

func TestDecodeStaffFileHeaderAliasesAll(t *testing.T) {
	for f, names := range headerTable {
		for _, n := range names {
			for _, v := range []string{n, " " + n + "　", strings.ToUpper(n), width.Widen.String(n)} {
				if got, ok := headerIndex[headerKey(v)]; !ok || got != field(f) {
					t.Errorf("header %q -> %v %v, want %v", v, got, ok, f)
				}
			}
		}
	}
}

func TestDecodeStaffFileNamesAndKana(t *testing.T) {
	data := csvFile(
		"職員番号,氏名,フリガナ,採用日,雇用区分,姓,名,セイ,メイ",
		"a1,高橋 一樹,たかはし かずき,2020/4/1,正規,,,,",
		"A2,ｱﾍﾞ ﾀﾛｳ,ｱﾍﾞ ﾀﾛｳ,2020/4/1,正規,,,,",
		"3,田中,ﾀﾅｶ,2020/4/1,正規,,,,",
		"4,使われない 氏名,ツカワレナイ,2020/4/1,正規,ヴァン,ゴッホ,ゔぁん,ごっほ",
		"5,宮崎 駿 一,ミヤザキ ハヤオ,2020/4/1,正規,,,,",
		"6,=1+1,@SUM(A1),2020/4/1,正規,,,,",
	)
	rows, problems := Decode("n.csv", data)
	checkProblems(t, problems, []wantProblem{
		{7, "フリガナ", "フリガナはカタカナで入力してください: @SUM(A1)"},
	})
	type names struct{ Number, Fam, Giv, FamK, GivK string }
	want := []names{
		{"A1", "高橋", "一樹", "タカハシ", "カズキ"},
		{"A2", "アベ", "タロウ", "アベ", "タロウ"},
		{"3", "田中", "", "タナカ", ""},
		{"4", "ヴァン", "ゴッホ", "ヴァン", "ゴッホ"},
		{"5", "宮崎", "駿 一", "ミヤザキ", "ハヤオ"},
		{"6", "=1+1", "", "", ""},
	}
	for i, r := range rows {
		got := names{r.Number, r.FamilyName, r.GivenName, r.FamilyKana, r.GivenKana}
		if got != want[i] {
			t.Errorf("line %d: got %+v, want %+v", r.Line, got, want[i])
		}
	}
}

func TestDecodeStaffFileValues(t *testing.T) {
	data := csvFile(
		"職員番号,氏名,性別,生年月日,採用日,雇用区分,所属,メール,在職状況,職位発令日",
		"1,A,男性,19900101,45383,正職員,総務部／人事課/人事係,ａ＠ｅｘａｍｐｌｅ．ｊｐ,,2024/4/1 0:00:00",
		"2,B,F,,令和６年４月１日,会計年度任用職員,  総務部　　人事課  ,,退職済み,",
		"3,C,2,,2024-04-01,任期付き,,,休職中,",
		"4,D,1,,2024,常勤,,,,",
		"5,E,,不明,2024/4/1,正規,,,,",
	)
	rows, problems := Decode("v.csv", data)
	checkProblems(t, problems, []wantProblem{
		{5, "採用日", "採用日が日付として読めません: 2024（年月日の形で"},
		{6, "生年月日", "生年月日が日付として読めません: 不明"},
	})
	if got := problems[len(problems)-1].Message; got != "生年月日が日付として読めません: 不明" {
		t.Errorf("message %q", got)
	}
	type vals struct {
		Gender, Birth, Hire, Emp, Email, Status, Since string
		Unit                                           []string
	}
	ds := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.Format(time.DateOnly)
	}
	want := []vals{
		{"男", "1990-01-01", "2024-04-01", "正規", "a@example.jp", "在職", "2024-04-01", []string{"総務部", "人事課", "人事係"}},
		{"女", "", "2024-04-01", "会計年度任用", "", "退職", "", []string{"総務部", "人事課"}},
		{"女", "", "2024-04-01", "任期付", "", "休職", "", nil},
		{"男", "", "", "正規", "", "在職", "", nil},
		{"", "", "2024-04-01", "正規", "", "在職", "", nil},
	}
	for i, r := range rows {
		got := vals{r.Gender, ds(r.BirthDate), ds(r.HireDate), r.EmploymentType, r.Email, r.Status, ds(r.RankSince), r.Unit}
		if !reflect.DeepEqual(got, want[i]) {
			t.Errorf("line %d:\n got %+v\nwant %+v", r.Line, got, want[i])
		}
	}
}

func TestDecodeStaffFileMalformedCSV(t *testing.T) {
	data := csvFile(
		"職員番号,氏名,採用日,雇用区分",
		`1,"高橋 "一樹",2020/4/1,正規`,
		`2,abc"def,2020/4/1,正規`,
		`3,"田中 三郎",2020/4/1,正規`,
		`4,"改行
入り",2020/4/1,正規`,
		`5,"閉じない,2020/4/1,正規`,
		`6,ここは読まれない,2020/4/1,正規`,
	)
	rows, problems := Decode("q.csv", data)
	checkProblems(t, problems, []wantProblem{
		{2, "", "CSV の形式が正しくありません"},
		{3, "", "CSV の形式が正しくありません"},
		{7, "", "CSV の形式が正しくありません（引用符 \" が閉じられていません"},
	})
	// A newline in a quoted cell is folded to a space, so the name splits there.
	if len(rows) != 2 || rows[0].Line != 4 || rows[1].Line != 5 || rows[1].FamilyName != "改行" || rows[1].GivenName != "入り" {
		t.Errorf("rows: %+v", rows)
	}
}

func TestDecodeStaffFileEncoding(t *testing.T) {
	text := "職員番号,氏名,採用日,雇用区分\r\n1,㈱髙﨑 ①子,2020/4/1,正規\r\n"
	sjis, err := japanese.ShiftJIS.NewEncoder().Bytes([]byte(text))
	if err != nil {
		t.Fatal(err)
	}
	rows, problems := Decode("s.csv", sjis)
	noProblems(t, problems)
	if len(rows) != 1 || rows[0].FamilyName != "㈱髙﨑" || rows[0].GivenName != "①子" {
		t.Fatalf("rows: %+v", rows)
	}

	// 0x81 0x20 is not a Shift_JIS character: a file-level problem naming line 3.
	bad, err := japanese.ShiftJIS.NewEncoder().Bytes([]byte("職員番号,氏名,採用日,雇用区分\r\n1,a,2020/4/1,正規\r\n2,@,2020/4/1,正規\r\n"))
	if err != nil {
		t.Fatal(err)
	}
	bad = bytes.Replace(bad, []byte("@"), []byte{0x81, 0x20}, 1)
	_, problems = Decode("bad.csv", bad)
	checkProblems(t, problems, []wantProblem{{3, "", "読めない文字があります（3 行目が最初）"}})

	for _, tt := range []struct {
		name string
		data []byte
		want string
	}{
		{"empty", nil, "ファイルが空です"},
		{"BOM only", []byte("\xEF\xBB\xBF"), "ファイルが空です"},
		{"BOM and blank lines", []byte("\xEF\xBB\xBF\r\n,,,\r\n"), "ファイルが空です"},
		{"header only", []byte("職員番号,氏名,採用日,雇用区分\r\n"), "職員のデータがありません"},
		{"UTF-16", []byte("\xFF\xFE\x77\x80"), "UTF-16"},
		{"xls", []byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 rest"), "古い Excel 形式"},
		{"not xlsx", []byte("hello"), "xlsx ファイルとして読めません"},
	} {
		name := "f.csv"
		if tt.name == "not xlsx" {
			name = "F.XLSX"
		}
		_, problems := Decode(name, tt.data)
		if len(problems) != 1 || !strings.HasPrefix(problems[0].Message, tt.want) || problems[0].Line != 0 {
			t.Errorf("%s: %+v", tt.name, problems)
		}
	}
}

func TestDecodeStaffFileLimits(t *testing.T) {
	t.Run("long cell", func(t *testing.T) {
		long := strings.Repeat("あ", maxCellChars+1)
		ok := strings.Repeat("あ", maxCellChars)
		_, problems := Decode("l.csv", csvFile("職員番号,氏名,採用日,雇用区分,職種", "1,"+long+",2020/4/1,正規,"+ok))
		checkProblems(t, problems, []wantProblem{{2, "氏名", "氏名の値が長すぎます（1000 文字までです。この値は 1001 文字）"}})
	})
	t.Run("too many rows", func(t *testing.T) {
		var b strings.Builder
		b.WriteString("職員番号,氏名,採用日,雇用区分\n")
		for i := range maxDataRows + 5 {
			fmt.Fprintf(&b, "%d,a,2020/4/1,正規\n", i)
		}
		rows, problems := Decode("many.csv", []byte(b.String()))
		checkProblems(t, problems, []wantProblem{{maxDataRows + 2, "", "行数が多すぎます"}})
		if len(rows) != maxDataRows {
			t.Errorf("%d rows", len(rows))
		}
	})
	t.Run("too many problems", func(t *testing.T) {
		var b strings.Builder
		b.WriteString("職員番号,氏名,採用日,雇用区分,性別\n")
		for i := range maxProblems + 10 {
			fmt.Fprintf(&b, "%d,a,2020/4/1,正規,?\n", i)
		}
		_, problems := Decode("p.csv", []byte(b.String()))
		if len(problems) != maxProblems+1 || !strings.Contains(problems[maxProblems].Message, "ほかに 10 件") {
			t.Errorf("%d problems, last %+v", len(problems), problems[len(problems)-1])
		}
	})
}

// BenchmarkDecodeStaffFile decodes a generated 10,000-row UTF-8 CSV shaped
// like the samples (和暦 and ISO dates, half-width kana, full-width digits).
func BenchmarkDecodeStaffFile(b *testing.B) {
	data := generateCSV(10_000)
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for b.Loop() {
		rows, problems := Decode("bench.csv", data)
		if len(rows) != 10_000 || len(problems) != 0 {
			b.Fatalf("%d rows, problems %v", len(rows), problems[:min(3, len(problems))])
		}
	}
}

func generateCSV(n int) []byte {
	var b bytes.Buffer
	b.WriteString("\uFEFF" + sampleHeader + "\r\n")
	dates := []string{"S63.7.12", "2002/11/3", "令和7年4月1日", "2006-04-01", "H23.4.1", "R4.10.1"}
	kana := []string{"タカハシ カズキ", "ﾔﾏｻﾞｷ ｱｵｲ", "すずき はな"}
	emp := []string{"正規", "会計年度任用", "再任用", "任期付"}
	for i := range n {
		num := fmt.Sprint(100000 + i)
		if i%7 == 0 {
			num = width.Widen.String(num)
		}
		fmt.Fprintf(&b, "%s,髙橋 一樹%d,%s,男,%s,%s,%s,一般事務,主任主事,R3.4.1,総務部 人事課 人事係,静岡大学,u%d@example.jp,在職,主査\r\n",
			num, i%100, kana[i%len(kana)], dates[i%2], dates[2+i%4], emp[i%len(emp)], i)
	}
	return b.Bytes()
}

// TestDecodeStaffFileLarge decodes 100,000 rows, the size the import must
// handle; speed is measured by BenchmarkDecodeStaffFile, not here.
// Skipped with -short.
func TestDecodeStaffFileLarge(t *testing.T) {
	if testing.Short() {
		t.Skip()
	}
	data := generateCSV(100_000)
	start := time.Now()
	rows, problems := Decode("big.csv", data)
	el := time.Since(start)
	if len(rows) != 100_000 || len(problems) != 0 {
		t.Fatalf("%d rows, %d problems", len(rows), len(problems))
	}
	t.Logf("100,000 rows (%d bytes) in %v (the figure that counts is BenchmarkDecodeStaffFile's)", len(data), el)
}
