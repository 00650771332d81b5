package ojt

import (
	"slices"
	"testing"

	"hagukumi/apperr"
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

func TestParseTemplate(t *testing.T) {
	twelve := "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12"
	long := func(n int) string {
		b := make([]rune, n)
		for i := range b {
			b[i] = '長'
		}
		return string(b)
	}
	for _, c := range []struct {
		name, job, goals, items string
		field, want             string // "" : valid
	}{
		{"valid, blank lines skipped", "保健師", "目標A\n\n  目標B  \n", "電話応対\n窓口応対", "", ""},
		{"standard template", "", twelve, "電話応対", "", ""},
		{"no goals", "事務", " \n", "電話応対", "goals", "月ごとの目標を1行に1つずつ入力してください。"},
		{"13 goals", "事務", twelve + "\n13", "電話応対", "goals", "月ごとの目標は12行（4月〜3月）までです。13行あります。"},
		{"goal too long, named by month", "事務", "a\n" + long(201), "電話応対", "goals", "2行目（5月）の目標は200文字以内で入力してください。"},
		{"no items", "事務", "a", "", "items", "指導項目を1行に1つずつ入力してください。"},
		{"duplicate item", "事務", "a", "電話応対\n窓口応対\n電話応対", "items", "3行目の指導項目「電話応対」は1行目と同じです。"},
		{"item too long", "事務", "a", long(101), "items", "1行目の指導項目は100文字以内で入力してください。"},
		{"job family too long", long(51), "a", "b", "job_family", "職種は50文字以内の1行で入力してください。"},
	} {
		_, err := ParseTemplate(c.job, c.goals, c.items)
		if c.field == "" {
			if err != nil {
				t.Errorf("%s: %v", c.name, err)
			}
			continue
		}
		fe := apperr.FieldsOf(err)
		if fe[c.field] != c.want {
			t.Errorf("%s: %s = %q (%v), want %q", c.name, c.field, fe[c.field], err, c.want)
		}
	}
	if tp, _ := ParseTemplate(" 保健師 ", "目標A\n\n  目標B  \n", "x"); tp.JobFamily != "保健師" || !slices.Equal(tp.Goals, []string{"目標A", "目標B"}) {
		t.Errorf("parsed %+v", tp)
	}
}
