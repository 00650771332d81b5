package training_test

import (
	"reflect"
	"testing"

	"hagukumi/training"
)

func TestHoursByFY(t *testing.T) {
	cases := []struct {
		name  string
		items []training.HistoryItem
		want  []training.FYHours
	}{
		{"empty", nil, []training.FYHours{}},
		{"attended, partial, external, absent and planned", []training.HistoryItem{
			{Kind: "internal", FY: 2025, Status: "present", Hours: 7, Completed: true},
			{Kind: "internal", FY: 2025, Status: "partial", Hours: 2.5},
			{Kind: "internal", FY: 2025, Status: "absent"},
			{Kind: "internal", FY: 2025, Status: "enrolled"},
			{Kind: "external", FY: 2025, Status: "external", Hours: 12},
			{Kind: "internal", FY: 2026, Status: "present", Hours: 3, Completed: true},
		}, []training.FYHours{
			{FY: 2026, Internal: 3, Total: 3, Trainings: 1, Completed: 1},
			{FY: 2025, Internal: 9.5, External: 12, Total: 21.5, Trainings: 3, Completed: 1},
		}},
		{"only absences", []training.HistoryItem{{Kind: "internal", FY: 2024, Status: "absent"}}, []training.FYHours{}},
	}
	for _, c := range cases {
		if got := training.HoursByFY(c.items); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: %+v, want %+v", c.name, got, c.want)
		}
	}
}

func TestTaughtByFY(t *testing.T) {
	ts := []training.Teaching{
		{FY: 2025, Hours: 2, Status: "held", Last: "2025-06-01"},
		{FY: 2025, Hours: 1.5, Status: "planned", Last: "2025-09-01"}, // past, so taught
		{FY: 2026, Hours: 3, Status: "planned", Last: "2026-09-01"},   // still to come
		{FY: 2026, Hours: 3, Status: "cancelled", Last: "2026-04-10"},
		{FY: 2026, Hours: 2, Status: "held", Last: "2026-05-01"},
	}
	want := []training.FYTaught{{FY: 2026, Sessions: 1, Hours: 2}, {FY: 2025, Sessions: 2, Hours: 3.5}}
	if got := training.TaughtByFY(ts, "2026-06-01"); !reflect.DeepEqual(got, want) {
		t.Errorf("%+v, want %+v", got, want)
	}
}
