package ojt

import (
	"slices"
	"testing"
	"time"
)

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func codes(ws []Warning) []string {
	out := []string{}
	for _, w := range ws {
		out = append(out, w.Code)
	}
	return out
}

func TestTrainerWarnings(t *testing.T) {
	on := day("2025-04-01")
	good := TrainerFacts{TraineeUnit: "市民文化部/市民課", TrainerUnit: "市民文化部/市民課",
		TrainerHire: day("2018-04-01"), TrainerInUnit: day("2023-04-01"),
		TraineeBirth: day("2002-05-01"), TrainerBirth: day("1995-03-03")}
	with := func(f func(*TrainerFacts)) TrainerFacts { x := good; f(&x); return x }
	cases := []struct {
		name string
		f    TrainerFacts
		want []string
	}{
		{"all rules met", good, []string{}},
		{"other unit", with(func(x *TrainerFacts) { x.TrainerUnit = "総務部/人事課" }), []string{CodeSameUnit}},
		{"same department, other section", with(func(x *TrainerFacts) { x.TrainerUnit = "市民文化部/市民課/窓口係" }), []string{CodeSameUnit}},
		{"exactly three years of service", with(func(x *TrainerFacts) { x.TrainerHire = day("2022-04-01") }), []string{}},
		{"one day short of three years", with(func(x *TrainerFacts) { x.TrainerHire = day("2022-04-02") }), []string{CodeServiceYears}},
		{"in the unit exactly a year", with(func(x *TrainerFacts) { x.TrainerInUnit = day("2024-04-01") }), []string{}},
		{"moved in this April", with(func(x *TrainerFacts) { x.TrainerInUnit = day("2025-04-01") }), []string{CodeUnitYears}},
		{"no assignment history", with(func(x *TrainerFacts) { x.TrainerInUnit = time.Time{} }), []string{CodeUnitYears}},
		{"former trainer", with(func(x *TrainerFacts) { x.FormerTrainer = true }), []string{CodeFormerTrainer}},
		{"age gap 15 is fine", with(func(x *TrainerFacts) { x.TrainerBirth = day("1987-05-01") }), []string{}},
		{"age gap over 15", with(func(x *TrainerFacts) { x.TrainerBirth = day("1980-05-01") }), []string{CodeAgeGap}},
		{"trainer younger than trainee, small gap", with(func(x *TrainerFacts) { x.TrainerBirth = day("2003-01-01") }), []string{}},
		{"unknown birth dates", with(func(x *TrainerFacts) { x.TrainerBirth = time.Time{} }), []string{}},
		{"everything wrong, in order", TrainerFacts{TraineeUnit: "a", TrainerUnit: "b", TrainerHire: day("2024-04-01"),
			TrainerInUnit: day("2024-10-01"), FormerTrainer: true}, []string{CodeSameUnit, CodeServiceYears, CodeUnitYears, CodeFormerTrainer}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ws := TrainerWarnings(c.f, on)
			if got := codes(ws); !slices.Equal(got, c.want) {
				t.Errorf("codes %v, want %v", got, c.want)
			}
			for _, w := range ws {
				if w.Message == "" {
					t.Errorf("%s without a message", w.Code)
				}
			}
		})
	}
}

func TestTerm(t *testing.T) {
	cases := []struct {
		name      string
		hire      string
		fy        int
		start     string
		months    int
		ok        bool
		firstGoal string
	}{
		{"April hire runs the whole year", "2025-04-01", 2025, "2025-04-01", 12, true, "職場のルールと仕事の流れを知る"},
		{"hired before the year", "2024-10-01", 2025, "2025-04-01", 12, true, "職場のルールと仕事の流れを知る"},
		{"mid-year hire runs to 31 March", "2025-10-01", 2025, "2025-10-01", 6, true, "職場のルールと仕事の流れを知る"},
		{"hire on 15 January", "2026-01-15", 2025, "2026-01-15", 3, true, "職場のルールと仕事の流れを知る"},
		{"hire on the last day", "2026-03-31", 2025, "2026-03-31", 1, true, "職場のルールと仕事の流れを知る"},
		{"hire after the year", "2026-04-01", 2025, "", 0, false, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			start, end, ok := Term(day(c.hire), c.fy)
			if ok != c.ok {
				t.Fatalf("ok %v, want %v", ok, c.ok)
			}
			if !ok {
				return
			}
			if got := start.Format(time.DateOnly); got != c.start {
				t.Errorf("start %s, want %s", got, c.start)
			}
			if got := end.Format(time.DateOnly); got != "2026-03-31" {
				t.Errorf("end %s, want 2026-03-31", got)
			}
			ms := Months(start, end)
			if len(ms) != c.months || ms[len(ms)-1] != "2026-03" {
				t.Errorf("months %v, want %d ending 2026-03", ms, c.months)
			}
			if g := GoalsFor(DefaultTemplate(), ms); g[0] != c.firstGoal {
				t.Errorf("first goal %q", g[0])
			}
		})
	}
}

