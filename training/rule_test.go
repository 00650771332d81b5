package training

import (
	"testing"
	"time"

	"hagukumi/calendar"
	"hagukumi/staff"
)

func person(hire time.Time, emp, status string, ranks ...RankStint) *Person {
	return &Person{ID: 1, Number: "1", HireDate: hire, EmploymentType: emp, Status: status, Ranks: ranks}
}

func stint(rank string, y int, m time.Month, d int) RankStint {
	return RankStint{Rank: rank, From: calendar.D(y, m, d)}
}

func rule(t testing.TB, code string) *Rule {
	t.Helper()
	for _, p := range DefaultCatalog() {
		if p.Code == code {
			return &p.Rule
		}
	}
	t.Fatalf("no program %s", code)
	return nil
}

// The default catalog's rules, evaluated for fiscal year 2026 (令和8年度).
func TestDefaultRules(t *testing.T) {
	const fy = 2026
	cand := func(p *Person, rank string) *Person { p.Candidates = map[int]string{fy: rank}; return p }
	tests := []struct {
		name string
		code string
		p    *Person
		want bool
	}{
		{"hired 1 April of Y is 採用1年目", "NEW_HIRE", person(calendar.D(2026, 4, 1), staff.Regular, staff.Active), true},
		{"hired 31 March of Y+1 is still a FY Y hire", "NEW_HIRE", person(calendar.D(2027, 3, 31), staff.Regular, staff.Active), true},
		{"hired 31 March of Y is a FY Y−1 hire", "NEW_HIRE", person(calendar.D(2026, 3, 31), staff.Regular, staff.Active), false},
		{"mid-year hire in Y", "NEW_HIRE", person(calendar.D(2026, 10, 1), staff.Regular, staff.Active), true},
		{"hired after Y is not yet staff", "NEW_HIRE", person(calendar.D(2027, 4, 1), staff.Regular, staff.Active), false},
		{"会計年度任用 hire is not 正規", "NEW_HIRE", person(calendar.D(2026, 4, 1), staff.FiscalYear, staff.Active), false},
		{"休職 does not count", "NEW_HIRE", person(calendar.D(2026, 4, 1), staff.Regular, staff.OnLeave), false},
		{"退職 does not count", "NEW_HIRE", person(calendar.D(2026, 4, 1), staff.Regular, staff.Retired), false},
		{"hired 1 April Y−1 is 採用2年目", "YEAR2", person(calendar.D(2025, 4, 1), staff.Regular, staff.Active), true},
		{"hired 31 March Y is 採用2年目", "YEAR2", person(calendar.D(2026, 3, 31), staff.Regular, staff.Active), true},
		{"hired in Y is not 採用2年目", "YEAR2", person(calendar.D(2026, 4, 1), staff.Regular, staff.Active), false},
		{"mid-year hire Y−2 is 採用3年目", "YEAR3", person(calendar.D(2024, 11, 1), staff.Regular, staff.Active), true},
		{"hired Y−3 is not 採用3年目", "YEAR3", person(calendar.D(2023, 4, 1), staff.Regular, staff.Active), false},
		{"on the 主査 list in Y", "SHUSA_CANDIDATE", cand(person(calendar.D(2015, 4, 1), staff.Regular, staff.Active), "主査"), true},
		{"on the 係長 list is not a 主査 candidate", "SHUSA_CANDIDATE", cand(person(calendar.D(2015, 4, 1), staff.Regular, staff.Active), "係長"), false},
		{"主査 candidate on leave", "SHUSA_CANDIDATE", cand(person(calendar.D(2015, 4, 1), staff.Regular, staff.OnLeave), "主査"), false},
		{"係長 from 1 April Y", "NEW_KAKARICHO", person(calendar.D(2000, 4, 1), staff.Regular, staff.Active, stint("主任主査", 2020, 4, 1), stint("係長", 2026, 4, 1)), true},
		{"係長 from mid-year Y", "NEW_KAKARICHO", person(calendar.D(2000, 4, 1), staff.Regular, staff.Active, stint("主任主査", 2020, 4, 1), stint("係長", 2026, 10, 1)), true},
		{"係長 from Y−1 is not new", "NEW_KAKARICHO", person(calendar.D(2000, 4, 1), staff.Regular, staff.Active, stint("係長", 2025, 4, 1)), false},
		{"係長 from Y+1 was not 係長 in Y", "NEW_KAKARICHO", person(calendar.D(2000, 4, 1), staff.Regular, staff.Active, stint("主任主査", 2020, 4, 1), stint("係長", 2027, 4, 1)), false},
		{"主任主査 from Y−1 is in its 2nd year", "SHUNIN_SHUSA_2", person(calendar.D(2005, 4, 1), staff.Regular, staff.Active, stint("主任主査", 2025, 4, 1)), true},
		{"主任主査 from 31 March Y (FY Y−1)", "SHUNIN_SHUSA_2", person(calendar.D(2005, 4, 1), staff.Regular, staff.Active, stint("主任主査", 2026, 3, 31)), true},
		{"主任主査 from Y is in its 1st year", "SHUNIN_SHUSA_2", person(calendar.D(2005, 4, 1), staff.Regular, staff.Active, stint("主任主査", 2026, 4, 1)), false},
		{"主任主査 from Y−2 is in its 3rd year", "SHUNIN_SHUSA_2", person(calendar.D(2005, 4, 1), staff.Regular, staff.Active, stint("主任主査", 2024, 4, 1)), false},
		{"主任主査 Y−1 promoted to 係長 in Y+1 still counts in Y", "SHUNIN_SHUSA_2", person(calendar.D(2005, 4, 1), staff.Regular, staff.Active, stint("主任主査", 2025, 4, 1), stint("係長", 2027, 4, 1)), true},
		{"主任主査 Y−1 promoted to 係長 in Y does not", "SHUNIN_SHUSA_2", person(calendar.D(2005, 4, 1), staff.Regular, staff.Active, stint("主任主査", 2025, 4, 1), stint("係長", 2026, 7, 1)), false},
		{"課長 from Y", "NEW_KACHO", person(calendar.D(1995, 4, 1), staff.Regular, staff.Active, stint("課長補佐", 2022, 4, 1), stint("課長", 2026, 4, 1)), true},
		{"課長 from Y−1", "NEW_KACHO", person(calendar.D(1995, 4, 1), staff.Regular, staff.Active, stint("課長", 2025, 4, 1)), false},
		{"課長 from Y+1", "NEW_KACHO", person(calendar.D(1995, 4, 1), staff.Regular, staff.Active, stint("課長補佐", 2022, 4, 1), stint("課長", 2027, 4, 1)), false},
		{"会計年度任用 in service", "KAIKEI_NENDO", person(calendar.D(2024, 4, 1), staff.FiscalYear, staff.Active), true},
		{"正規 is not 会計年度任用", "KAIKEI_NENDO", person(calendar.D(2024, 4, 1), staff.Regular, staff.Active), false},
		{"会計年度任用 retired", "KAIKEI_NENDO", person(calendar.D(2024, 4, 1), staff.FiscalYear, staff.Retired), false},
		{"manual programs have no roster", "SETTAI", person(calendar.D(2024, 4, 1), staff.Regular, staff.Active), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := rule(t, tt.code).Eligible(tt.p, fy); got != tt.want {
				t.Errorf("%s: Eligible = %v, want %v", tt.code, got, tt.want)
			}
		})
	}
}

