package secondment

import (
	"slices"
	"testing"
	"time"

	"hagukumi/calendar"
)

func TestFrame(t *testing.T) {
	for _, c := range []struct{ kind, basis, salary string }{
		{OtherCity, "地方自治法252条の17", "派遣先"},
		{Prefect, "地方自治法252条の17", "派遣先"},
		{PublicOrg, "公益的法人等派遣法", "派遣先"},
		{Company, "地方公務員法39条（派遣研修）", "本市"},
		{Graduate, "地方公務員法39条（派遣研修）", "本市"},
	} {
		f, ok := Frame(c.kind)
		if !ok || f.Basis != c.basis || f.SalaryBy != c.salary {
			t.Errorf("Frame(%s) = %+v", c.kind, f)
		}
	}
	if _, ok := Frame("出向"); ok {
		t.Error("an unknown kind has no frame")
	}
}

func TestRuleReasons(t *testing.T) {
	tamba := Rule{MinYears: 5, MaxAge: 40, NeedCommitment: true}
	asOf := calendar.D(2026, 1, 31)
	for _, c := range []struct {
		name string
		p    Person
		want int
	}{
		{"eligible", Person{HireDate: calendar.D(2020, 4, 1), BirthDate: calendar.D(1990, 5, 1), Committed: true}, 0},
		{"4 years of service", Person{HireDate: calendar.D(2021, 4, 1), BirthDate: calendar.D(1990, 5, 1), Committed: true}, 1},
		{"exactly 5 years the day before", Person{HireDate: calendar.D(2021, 1, 31), BirthDate: calendar.D(1990, 5, 1), Committed: true}, 0},
		{"turns 40 that day", Person{HireDate: calendar.D(2010, 4, 1), BirthDate: calendar.D(1986, 1, 31), Committed: true}, 1},
		{"39", Person{HireDate: calendar.D(2010, 4, 1), BirthDate: calendar.D(1986, 2, 1), Committed: true}, 0},
		{"no birth date, no commitment", Person{HireDate: calendar.D(2010, 4, 1)}, 2},
	} {
		if got := tamba.Reasons(c.p, asOf); len(got) != c.want {
			t.Errorf("%s: %v, want %d reasons", c.name, got, c.want)
		}
	}
	if got := (Rule{}).Reasons(Person{}, asOf); len(got) != 0 {
		t.Errorf("an empty rule refuses: %v", got)
	}
}

func TestSchedule(t *testing.T) {
	due := func(rs []Report) []string {
		var out []string
		for _, r := range rs {
			out = append(out, r.Kind+" "+r.Due.Format("2006-01-02"))
		}
		return out
	}
	for _, c := range []struct {
		kind     string
		from, to time.Time
		want     []string
	}{
		{Graduate, calendar.D(2026, 4, 1), calendar.D(2026, 6, 30), []string{"月次報告 2026-05-10", "月次報告 2026-06-10", "月次報告 2026-07-10", "成績証明書 2026-07-30"}},
		{Research, calendar.D(2022, 4, 1), calendar.D(2023, 1, 31), []string{"研究論文 2023-01-31"}},
		{OtherCity, calendar.D(2026, 10, 1), calendar.D(2026, 10, 31), []string{"最終報告 2026-11-20"}},
		{Company, calendar.D(2026, 4, 1), calendar.D(2027, 3, 31), []string{"最終報告 2027-04-20"}},
	} {
		if got := due(Schedule(c.kind, c.from, c.to)); !slices.Equal(got, c.want) {
			t.Errorf("%s: %v, want %v", c.kind, got, c.want)
		}
	}
}

func TestOverdue(t *testing.T) {
	rs := []Report{
		{Due: calendar.D(2026, 5, 10), Submitted: "2026-05-09"},
		{Due: calendar.D(2026, 6, 10)},
		{Due: calendar.D(2026, 7, 10)},
	}
	for _, c := range []struct {
		today time.Time
		want  int
	}{
		{calendar.D(2026, 6, 10), 0}, // due today is not late yet
		{calendar.D(2026, 6, 11), 1},
		{time.Date(2026, 7, 11, 23, 0, 0, 0, calendar.JST), 2},
	} {
		if got := Overdue(rs, c.today); got != c.want {
			t.Errorf("Overdue on %s = %d, want %d", c.today.Format("01-02"), got, c.want)
		}
	}
}

func TestBoardOf(t *testing.T) {
	ps := []Placement{
		{Number: "running", From: calendar.D(2026, 4, 1), To: calendar.D(2027, 3, 31)},
		{Number: "back in June", From: calendar.D(2025, 4, 1), To: calendar.D(2026, 6, 30), ReportsOverdue: 1},
		{Number: "last year", From: calendar.D(2024, 4, 1), To: calendar.D(2026, 3, 31)},
	}
	b := BoardOf(ps, calendar.D(2026, 7, 15))
	names := func(ps []Placement) (out []string) {
		for _, p := range ps {
			out = append(out, p.Number)
		}
		return out
	}
	if got := names(b.Running); !slices.Equal(got, []string{"running"}) {
		t.Errorf("running %v", got)
	}
	if got := names(b.Overdue); !slices.Equal(got, []string{"back in June"}) {
		t.Errorf("overdue %v", got)
	}
	if got := names(b.Returning); !slices.Equal(got, []string{"running", "back in June"}) {
		t.Errorf("returning %v", got)
	}
}
