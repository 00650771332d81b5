package jtext

import (
	"slices"
	"testing"

	"golang.org/x/text/width"
)

func TestWidth(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"２０２６", "2026"},
		{"９：３０", "9:30"},
		{"ＡＢｃ　１", "ABc 1"},
		{"ｶﾞ", "カ\u3099"},
		{" 12 ", " 12 "},
		{"令和８年度", "令和8年度"},
	}
	for _, tt := range tests {
		if got := Width(tt.in); got != tt.want {
			t.Errorf("Width(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestSearchKey(t *testing.T) {
	tests := []struct{ in, want string }{
		{"ﾀｶﾊｼ ｶｽﾞｷ", "タカハシカズキ"},
		{"たかはし", "タカハシ"},
		{"髙橋　一樹", "高橋一樹"},
		{"山﨑", "山崎"},
		{"渡邉", "渡辺"},
		{"３１００１", "31001"},
		{"ＡＢＣ", "abc"},
		{"ｶ\uFF9E", "ガ"},
		{"ゝ", "ゝ"},
	}
	for _, tt := range tests {
		if got := SearchKey(tt.in); got != tt.want {
			t.Errorf("SearchKey(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestSortKana(t *testing.T) {
	tests := []struct{ in, want string }{
		{"ガッコウ", "カツコウ ガッコウ"},
		{"ぱん", "ハン パン"},
		{"ｻﾄｳ ﾕｳｷ", "サトウユウキ サトウユウキ"},
	}
	for _, tt := range tests {
		if got := SortKana(tt.in); got != tt.want {
			t.Errorf("SortKana(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	// Voiced and small kana sort with their base, the full kana breaking
	// ties in code order: カ < ガ < キ, and ョ < ヨ < ラ.
	names := []string{"キタ", "ガタ", "カタ", "ラク", "ョカ", "ヨカ"}
	var keys []string
	for _, n := range names {
		keys = append(keys, SortKana(n))
	}
	slices.Sort(keys)
	want := []string{SortKana("カタ"), SortKana("ガタ"), SortKana("キタ"), SortKana("ョカ"), SortKana("ヨカ"), SortKana("ラク")}
	if !slices.Equal(keys, want) {
		t.Errorf("sorted = %q, want %q", keys, want)
	}
}

func TestKatakana(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"すずき はな", "スズキ ハナ"},
		{"さゝき", "サヽキ"},
		{"ゞ", "ヾ"},
		{"ヤマダ", "ヤマダ"},
		{"山田 abc", "山田 abc"},
		{"ゔ", "ヴ"},
	}
	for _, tt := range tests {
		if got := Katakana(tt.in); got != tt.want {
			t.Errorf("Katakana(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestFold(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"abc", "abc"},
		{"  a  b  ", "a b"},
		{"a\tb", "a b"},
		{"３１００３", "31003"},
		{"ＡＢＣ＠ｅｘ．ｊｐ", "ABC@ex.jp"},
		{"　鈴木　　花　", "鈴木 花"},
		{"ｻﾞ", "ザ"},
		{"ﾔﾏｻﾞｷ ｱｵｲ", "ヤマザキ アオイ"},
		{"ﾊﾟﾋﾟﾌﾟﾍﾟﾎﾟ", "パピプペポ"},
		{"ｳﾞｧﾝ", "ヴァン"},
		{"ﾜﾞ", "ヷ"},
		{"ｱﾞ", "ア゛"},
		{"ﾞ", "゛"},
		{"ｰ", "ー"},
		{"ｶﾞｯｺｳ", "ガッコウ"},
		{"か\u3099", "が"},
		{"ハ\u309A", "パ"},
		{"髙橋 ①美 ㈱", "髙橋 ①美 ㈱"},
		{"カタカナー", "カタカナー"},
		{"－", "-"},
		{"＝1＋1", "=1+1"},
		{"\uFEFF職員番号", "職員番号"},
		{"a\u00A0b", "a b"},
		{"￥", "¥"},
	}
	for _, tt := range tests {
		if got := Fold(tt.in); got != tt.want {
			t.Errorf("Fold(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	// ﾞ and ﾟ on their own become the spacing marks ゛ ゜ (width.Widen gives
	// the combining U+3099/U+309A, which would glue onto the previous
	// character and hide the mistake in a message).
	for r := rune(0xFF61); r <= 0xFF9D; r++ {
		if got, want := halfKana[r-0xFF61], []rune(width.Widen.String(string(r)))[0]; got != want {
			t.Errorf("half-width %U -> %U, want %U", r, got, want)
		}
	}
	// Already clean ASCII comes back without a copy.
	s := "k.takahashi@example.jp"
	if got := Fold(s); got != s || testing.AllocsPerRun(10, func() { Fold(s) }) != 0 {
		t.Error("clean ASCII should not allocate")
	}
}

func TestIsSpace(t *testing.T) {
	for _, r := range "\u3000\u00A0\u2002\u200A\u202F" {
		if !IsSpace(r) {
			t.Errorf("IsSpace(%U) = false", r)
		}
	}
	for _, r := range " a\u200B" {
		if IsSpace(r) {
			t.Errorf("IsSpace(%U) = true", r)
		}
	}
}
