package stafffile

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzDecodeStaffFile feeds arbitrary bytes (and file names) to the decoder.
// Besides not panicking, the result must keep the promises the importer
// relies on: every problem has a message, and a file without problems only
// gives rows whose required fields are filled and whose values are
// canonical.
func FuzzDecodeStaffFile(f *testing.F) {
	f.Add("staff_sample_cp932.csv", readTestdata(f, "staff_sample_cp932.csv"))
	f.Add("staff_sample_utf8bom.csv", readTestdata(f, "staff_sample_utf8bom.csv"))
	f.Add("bom.csv", []byte("\xEF\xBB\xBF"))
	f.Add("formula.csv", csvFile(sampleHeader,
		`=31001,"=HYPERLINK(""http://x"")",+タカハシ,-男,@S63.7.12,=H23.4.1,+正規,-一般事務,@主任主事,=R3.4.1,+総務部,-大学,@a@b,=在職,+主査`,
		`31002,"=1+1",'+1,"-2",@SUM(A1),2020/4/1,正規,,,,,,,,`,
	))
	f.Add("huge.csv", []byte("職員番号,氏名,採用日,雇用区分\r\n1,"+strings.Repeat("髙", 5*maxCellChars)+",2020/4/1,正規\r\n"))
	f.Add("short.csv", []byte("職員番号,氏名\n\"1\n"))
	// No xlsx seed: each xlsx exec costs milliseconds in excelize, which
	// starves the fuzzer during minimisation. The xlsx path is exercised by
	// TestDecodeStaffFileXLSXCorrupt with truncated and altered workbooks.
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		rows, problems := Decode(name, data)
		if len(problems) > maxProblems+1 {
			t.Fatalf("%d problems", len(problems))
		}
		if len(rows) > maxDataRows {
			t.Fatalf("%d rows", len(rows))
		}
		for _, p := range problems {
			if p.Message == "" || p.Line < 0 || !utf8.ValidString(p.Message) {
				t.Fatalf("bad problem %+v", p)
			}
		}
		for _, r := range rows {
			if r.Line < 2 {
				t.Fatalf("row line %d", r.Line)
			}
			if r.Number != "" && (!isAlnum(r.Number) || strings.ToUpper(r.Number) != r.Number) {
				t.Fatalf("number %q", r.Number)
			}
			if firstNonKatakana(r.FamilyKana) >= 0 || firstNonKatakana(r.GivenKana) >= 0 {
				t.Fatalf("kana %q %q", r.FamilyKana, r.GivenKana)
			}
			switch r.Gender {
			case "", "男", "女":
			default:
				t.Fatalf("gender %q", r.Gender)
			}
			switch r.Status {
			case active, onLeave, retired:
			default:
				t.Fatalf("status %q", r.Status)
			}
			switch r.EmploymentType {
			case "", regular, reappoint, fixedTerm, fiscalYearAppointed:
			default:
				t.Fatalf("employment %q", r.EmploymentType)
			}
			for _, u := range r.Unit {
				if u == "" || strings.ContainsAny(u, " /") {
					t.Fatalf("unit %q", r.Unit)
				}
			}
			if len(problems) == 0 && (r.Number == "" || r.FamilyName == "" || r.HireDate.IsZero() || r.EmploymentType == "") {
				t.Fatalf("row without problems lacks a required value: %+v", r)
			}
		}
	})
}
