package stafffile

import (
	"strings"

	"hagukumi/jtext"
)

// firstNonKatakana returns the byte index of the first rune that is not
// katakana, ー, ・ or a space, or -1.
func firstNonKatakana(s string) int {
	for i, r := range s {
		switch {
		case r >= 0x30A1 && r <= 0x30FE: // ァ..ヾ, including ・ and ー
		case r == ' ':
		default:
			return i
		}
	}
	return -1
}

// splitName splits at the first space (jtext.Fold has already made every
// space ASCII and collapsed runs).
func splitName(s string) (string, string) {
	if i := strings.IndexByte(s, ' '); i >= 0 {
		return s[:i], s[i+1:]
	}
	return s, ""
}

// splitUnit splits 所属 on spaces and slashes (jtext.Fold has already made
// full-width ones ASCII), dropping empty parts. The parts of many rows
// share one backing array from *pool to save an allocation per row; each
// result is capped so that appending to it never touches a neighbour.
func splitUnit(s string, pool *[]string) []string {
	n := 1
	for i := 0; i < len(s); i++ {
		if s[i] == ' ' || s[i] == '/' {
			n++
		}
	}
	if cap(*pool)-len(*pool) < n {
		*pool = make([]string, 0, max(n, 1024))
	}
	p := *pool
	start, first := 0, len(p)
	for i := 0; i <= len(s); i++ {
		if i == len(s) || s[i] == ' ' || s[i] == '/' {
			if i > start {
				p = append(p, s[start:i])
			}
			start = i + 1
		}
	}
	*pool = p
	if len(p) == first {
		return nil
	}
	return p[first:len(p):len(p)]
}

// validEmail is deliberately loose: one @ with something on both sides,
// no spaces or control characters.
func validEmail(s string) bool {
	at := strings.IndexByte(s, '@')
	if at <= 0 || at == len(s)-1 || strings.IndexByte(s[at+1:], '@') >= 0 {
		return false
	}
	for _, r := range s {
		if r <= ' ' || r == 0x7F || jtext.IsSpace(r) {
			return false
		}
	}
	return true
}

func isAlnum(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z') {
			return false
		}
	}
	return true
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// isDecimal reports whether s is digits with at most one '.' inside, the
// way excelize writes a raw number.
func isDecimal(s string) bool {
	dot := false
	digits := 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			digits++
		case c == '.' && !dot && digits > 0:
			dot = true
		default:
			return false
		}
	}
	return digits > 0 && s[len(s)-1] != '.'
}

func upperASCII(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] >= 'a' && s[i] <= 'z' {
			return strings.ToUpper(s)
		}
	}
	return s
}

func lowerASCII(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] >= 'A' && s[i] <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if b[j] >= 'A' && b[j] <= 'Z' {
					b[j] += 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}

// trimSpaces trims ASCII and Unicode spaces (including U+3000 and a BOM).
func trimSpaces(s string) string {
	return strings.TrimFunc(s, func(r rune) bool {
		return r == ' ' || r == '\t' || r == '\r' || r == '\n' || r == 0xFEFF || jtext.IsSpace(r)
	})
}

func isBlank(s string) bool {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case ' ', '\t', '\r', '\n':
			continue
		}
		return trimSpaces(s) == ""
	}
	return true
}

func allBlank(cells []string) bool {
	for _, c := range cells {
		if !isBlank(c) {
			return false
		}
	}
	return true
}

func blankBytes(b []byte) bool {
	for _, c := range b {
		if c != ' ' && c != '\t' && c != '\r' && c != '\n' {
			return false
		}
	}
	return true
}

func lastNonBlank(cells []string) int {
	for i := len(cells) - 1; i >= 0; i-- {
		if !isBlank(cells[i]) {
			return i
		}
	}
	return -1
}

// shorten keeps a quoted value readable in a message.
func shorten(s string) string {
	const limit = 50
	if len(s) <= limit {
		return s
	}
	n := 0
	for i := range s {
		if n == limit {
			return s[:i] + "…"
		}
		n++
	}
	return s
}
