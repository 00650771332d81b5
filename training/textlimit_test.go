package training

import (
	"strings"
	"testing"

	"hagukumi/apperr"
)

// TestTextLimits checks each text field of a session and a program at its
// limit (accepted) and one character over (refused, naming the field).
func TestTextLimits(t *testing.T) {
	session := func(f func(*Session)) error {
		s := &Session{FY: 2025, Title: "第1回", Venue: "本庁舎", Days: []Day{{Date: "2025-06-02", Start: "09:00", End: "17:00"}}}
		f(s)
		return s.Validate()
	}
	program := func(f func(*Program)) error {
		p := &Program{Code: "X1", Name: "研修", Category: Categories[0], Mode: ModeNomination}
		f(p)
		return p.Validate()
	}
	for _, c := range []struct {
		field string
		max   int
		check func(string) error
	}{
		{"回の名称", 200, func(v string) error { return session(func(s *Session) { s.Title = v }) }},
		{"会場", 200, func(v string) error { return session(func(s *Session) { s.Venue = v }) }},
		{"備考", 4000, func(v string) error { return session(func(s *Session) { s.Notes = v }) }},
		{"研修名", 200, func(v string) error { return program(func(p *Program) { p.Name = v }) }},
		{"ねらい", 4000, func(v string) error { return program(func(p *Program) { p.Objectives = v }) }},
		{"身につける力", 4000, func(v string) error { return program(func(p *Program) { p.Competencies = v }) }},
	} {
		if err := c.check(strings.Repeat("字", c.max)); err != nil {
			t.Errorf("%s of %d characters: %v", c.field, c.max, err)
		}
		err := c.check(strings.Repeat("字", c.max+1))
		if msg := apperr.MessageOf(err); apperr.CodeOf(err) != apperr.Invalid || !strings.Contains(msg, "「"+c.field+"」") {
			t.Errorf("%s of %d characters: %v, want a refusal naming the field", c.field, c.max+1, err)
		}
	}
}
