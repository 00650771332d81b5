// Package jtext folds Japanese text: width (全角・半角), kana script
// (ひらがな・カタカナ), the search key and the kana sort key. It is the one
// home of these rules; it imports nothing of Hagukumi so that calendar,
// staff and web can all use it.
//
// There are two width folds because they serve two purposes. Width is the
// Unicode width fold of golang.org/x/text, for short form fields and for
// SearchKey, whose results are stored and must not change. Fold is the
// stricter fold of imported cells: it also collapses spaces, composes
// voiced marks and does not allocate for a cell that is already clean.
package jtext

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
	"golang.org/x/text/width"
)

// Width maps full-width ASCII (０-９, Ａ-Ｚ, ＠, the ideographic space…) to
// half width and half-width katakana to full width (ｶﾞ becomes カ followed
// by the combining voiced mark). Nothing else changes, not even spaces.
func Width(s string) string {
	return width.Fold.String(s)
}

// SearchKey folds text so that a search matches regardless of width, kana
// script and spaces: full-width ASCII to half-width, half-width katakana to
// full-width, hiragana to katakana, letters to lower case, spaces removed.
func SearchKey(s string) string {
	s = norm.NFC.String(Width(s))
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case unicode.IsSpace(r) || r == '\u3000':
			continue
		case r >= 'ぁ' && r <= 'ゖ':
			r += 'ァ' - 'ぁ'
		case r >= 'A' && r <= 'Z':
			r += 'a' - 'A'
		default:
			if f, ok := variants[r]; ok {
				r = f
			}
		}
		b.WriteRune(r)
	}
	return b.String()
}

// SortKana is the kana sort key (JIS X 4061 in spirit): voiced marks and
// small kana fold to their base so that ガ sorts with カ; the full kana
// follows to break ties.
func SortKana(kana string) string {
	k := SearchKey(kana)
	base := norm.NFD.String(k)
	var b strings.Builder
	for _, r := range base {
		if r == '\u3099' || r == '\u309a' {
			continue
		}
		if f, ok := smallKana[r]; ok {
			r = f
		}
		b.WriteRune(r)
	}
	return b.String() + " " + k
}

var smallKana = map[rune]rune{'ァ': 'ア', 'ィ': 'イ', 'ゥ': 'ウ', 'ェ': 'エ', 'ォ': 'オ', 'ッ': 'ツ', 'ャ': 'ヤ', 'ュ': 'ユ', 'ョ': 'ヨ', 'ヮ': 'ワ', 'ヵ': 'カ', 'ヶ': 'ケ'}

// variants folds the kanji variants (異体字) common in names to the forms
// people type, so 高橋 finds 髙橋 and 山崎 finds 山﨑.
var variants = map[rune]rune{'髙': '高', '﨑': '崎', '嵜': '崎', '邊': '辺', '邉': '辺', '齋': '斎', '齊': '斉', '濱': '浜', '濵': '浜',
	'德': '徳', '廣': '広', '澤': '沢', '櫻': '桜', '國': '国', '藏': '蔵', '瀨': '瀬', '槇': '槙', '眞': '真', '冨': '富', '惠': '恵',
	'圓': '円', '壽': '寿', '條': '条', '﨔': '欅', '𠮷': '吉', '桒': '桑', '籠': '篭'}
