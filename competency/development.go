package competency

import "sort"

// Activity is something a person did that counts toward a competency.
type Activity struct {
	Kind string `json:"kind"` // program (a completed catalog programme), ojt (an OJT check item), trainer (served as OJT trainer)
	Code string `json:"code,omitempty"`
	Name string `json:"name"`
	FY   int    `json:"fy"`
}

// Due is a programme the eligibility rules name the person for.
type Due struct {
	Code string `json:"code"`
	Name string `json:"name"`
	FY   int    `json:"fy"`
}

// Suggestion is a programme that develops a competency of the next rank
// that the person has not done yet.
type Suggestion struct {
	Code         string   `json:"code"`
	Name         string   `json:"name"`
	Competencies []string `json:"competencies"`
}

// Toward is one required competency with what counts toward it.
type Toward struct {
	Required
	Activities []Activity `json:"activities"`
}

// Input is what the development view is built from; the caller gathers it
// from the registry, the training history, the eligibility rules and OJT.
type Input struct {
	Framework *Framework
	Rank      string
	NextRank  string // empty at the top of the ladder
	JobFamily string
	Completed []Activity          // completed programmes (Kind program, Code = programme code)
	Mapping   map[string][]string // competency code → programme codes that develop it
	Names     map[string]string   // programme code → name
	OJT       map[string][]Activity
	Due       []Due
}

// View is the development page's content.
type View struct {
	Rank        string       `json:"rank"`
	NextRank    string       `json:"next_rank"`
	Current     []Toward     `json:"current"`
	Next        []Toward     `json:"next"`
	Due         []Due        `json:"due"`
	Suggestions []Suggestion `json:"suggestions"`
}

// Build joins the required competencies of the current and the next rank
// with the activities that count toward each, and suggests the programmes
// mapped to the next rank's competencies that are neither done nor due.
func Build(in Input) View {
	v := View{Rank: in.Rank, NextRank: in.NextRank, Due: in.Due}
	if v.Due == nil {
		v.Due = []Due{}
	}
	done := map[string]Activity{}
	for _, a := range in.Completed {
		done[a.Code] = a
	}
	toward := func(rank string) []Toward {
		out := []Toward{}
		if in.Framework == nil || rank == "" {
			return out
		}
		for _, r := range in.Framework.Required(rank, in.JobFamily) {
			t := Toward{Required: r, Activities: []Activity{}}
			for _, code := range in.Mapping[r.Code] {
				if a, ok := done[code]; ok {
					t.Activities = append(t.Activities, a)
				}
			}
			t.Activities = append(t.Activities, in.OJT[r.Code]...)
			out = append(out, t)
		}
		return out
	}
	v.Current, v.Next = toward(in.Rank), toward(in.NextRank)
	due := map[string]bool{}
	for _, d := range in.Due {
		due[d.Code] = true
	}
	byProgram := map[string][]string{}
	for _, t := range v.Next {
		for _, code := range in.Mapping[t.Code] {
			if _, ok := done[code]; ok || due[code] {
				continue
			}
			byProgram[code] = append(byProgram[code], t.Name)
		}
	}
	v.Suggestions = []Suggestion{}
	for code, comps := range byProgram {
		v.Suggestions = append(v.Suggestions, Suggestion{Code: code, Name: in.Names[code], Competencies: comps})
	}
	// Programmes that serve more of the next rank's competencies first.
	sort.Slice(v.Suggestions, func(i, j int) bool {
		a, b := v.Suggestions[i], v.Suggestions[j]
		if len(a.Competencies) != len(b.Competencies) {
			return len(a.Competencies) > len(b.Competencies)
		}
		return a.Code < b.Code
	})
	return v
}

// NextRank is the stage above a rank on a ladder ordered from the bottom,
// empty at the top or for a rank not on it.
func NextRank(ladder []string, rank string) string {
	for i, r := range ladder {
		if r == rank && i+1 < len(ladder) {
			return ladder[i+1]
		}
	}
	return ""
}

// Holder is one staff member as the coverage report counts them: their
// current rank and the programme codes they completed.
type Holder struct {
	Rank      string
	Completed map[string]int
}

// CoverageLine is, for one rank and one competency it requires, how many
// staff of the rank completed a programme mapped to it.
type CoverageLine struct {
	Rank    string  `json:"rank"`
	Code    string  `json:"code"`
	Name    string  `json:"name"`
	Level   int     `json:"level"`
	Staff   int     `json:"staff"`
	Covered int     `json:"covered"`
	Share   float64 `json:"share"`
}

// Coverage is the competency coverage report: per rank of the ladder (in
// its order), the share of its staff who completed a programme mapped to
// each required competency.
func Coverage(f *Framework, ladder []string, people []Holder, mapping map[string][]string) []CoverageLine {
	out := []CoverageLine{}
	for _, rank := range ladder {
		var of []Holder
		for _, p := range people {
			if p.Rank == rank {
				of = append(of, p)
			}
		}
		for _, r := range f.Required(rank, "") {
			line := CoverageLine{Rank: rank, Code: r.Code, Name: r.Name, Level: r.Level, Staff: len(of)}
			for _, p := range of {
				for _, code := range mapping[r.Code] {
					if _, ok := p.Completed[code]; ok {
						line.Covered++
						break
					}
				}
			}
			if line.Staff > 0 {
				line.Share = float64(line.Covered) / float64(line.Staff)
			}
			out = append(out, line)
		}
	}
	return out
}
