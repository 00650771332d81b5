package calendar

import (
	"strings"
	"testing"
	"time"
)

func TestParseDate(t *testing.T) {
	tests := []struct {
		in   string
		want time.Time
	}{
		{"2024-04-01", D(2024, time.April, 1)},
		{"2024/4/1", D(2024, time.April, 1)},
		{"2024.4.1", D(2024, time.April, 1)},
		{"20240401", D(2024, time.April, 1)},
		{"2024年4月1日", D(2024, time.April, 1)},
		{"２０２４／０４／０１", D(2024, time.April, 1)},
		{"　2024-04-01 ", D(2024, time.April, 1)},
		{"２０２４０４０１", D(2024, time.April, 1)},
		{"2024ー4ー1", D(2024, time.April, 1)}, // 長音符 typed for a dash
		{"令和5年4月1日", D(2023, time.April, 1)},
		{"令和５年４月１日", D(2023, time.April, 1)},
		{"令和 5年 4月 1日", D(2023, time.April, 1)},
		{"令和元年5月1日", D(2019, time.May, 1)},
		{"R5.4.1", D(2023, time.April, 1)},
		{"R5/4/1", D(2023, time.April, 1)},
		{"R5-4-1", D(2023, time.April, 1)},
		{"Ｒ５．４．１", D(2023, time.April, 1)},
		{"r05.04.01", D(2023, time.April, 1)},
		{"R5年4月1日", D(2023, time.April, 1)},
		{"H30/4/1", D(2018, time.April, 1)},
		{"h30.4.1", D(2018, time.April, 1)},
		{"平成24年4月1日", D(2012, time.April, 1)},
		{"S63.7.12", D(1988, time.July, 12)},
		{"昭和63年7月12日", D(1988, time.July, 12)},
		{"T15.12.24", D(1926, time.December, 24)},
		{"M45.7.29", D(1912, time.July, 29)},
		// Era boundaries.
		{"平成31年4月30日", D(2019, time.April, 30)},
		{"令和元年5月1日", D(2019, time.May, 1)},
		{"令和1年5月1日", D(2019, time.May, 1)},
		{"昭和64年1月7日", D(1989, time.January, 7)},
		{"平成元年1月8日", D(1989, time.January, 8)},
		{"大正元年7月30日", D(1912, time.July, 30)},
		{"昭和元年12月25日", D(1926, time.December, 25)},
		{"明治元年10月23日", D(1868, time.October, 23)},
		{"2024-02-29", D(2024, time.February, 29)},
	}
	for _, tt := range tests {
		got, err := ParseDate(tt.in)
		if err != nil {
			t.Errorf("ParseDate(%q) error: %v", tt.in, err)
			continue
		}
		if !got.Equal(tt.want) || got.Location() != time.UTC {
			t.Errorf("ParseDate(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestParseDateErrors(t *testing.T) {
	tests := []struct {
		in      string
		wantMsg string // a substring of the Japanese message shown to users
	}{
		{"", "入力されていません"},
		{"　", "入力されていません"},
		{"abc", "日付として読めません"},
		{"2023-02-29", "存在しない日付です"},
		{"2024-13-01", "存在しない日付です"},
		{"2024-04-31", "存在しない日付です"},
		{"20230229", "存在しない日付です"},
		{"0000-01-01", "存在しない日付です"},
		{"24/4/1", "日付として読めません"},
		{"2024/4-1", "日付として読めません"},
		{"2024/4/1/", "日付として読めません"},
		{"2024-04-01T00:00:00Z", "日付として読めません"},
		{"令和5年4月", "日付として読めません"},
		{"元年5月1日", "日付として読めません"},
		{"X5.4.1", "日付として読めません"},
		{"R123456.4.1", "日付として読めません"},
		{"令和0年5月1日", "令和0年はありません"},
		{"平成31年5月1日", "平成は2019年4月30日で終わっています"},
		{"令和1年4月30日", "令和は2019年5月1日から始まります"},
		{"昭和64年1月8日", "昭和は1989年1月7日で終わっています"},
		{"平成元年1月7日", "平成は1989年1月8日から始まります"},
		{"M45.7.30", "明治は1912年7月29日で終わっています"},
		{"T15.12.25", "大正は1926年12月24日で終わっています"},
		{"R5.2.29", "存在しない日付です"},
	}
	for _, tt := range tests {
		got, err := ParseDate(tt.in)
		if err == nil {
			t.Errorf("ParseDate(%q) = %v, want an error", tt.in, got)
			continue
		}
		if !strings.Contains(err.Error(), tt.wantMsg) {
			t.Errorf("ParseDate(%q) error %q, want it to contain %q", tt.in, err, tt.wantMsg)
		}
	}
}

func TestEraOf(t *testing.T) {
	tests := []struct {
		date     time.Time
		abbr     string
		year     int
		wantOK   bool
		wareki   string
		warekiSh string
	}{
		{D(1868, time.October, 22), "", 0, false, "1868年10月22日", "1868.10.22"},
		{D(1868, time.October, 23), "M", 1, true, "明治元年10月23日", "M1.10.23"},
		{D(1912, time.July, 29), "M", 45, true, "明治45年7月29日", "M45.7.29"},
		{D(1912, time.July, 30), "T", 1, true, "大正元年7月30日", "T1.7.30"},
		{D(1926, time.December, 24), "T", 15, true, "大正15年12月24日", "T15.12.24"},
		{D(1926, time.December, 25), "S", 1, true, "昭和元年12月25日", "S1.12.25"},
		{D(1989, time.January, 7), "S", 64, true, "昭和64年1月7日", "S64.1.7"},
		{D(1989, time.January, 8), "H", 1, true, "平成元年1月8日", "H1.1.8"},
		{D(2019, time.April, 30), "H", 31, true, "平成31年4月30日", "H31.4.30"},
		{D(2019, time.May, 1), "R", 1, true, "令和元年5月1日", "R1.5.1"},
		{D(2023, time.April, 1), "R", 5, true, "令和5年4月1日", "R5.4.1"},
	}
	for _, tt := range tests {
		era, y, ok := EraOf(tt.date)
		if era.Abbr != tt.abbr || y != tt.year || ok != tt.wantOK {
			t.Errorf("EraOf(%s) = %s %d %v, want %s %d %v", tt.date.Format("2006-01-02"),
				era.Abbr, y, ok, tt.abbr, tt.year, tt.wantOK)
		}
		if got := FormatWareki(tt.date); got != tt.wareki {
			t.Errorf("FormatWareki(%s) = %q, want %q", tt.date.Format("2006-01-02"), got, tt.wareki)
		}
		if got := FormatWarekiShort(tt.date); got != tt.warekiSh {
			t.Errorf("FormatWarekiShort(%s) = %q, want %q", tt.date.Format("2006-01-02"), got, tt.warekiSh)
		}
	}
}

func TestNendo(t *testing.T) {
	format := []struct {
		fy   int
		want string
	}{
		{1867, "1867年度"},
		{1868, "明治元年度"},
		{1988, "昭和63年度"},
		{1989, "平成元年度"},
		{2018, "平成30年度"},
		{2019, "令和元年度"},
		{2024, "令和6年度"},
	}
	for _, tt := range format {
		if got := FormatNendo(tt.fy); got != tt.want {
			t.Errorf("FormatNendo(%d) = %q, want %q", tt.fy, got, tt.want)
		}
	}

	parse := []struct {
		in   string
		want int
	}{
		{"令和6年度", 2024},
		{"R6年度", 2024},
		{"r6", 2024},
		{"令和６年度", 2024},
		{"平成31年度", 2019},
		{"H31年度", 2019},
		{"令和元年度", 2019},
		{"平成30年度", 2018},
		{"昭和63年度", 1988},
		{"2024年度", 2024},
		{"２０２４年度", 2024},
		{"2024", 2024},
		{" 2024 ", 2024},
	}
	for _, tt := range parse {
		got, err := ParseNendo(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("ParseNendo(%q) = %d, %v; want %d", tt.in, got, err, tt.want)
		}
	}

	// FY2019 has two names; both must mean the same year.
	h31, err1 := ParseNendo("平成31年度")
	r1, err2 := ParseNendo("令和元年度")
	if err1 != nil || err2 != nil || h31 != 2019 || r1 != 2019 {
		t.Errorf("FY2019 aliases: 平成31年度=%d (%v), 令和元年度=%d (%v)", h31, err1, r1, err2)
	}

	bad := []struct {
		in      string
		wantMsg string
	}{
		{"", "入力されていません"},
		{"令和年度", "年度として読めません"},
		{"24年度", "年度として読めません"},
		{"2024年", "年度として読めません"},
		{"令和0年度", "令和0年度はありません"},
		{"平成32年度", "平成は31年度までです"},
		{"昭和64年度", "昭和は63年度までです"},
	}
	for _, tt := range bad {
		got, err := ParseNendo(tt.in)
		if err == nil {
			t.Errorf("ParseNendo(%q) = %d, want an error", tt.in, got)
			continue
		}
		if !strings.Contains(err.Error(), tt.wantMsg) {
			t.Errorf("ParseNendo(%q) error %q, want it to contain %q", tt.in, err, tt.wantMsg)
		}
	}

	// Every label we print must read back as the same year.
	for fy := 1868; fy <= 2200; fy++ {
		if got, err := ParseNendo(FormatNendo(fy)); err != nil || got != fy {
			t.Errorf("ParseNendo(FormatNendo(%d)) = %d, %v", fy, got, err)
		}
	}
}

// TestWarekiRoundTrip formats every day from 明治 to 2100 both ways and
// parses it back, which exercises every era boundary and 元年.
func TestWarekiRoundTrip(t *testing.T) {
	for d := eras[0].Start; d.Year() <= 2100; d = d.AddDate(0, 0, 1) {
		for _, s := range []string{FormatWareki(d), FormatWarekiShort(d)} {
			got, err := ParseDate(s)
			if err != nil || !got.Equal(d) {
				t.Fatalf("ParseDate(%q) = %v, %v; want %v", s, got, err, d)
			}
		}
	}
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{
		"2024-04-01", "2024/4/1", "20240401", "令和元年5月1日", "R5.4.1", "h30.4.1",
		"平成31年4月30日", "平成31年5月1日", "昭和64年1月8日", "Ｒ５．４．１", "9999-12-31",
		"令和7981年12月31日", "M1.10.23", "", "　", "\xff\xfe", "R", "令和", "2024年4月",
	} {
		f.Add(s)
	}
	meiji := eras[0].Start
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDate(s)
		if err != nil {
			if err.Error() == "" {
				t.Errorf("ParseDate(%q): empty error message", s)
			}
			return
		}
		if d.Hour() != 0 || d.Minute() != 0 || d.Second() != 0 || d.Nanosecond() != 0 || d.Location() != time.UTC {
			t.Errorf("ParseDate(%q) = %v, not a civil date", s, d)
		}
		if d.Before(meiji) {
			return
		}
		for _, w := range []string{FormatWareki(d), FormatWarekiShort(d)} {
			again, err := ParseDate(w)
			if err != nil || !again.Equal(d) {
				t.Errorf("ParseDate(%q) = %v; its form %q parses as %v, %v", s, d, w, again, err)
			}
		}
	})
}

func BenchmarkParseDate(b *testing.B) {
	inputs := []string{"2024-04-01", "令和5年4月1日", "Ｒ５．４．１", "20240401"}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if _, err := ParseDate(inputs[i%len(inputs)]); err != nil {
			b.Fatal(err)
		}
	}
}
