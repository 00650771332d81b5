// Package training holds the center's training core (PRODUCT T1–T7, T10):
// the catalog of programs, eligibility rules, the annual plan and its
// sessions, enrolment, attendance, completion, surveys and reports.
package training

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"hagukumi/calendar"
	"hagukumi/staff"
)

// Rule says who is eligible (対象者) for a program in a fiscal year Y. It is
// data: stored as JSON with the program and edited in the UI as fields.
// Empty fields do not restrict. A rule with Manual set has no roster of its
// own: people come by nomination (指名) or application (申込).
type Rule struct {
	Manual          bool     `json:"manual,omitempty"`
	ServiceYears    []int    `json:"service_years,omitempty"`    // 採用n年目, any of
	EmploymentTypes []string `json:"employment_types,omitempty"` // 雇用区分, any of
	Ranks           []string `json:"ranks,omitempty"`            // rank stage held at the end of Y, any of
	RankFrom        *int     `json:"rank_from,omitempty"`        // that rank took effect in Y − RankFrom (0: in Y)
	CandidateFor    string   `json:"candidate_for,omitempty"`    // on the 昇格候補 list for this rank in Y
	Units           []string `json:"units,omitempty"`            // unit paths; the unit and everything below
	NotCompleted    []string `json:"not_completed,omitempty"`    // has not completed these program codes before Y
}

// Person is what a rule looks at: one staff member with their history.
type Person struct {
	ID             int64
	Number         string
	Name           string
	Unit           string // unit path, 総務部/人事課/人事係
	HireDate       time.Time
	EmploymentType string
	Status         string
	Ranks          []RankStint    // rank stage history, oldest first
	Candidates     map[int]string // fiscal year → rank stage on the 昇格候補 list
	Completed      map[string]int // program code → fiscal year first completed
}

// RankStint is one period in a rank stage; it ends where the next begins.
type RankStint struct {
	Rank string
	From time.Time
}

// RankAt is the stage held on a day and when it took effect.
func (p *Person) RankAt(day time.Time) (RankStint, bool) {
	var cur RankStint
	ok := false
	for _, r := range p.Ranks {
		if !r.From.After(day) {
			cur, ok = r, true
		}
	}
	return cur, ok
}

