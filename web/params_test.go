package web

import (
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"
)

func TestLocalPath(t *testing.T) {
	for _, x := range []struct{ in, want string }{
		{"/staff?q=1", "/staff?q=1"},
		{"/sessions/3#roster", "/sessions/3#roster"},
		{"", "/"},
		{"staff", "/"},
		{"//evil.example/", "/"},
		{"/\\evil.example", "/"},
		{"/\t/evil.example/", "/"},
		{"/%09/evil.example/", "/"},
		{"/%2F/evil.example/", "/"},
		{"/%5Cevil.example", "/"},
		{"/\n/evil.example", "/"},
		{"https://evil.example/", "/"},
		{"/ /evil.example", "/"},
		{"/\u0085x", "/"},
		{"/\xff", "/"},
	} {
		if got := LocalPath(x.in, "/"); got != x.want {
			t.Errorf("LocalPath(%q) = %q, want %q", x.in, got, x.want)
		}
	}
}

// FuzzLocalPath: whatever goes in, what comes out is a path of this site
// as a browser reads it (after stripping tabs and newlines, and reading a
// backslash as a slash).
func FuzzLocalPath(f *testing.F) {
	for _, s := range []string{"/", "/a?b=c", "//x", "/\t/x", "/%09/x", "\\\\x", "/\\x", "http://x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out := LocalPath(in, "/")
		if out != "/" && out != in {
			t.Fatalf("LocalPath(%q) = %q: neither the input nor the default", in, out)
		}
		seen := strings.NewReplacer("\t", "", "\n", "", "\r", "", "\\", "/").Replace(out)
		u, err := url.Parse(seen)
		if err != nil || u.Host != "" || u.Scheme != "" || !strings.HasPrefix(seen, "/") || strings.HasPrefix(seen, "//") {
			t.Fatalf("LocalPath(%q) = %q, which a browser reads as %q (host %q)", in, out, seen, u.Host)
		}
	})
}

func TestParseFY(t *testing.T) {
	now := time.Date(2026, 3, 31, 16, 0, 0, 0, time.UTC) // 2026-04-01 01:00 JST: 令和8年度
	for _, x := range []struct {
		in   string
		want int
		ok   bool
	}{
		{"", 2026, true}, {"2026", 2026, true}, {"令和8年度", 2026, true}, {"R8", 2026, true}, {"令和８", 2026, true},
		{"2025年度", 2025, true}, {"平成31年度", 2019, true}, {"令和元年度", 2019, true}, {"1989", 1989, true}, {"2031", 2031, true},
		{"abc", 0, false}, {"令和0年度", 0, false}, {"令和99年度", 0, false}, {"明治2年度", 0, false}, {"1988", 0, false}, {"2032", 0, false},
		{"-1", 0, false}, {"2026-04", 0, false},
	} {
		got, err := ParseFY(x.in, now)
		if (err == nil) != x.ok || (x.ok && got != x.want) {
			t.Errorf("ParseFY(%q) = %d, %v; want %d ok=%v", x.in, got, err, x.want, x.ok)
		}
		if err != nil && Status(err) != 400 {
			t.Errorf("ParseFY(%q): status %d, want 400", x.in, Status(err))
		}
	}
	r := httptest.NewRequest("GET", "/plan?fy="+url.QueryEscape("令和0年度"), nil)
	if _, err := FY(r, now); err == nil || !strings.Contains(Message(err), "年度") {
		t.Errorf("FY of 令和0年度: %v", err)
	}
}
