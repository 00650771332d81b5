package textlimit_test

import (
	"strings"
	"testing"

	"hagukumi/apperr"
	"hagukumi/textlimit"
)

func TestCheckCountsCharactersNotBytes(t *testing.T) {
	for _, c := range []struct {
		name string
		s    string
		max  int
		ok   bool
	}{
		{"empty", "", textlimit.Name, true},
		{"100 kanji (300 bytes) fit a name", strings.Repeat("名", 100), textlimit.Name, true},
		{"101 kanji do not", strings.Repeat("名", 101), textlimit.Name, false},
		{"200 ASCII fit a venue", strings.Repeat("a", 200), textlimit.Venue, true},
		{"201 do not", strings.Repeat("a", 201), textlimit.Venue, false},
		{"4000 fit a free text", strings.Repeat("あ", 4000), textlimit.FreeText, true},
		{"4001 do not", strings.Repeat("あ", 4001), textlimit.FreeText, false},
		{"64 fit a login", strings.Repeat("x", 64), textlimit.Login, true},
		{"65 do not", strings.Repeat("x", 65), textlimit.Login, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := textlimit.Check("会場", c.s, c.max)
			if (err == nil) != c.ok {
				t.Fatalf("Check(%d characters, %d) = %v", len([]rune(c.s)), c.max, err)
			}
			if err != nil {
				if apperr.CodeOf(err) != apperr.Invalid {
					t.Errorf("code %s, want invalid", apperr.CodeOf(err))
				}
				msg := apperr.MessageOf(err)
				if !strings.Contains(msg, "「会場」") || !strings.Contains(msg, "文字以内") {
					t.Errorf("message %q names neither the field nor the limit", msg)
				}
			}
		})
	}
}

func TestCheckAllReturnsTheFirstRefusal(t *testing.T) {
	err := textlimit.CheckAll(
		textlimit.Field{Name: "題名", Value: "ok", Max: textlimit.Title},
		textlimit.Field{Name: "会場", Value: strings.Repeat("x", 201), Max: textlimit.Venue},
		textlimit.Field{Name: "備考", Value: strings.Repeat("x", 4001), Max: textlimit.FreeText},
	)
	if msg := apperr.MessageOf(err); !strings.Contains(msg, "「会場」は200文字以内") {
		t.Fatalf("got %q, want the venue's refusal", msg)
	}
}
