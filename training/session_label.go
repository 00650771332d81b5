package training

import (
	"fmt"
	"strings"
)

// The labels below are how pages show a session; they are methods so
// that every slice listing sessions shows them alike.

// DayLabels are the session's days as pages show them.
func (s *Session) DayLabels() []string { return DayLabels(s.Days) }

// InstructorNames lists the session's instructors.
func (s *Session) InstructorNames() string {
	var n []string
	for _, in := range s.Instructors {
		n = append(n, in.Name)
	}
	return strings.Join(n, "、")
}

// CapacityLabel is the capacity, or 定員なし.
func (s *Session) CapacityLabel() string {
	if s.Capacity == 0 {
		return "定員なし"
	}
	return fmt.Sprintf("%d人", s.Capacity)
}

// StatusLabel is the session's state in Japanese.
func (s *Session) StatusLabel() string { return SessionStatusLabel(s.Status) }
