package ojt

import (
	"slices"
	"testing"
)

func TestDueReminders(t *testing.T) {
	months := Months(day("2026-04-01"), day("2027-03-31"))
	goals := func(edit func(map[string]*Goal)) []Goal {
		gs := make([]Goal, len(months))
		at := map[string]*Goal{}
		for i, m := range months {
			gs[i] = Goal{Month: m}
			at[m] = &gs[i]
		}
		if edit != nil {
			edit(at)
		}
		return gs
	}
	written := func(m string) func(map[string]*Goal) {
		return func(at map[string]*Goal) { at[m].Reflection = "振り返り" }
	}
	commented := func(m string) func(map[string]*Goal) {
		return func(at map[string]*Goal) { at[m].Reflection, at[m].TrainerComment = "振り返り", "コメント" }
	}
	full := RemindFacts{Start: day("2026-04-01"), End: day("2027-03-31"), HasTrainer: true}
	with := func(f RemindFacts, edit func(*RemindFacts)) RemindFacts { edit(&f); return f }
	for _, c := range []struct {
		name  string
		f     RemindFacts
		today string
		want  []Due
	}{
		{"before the term", with(full, func(f *RemindFacts) { f.Goals = goals(nil) }), "2026-03-20", nil},
		{"first month: nothing yet", with(full, func(f *RemindFacts) { f.Goals = goals(nil) }), "2026-04-30", nil},
		{"April reflection missing", with(full, func(f *RemindFacts) { f.Goals = goals(nil) }), "2026-05-01",
			[]Due{{Kind: RemindReflection, Period: "2026-04", Month: "2026-04"}}},
		{"April written, comment owed", with(full, func(f *RemindFacts) { f.Goals = goals(written("2026-04")) }), "2026-05-15",
			[]Due{{Kind: RemindComment, Period: "2026-04", Month: "2026-04"}}},
		{"written but no trainer: nobody to remind", with(full, func(f *RemindFacts) { f.Goals, f.HasTrainer = goals(written("2026-04")), false }), "2026-05-15", nil},
		{"April commented", with(full, func(f *RemindFacts) { f.Goals = goals(commented("2026-04")) }), "2026-05-15", nil},
		{"Q1 ended, not signed", with(full, func(f *RemindFacts) { f.Goals = goals(commented("2026-06")) }), "2026-07-01",
			[]Due{{Kind: RemindReview, Period: "q1", Quarter: 1}}},
		{"Q1 signed", with(full, func(f *RemindFacts) { f.Goals, f.Signed = goals(commented("2026-06")), map[int]bool{1: true} }), "2026-07-01", nil},
		{"Q2 ended: only the latest quarter", with(full, func(f *RemindFacts) { f.Goals = goals(commented("2026-09")) }), "2026-10-10",
			[]Due{{Kind: RemindReview, Period: "q2", Quarter: 2}}},
		{"Q3 ended, December reflection missing", with(full, func(f *RemindFacts) { f.Goals = goals(nil) }), "2027-01-05",
			[]Due{{Kind: RemindReflection, Period: "2026-12", Month: "2026-12"}, {Kind: RemindReview, Period: "q3", Quarter: 3}}},
		{"March: year-end sign-off due", with(full, func(f *RemindFacts) { f.Goals, f.Signed = goals(commented("2027-02")), map[int]bool{3: true} }), "2027-03-01",
			[]Due{{Kind: RemindReview, Period: "end", Quarter: 5}}},
		{"April after: March reflection and year-end", with(full, func(f *RemindFacts) { f.Goals = goals(nil) }), "2027-04-02",
			[]Due{{Kind: RemindReflection, Period: "2027-03", Month: "2027-03"}, {Kind: RemindReview, Period: "end", Quarter: 5}}},
		{"completed plan owes nothing", with(full, func(f *RemindFacts) { f.Goals, f.Completed = goals(nil), true }), "2027-04-02", nil},
		{"mid-year hire: quarter before the term not due", RemindFacts{Start: day("2026-10-01"), End: day("2027-03-31"), HasTrainer: true,
			Goals: []Goal{{Month: "2026-10", Reflection: "x", TrainerComment: "y"}}}, "2026-11-03", nil},
		{"mid-year hire inside Q3", RemindFacts{Start: day("2026-11-16"), End: day("2027-03-31"), HasTrainer: true,
			Goals: []Goal{{Month: "2026-11"}, {Month: "2026-12", Reflection: "x", TrainerComment: "y"}}}, "2027-01-04",
			[]Due{{Kind: RemindReview, Period: "q3", Quarter: 3}}},
	} {
		got := DueReminders(c.f, day(c.today))
		if !slices.Equal(got, c.want) {
			t.Errorf("%s: got %+v, want %+v", c.name, got, c.want)
		}
	}
}