func TestSentence(t *testing.T) {
	tests := map[string]string{
		"NEW_HIRE":        "採用1年目の正規職員",
		"YEAR2":           "採用2年目の正規職員",
		"SHUSA_CANDIDATE": "主査昇格候補の職員",
		"NEW_KAKARICHO":   "当該年度に係長に昇任した職員",
		"SHUNIN_SHUSA_2":  "前年度に主任主査に昇任した（主任主査2年目の）職員",
		"KAIKEI_NENDO":    "会計年度任用職員",
		"IKUBOSS":         "指名または申込による",
	}
	for code, want := range tests {
		if got := rule(t, code).Sentence(); got != want {
			t.Errorf("%s: %q, want %q", code, got, want)
		}
	}
}

func TestNotCompletedAndUnits(t *testing.T) {
	r := Rule{Units: []string{"総務部"}, NotCompleted: []string{"SETTAI"}}
	p := person(calendar.D(2020, 4, 1), staff.Regular, staff.Active)
	p.Unit = "総務部/人事課"
	if !r.Eligible(p, 2026) {
		t.Fatal("unit prefix should match")
	}
	p.Completed = map[string]int{"SETTAI": 2024}
	if r.Eligible(p, 2026) {
		t.Fatal("completed before Y should exclude")
	}
	p.Completed = map[string]int{"SETTAI": 2026}
	if !r.Eligible(p, 2026) {
		t.Fatal("completed in Y itself should not exclude the year's roster")
	}
	p.Unit = "総務部2/課"
	if r.Eligible(p, 2026) {
		t.Fatal("総務部2 is not under 総務部")
	}
}

func BenchmarkEligibility(b *testing.B) {
	people := make([]*Person, 100000)
	for i := range people {
		people[i] = person(calendar.D(1986+i%40, 4, 1), staff.Regular, staff.Active, stint("主任主査", 2000+i%27, 4, 1))
		people[i].Number = string(rune('0' + i%10))
		people[i].ID = int64(i)
	}
	r := rule(b, "SHUNIN_SHUSA_2")
	b.ReportAllocs()
	for b.Loop() {
		BuildRoster(r, people, 2026, nil, nil)
	}
}
