// Package textlimit holds the length limits of the text a person types,
// and the one check of them. Limits are counted in characters (runes), not
// bytes, because a Japanese name of 100 characters is 300 bytes of UTF-8
// and nobody counts bytes.
//
// The limits are what a person would find natural for the field, not what
// the database could hold: they keep one careless or hostile field (a 40 MB
// venue) from making every page that shows it huge.
package textlimit

import (
	"unicode/utf8"

	"hagukumi/apperr"
)

// The limits, in characters.
const (
	Login    = 64   // ログイン名
	Name     = 100  // a person's, a unit's, a municipality's or a token's name
	Title    = 200  // a program's or a session's title, an organiser
	Venue    = 200  // 会場
	Reason   = 1000 // a reason for a decision
	FreeText = 4000 // objectives, descriptions, notes
)

// Check refuses s when it is longer than max characters, with a message
// naming the field and the limit: 「会場」は200文字以内で入力してください。
func Check(field, s string, max int) error {
	if n := utf8.RuneCountInString(s); n > max {
		return apperr.Invalidf("「%s」は%d文字以内で入力してください（%d文字あります）。", field, max, n)
	}
	return nil
}

// Field is one text field and its limit, for CheckAll.
type Field struct {
	Name  string
	Value string
	Max   int
}

// CheckAll checks fields in order and returns the first refusal.
func CheckAll(fields ...Field) error {
	for _, f := range fields {
		if err := Check(f.Name, f.Value, f.Max); err != nil {
			return err
		}
	}
	return nil
}
