package staff

import "testing"

func TestSearchKey(t *testing.T) {
	tests := []struct{ in, want string }{
		{"ﾀｶﾊｼ ｶｽﾞｷ", "タカハシカズキ"},
		{"たかはし", "タカハシ"},
		{"髙橋　一樹", "高橋一樹"},
		{"山﨑", "山崎"},
		{"渡邉", "渡辺"},
		{"３１００１", "31001"},
		{"ＡＢＣ", "abc"},
	}
	for _, tt := range tests {
		if got := SearchKey(tt.in); got != tt.want {
			t.Errorf("SearchKey(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
