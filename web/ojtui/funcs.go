package ojtui

import (
	"html/template"
	"strings"

	"hagukumi/competency"
	"hagukumi/ojt"
	"hagukumi/staff"
)

// section is one table of the development page.
type section struct {
	Title string
	Items []competency.Toward
}

var funcs = template.FuncMap{
	"mul100":          func(f float64) float64 { return f * 100 },
	"stateLabel":      stateLabel,
	"quarters":        func() []int { return []int{1, 2, 3, 4, 5} },
	"employmentTypes": func() []string { return staff.EmploymentTypes },
	// monthLabel shows a plan's month (2026-04) as the page reads it: 4月.
	"monthLabel": func(m string) string {
		if len(m) == 7 {
			return strings.TrimPrefix(m[5:], "0") + "月"
		}
		return m
	},
	// devSections gives the current rank's table and, below the top of the
	// ladder, the next rank's.
	"devSections": func(d *development) []section {
		out := []section{{Title: "いまの職位（" + d.Rank + "）に求められる能力", Items: d.Current}}
		if d.NextRank != "" {
			out = append(out, section{Title: "次の職位（" + d.NextRank + "）に求められる能力", Items: d.Next})
		}
		return out
	},
}

// stateLabel is a plan's state in Japanese.
func stateLabel(s string) string {
	switch s {
	case ojt.StateNoTrainer:
		return "トレーナー未指名"
	case ojt.StateCompleted:
		return "修了"
	}
	return "実施中"
}