func anyOf(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// Eligible tells whether p is eligible in fiscal year fy. Only staff in
// service (在職, not 休職 or 退職) who were hired by the end of fy count.
func (r *Rule) Eligible(p *Person, fy int) bool {
	return r.eligible(p, fy, calendar.FiscalYearEnd(fy))
}

// eligible is Eligible with the end of fiscal year fy worked out once by
// the caller (a roster asks it for every staff member).
func (r *Rule) eligible(p *Person, fy int, end time.Time) bool {
	if r.Manual || p.Status != staff.Active {
		return false
	}
	if p.HireDate.IsZero() || p.HireDate.After(end) {
		return false
	}
	if len(r.ServiceYears) > 0 {
		n := staff.ServiceYear(p.HireDate, fy)
		hit := false
		for _, y := range r.ServiceYears {
			if y == n {
				hit = true
			}
		}
		if !hit {
			return false
		}
	}
	if len(r.EmploymentTypes) > 0 && !anyOf(r.EmploymentTypes, p.EmploymentType) {
		return false
	}
	if len(r.Ranks) > 0 || r.RankFrom != nil {
		st, ok := p.RankAt(end)
		if !ok {
			return false
		}
		if len(r.Ranks) > 0 && !anyOf(r.Ranks, st.Rank) {
			return false
		}
		if r.RankFrom != nil && calendar.FiscalYear(st.From) != fy-*r.RankFrom {
			return false
		}
	}
	if r.CandidateFor != "" && p.Candidates[fy] != r.CandidateFor {
		return false
	}
	if len(r.Units) > 0 {
		hit := false
		for _, u := range r.Units {
			if p.Unit == u || strings.HasPrefix(p.Unit, u+"/") {
				hit = true
			}
		}
		if !hit {
			return false
		}
	}
	for _, code := range r.NotCompleted {
		if y, done := p.Completed[code]; done && y < fy {
			return false
		}
	}
	return true
}

// Sentence reads the rule as Japanese, e.g. 「採用2年目の正規職員」.
func (r *Rule) Sentence() string {
	if r.Manual {
		return "指名または申込による"
	}
	var pre []string
	if len(r.Units) > 0 {
		var us []string
		for _, u := range r.Units {
			us = append(us, strings.ReplaceAll(u, "/", " "))
		}
		pre = append(pre, strings.Join(us, "・")+"の")
	}
	if len(r.ServiceYears) > 0 {
		var ys []string
		for _, y := range r.ServiceYears {
			ys = append(ys, fmt.Sprint(y))
		}
		pre = append(pre, "採用"+strings.Join(ys, "・")+"年目の")
	}
	if len(r.Ranks) > 0 {
		s := strings.Join(r.Ranks, "・")
		if r.RankFrom != nil {
			switch *r.RankFrom {
			case 0:
				s = "当該年度に" + s + "に昇任した"
			case 1:
				s = "前年度に" + s + "に昇任した（" + s + "2年目の）"
			default:
				s = fmt.Sprintf("%d年度前に%sに昇任した", *r.RankFrom, s)
			}
		}
		pre = append(pre, s)
	} else if r.RankFrom != nil {
		pre = append(pre, fmt.Sprintf("%d年度前に昇任した", *r.RankFrom))
	}
	if r.CandidateFor != "" {
		pre = append(pre, r.CandidateFor+"昇格候補の")
	}
	noun := "職員"
	if len(r.EmploymentTypes) > 0 {
		var ts []string
		for _, t := range r.EmploymentTypes {
			ts = append(ts, t+"職員")
		}
		noun = strings.Join(ts, "・")
		if len(r.EmploymentTypes) > 1 {
			noun = "（" + noun + "）"
		}
	}
	s := strings.Join(pre, "") + noun
	if len(r.NotCompleted) > 0 {
		s += "（" + strings.Join(r.NotCompleted, "・") + " 未修了の者）"
	}
	return s
}

// Roster is the eligible staff of a program for a fiscal year.
type Roster struct {
	FY      int
	People  []*Person // sorted by number
	ByUnit  []UnitCount
	Include map[int64]string // explicit includes: staff id → reason
	Exclude map[int64]string // explicit excludes: staff id → reason
}

// UnitCount is the roster's count for one top-level department.
type UnitCount struct {
	Unit  string
	Count int
}

// BuildRoster applies a rule and the explicit exceptions to everyone.
func BuildRoster(r *Rule, people []*Person, fy int, include, exclude map[int64]string) *Roster {
	out := &Roster{FY: fy, Include: include, Exclude: exclude, People: make([]*Person, 0, len(people)/8+len(include))}
	end := calendar.FiscalYearEnd(fy)
	for _, p := range people {
		_, in := include[p.ID]
		_, ex := exclude[p.ID]
		if ex || (!in && !r.eligible(p, fy, end)) {
			continue
		}
		out.People = append(out.People, p)
	}
	sort.Slice(out.People, func(i, j int) bool { return out.People[i].Number < out.People[j].Number })
	out.count()
	return out
}

// Filter keeps the people for whom keep is true (a liaison's own
// department, say) and recounts by department.
func (r *Roster) Filter(keep func(*Person) bool) *Roster {
	out := &Roster{FY: r.FY, Include: r.Include, Exclude: r.Exclude}
	for _, p := range r.People {
		if keep(p) {
			out.People = append(out.People, p)
		}
	}
	out.count()
	return out
}

// count fills ByUnit with the roster's size per top-level department.
func (r *Roster) count() {
	counts := map[string]int{}
	for _, p := range r.People {
		dept, _, _ := strings.Cut(p.Unit, "/")
		if dept == "" {
			dept = "（所属なし）"
		}
		counts[dept]++
	}
	r.ByUnit = nil
	for u, n := range counts {
		r.ByUnit = append(r.ByUnit, UnitCount{u, n})
	}
	sort.Slice(r.ByUnit, func(i, j int) bool { return r.ByUnit[i].Unit < r.ByUnit[j].Unit })
}
