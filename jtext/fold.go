package jtext

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/text/width"
)

// Fold folds a cell: full-width ASCII letters, digits and punctuation
// become ASCII, the ideographic space and other Unicode spaces become an
// ASCII space, half-width katakana become full-width (ｻﾞ -> ザ, and a
// combining voiced mark is composed too), leading and trailing spaces are
// trimmed and inner runs of spaces collapse to one. Full-width katakana
// and kanji are left alone (unlike NFKC, nothing is turned half-width).
func Fold(s string) string {
	if clean(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	pending := false // a space is owed before the next character
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			i++
			if c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f' {
				pending = b.Len() > 0
				continue
			}
			if pending {
				b.WriteByte(' ')
				pending = false
			}
			b.WriteByte(c)
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case IsSpace(r):
			pending = b.Len() > 0
			continue
		case r == 0xFEFF || r == 0x200B: // BOM, zero width space
			continue
		case r >= 0xFF01 && r <= 0xFF5E: // full-width ASCII
			r -= 0xFF01 - 0x21
		case r >= 0xFF61 && r <= 0xFF9F: // half-width katakana
			r = halfKana[r-0xFF61]
			if i < len(s) {
				if next, n := utf8.DecodeRuneInString(s[i:]); next == 0xFF9E || next == 0xFF9F || next == 0x3099 || next == 0x309A {
					if cr := compose(r, next); cr != 0 {
						r = cr
						i += n
					}
				}
			}
		case r >= 0xFF00 && r <= 0xFFEF:
			p := width.LookupRune(r)
			switch p.Kind() {
			case width.EastAsianFullwidth:
				if n := p.Narrow(); n != 0 {
					r = n
				}
			case width.EastAsianHalfwidth:
				if w := p.Wide(); w != 0 {
					r = w
				}
			}
		case r >= 0x3041 && r <= 0x30FF: // kana followed by a combining mark (NFD text)
			if i < len(s) && s[i] == 0xE3 {
				if next, n := utf8.DecodeRuneInString(s[i:]); next == 0x3099 || next == 0x309A {
					if cr := compose(r, next); cr != 0 {
						r = cr
						i += n
					}
				}
			}
		}
		if pending {
			b.WriteByte(' ')
			pending = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// clean reports whether Fold would return s unchanged, so that the
// common case (ASCII, kanji, full-width katakana, single inner spaces)
// costs one scan and no allocation.
func clean(s string) bool {
	prevSpace := true // a leading space is not clean
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			i++
			switch {
			case c == ' ':
				if prevSpace {
					return false
				}
				prevSpace = true
			case c < ' ' || c == 0x7F:
				return false
			default:
				prevSpace = false
			}
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == utf8.RuneError && size == 1,
			r >= 0xFF00 && r <= 0xFFEF,
			r == 0x3099, r == 0x309A, r == 0xFEFF, r == 0x200B,
			IsSpace(r):
			return false
		}
		prevSpace = false
	}
	return !prevSpace || s == ""
}

// IsSpace reports whether r is one of the Unicode spaces beyond ASCII that
// Fold turns into an ASCII space: the ideographic space, no-break spaces
// and the typographic spaces U+2000 to U+200A.
func IsSpace(r rune) bool {
	switch r {
	case 0x3000, 0x00A0, 0x0085, 0x1680, 0x2028, 0x2029, 0x202F, 0x205F:
		return true
	}
	return r >= 0x2000 && r <= 0x200A
}

// halfKana maps U+FF61..U+FF9F to their full-width forms.
var halfKana = []rune("。「」、・ヲァィゥェォャュョッーアイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワン゛゜")

// compose joins a kana with a following voiced (dakuten) or semi-voiced
// (handakuten) mark, half-width (ﾞ ﾟ) or combining (U+3099, U+309A). It
// returns 0 when there is no composed character.
func compose(r, mark rune) rune {
	if mark == 0xFF9F || mark == 0x309A {
		if strings.ContainsRune("はひふへほハヒフヘホ", r) {
			return r + 2
		}
		return 0
	}
	switch {
	case strings.ContainsRune(voiceable, r):
		return r + 1 // が = か+1 ... ぼ = ほ+1, same in katakana
	case r == 'ウ':
		return 'ヴ'
	case r == 'う':
		return 'ゔ'
	case r >= 'ワ' && r <= 'ヲ':
		return r - 'ワ' + 'ヷ' // ヷ ヸ ヹ ヺ
	}
	return 0
}

const voiceable = "かきくけこさしすせそたちつてとはひふへほカキクケコサシスセソタチツテトハヒフヘホ"

// Katakana turns hiragana into katakana (ゝゞ into ヽヾ).
func Katakana(s string) string {
	has := false
	for _, r := range s {
		if r >= 0x3041 && r <= 0x309E {
			has = true
			break
		}
	}
	if !has {
		return s
	}
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 0x3041 && r <= 0x3096, r == 0x309D, r == 0x309E:
			return r + 0x60
		}
		return r
	}, s)
}