func TestChanges(t *testing.T) {
	cases := []struct {
		name  string
		p     Placement
		want  []string
		state string
	}{
		{"nothing moved", Placement{PlanUnit: 1, TraineeUnit: 1, TrainerUnitAtNaming: 1, TrainerUnit: 1, HasTrainer: true}, []string{}, StateInProgress},
		{"trainer moved by the April import", Placement{PlanUnit: 1, TraineeUnit: 1, TrainerUnitAtNaming: 1, TrainerUnit: 2, HasTrainer: true}, []string{CodeTrainerMoved}, StateNoTrainer},
		{"trainer retired", Placement{PlanUnit: 1, TraineeUnit: 1, TrainerUnitAtNaming: 1, TrainerUnit: 1, HasTrainer: true, TrainerInactive: true}, []string{CodeTrainerLeft}, StateNoTrainer},
		{"trainee moved", Placement{PlanUnit: 1, TraineeUnit: 3, TrainerUnitAtNaming: 1, TrainerUnit: 1, HasTrainer: true}, []string{CodeTraineeMoved}, StateInProgress},
		{"both moved", Placement{PlanUnit: 1, TraineeUnit: 3, TrainerUnitAtNaming: 1, TrainerUnit: 2, HasTrainer: true}, []string{CodeTrainerMoved, CodeTraineeMoved}, StateNoTrainer},
		{"no trainer yet: a unit change of nobody is no change", Placement{PlanUnit: 1, TraineeUnit: 1}, []string{}, StateNoTrainer},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ws := Changes(c.p)
			if got := codes(ws); !slices.Equal(got, c.want) {
				t.Errorf("codes %v, want %v", got, c.want)
			}
			if got := StateOf("active", c.p.HasTrainer, ws); got != c.state {
				t.Errorf("state %s, want %s", got, c.state)
			}
		})
	}
	if StateOf(StateCompleted, false, nil) != StateCompleted {
		t.Error("a signed-off plan stays completed")
	}
}

func TestQuarterAndOverdue(t *testing.T) {
	for m, q := range map[string]int{"2025-04-01": 1, "2025-06-30": 1, "2025-07-01": 2, "2025-12-31": 3, "2026-01-01": 4, "2026-03-31": 4} {
		if got := QuarterOf(day(m)); got != q {
			t.Errorf("QuarterOf(%s) = %d, want %d", m, got, q)
		}
	}
	goals := []Goal{{Month: "2025-04", Done: true}, {Month: "2025-05"}, {Month: "2025-06"}, {Month: "2025-07"}}
	if n := Overdue(goals, day("2025-07-10")); n != 2 {
		t.Errorf("overdue %d, want 2 (May and June)", n)
	}
}

func TestByDepartment(t *testing.T) {
	plans := []*Plan{
		{Unit: "総務部/人事課", State: StateInProgress, Progress: 0.5, Reviews: 1},
		{Unit: "総務部/財政課", State: StateNoTrainer, Progress: 0, Overdue: 2},
		{Unit: "市民文化部/市民課", State: StateCompleted, Progress: 1, Reviews: 5},
	}
	got := ByDepartment(plans, 3)
	if len(got) != 2 {
		t.Fatalf("%+v", got)
	}
	s := got[0]
	if s.Department != "総務部" || s.Plans != 2 || s.WithoutTrainer != 1 || s.Behind != 1 || s.ReviewsMissing != 2 || s.Progress != 0.25 {
		t.Errorf("総務部 %+v", s)
	}
	if c := got[1]; c.Completed != 1 || c.ReviewsMissing != 0 || c.Progress != 1 {
		t.Errorf("市民文化部 %+v", c)
	}
}
