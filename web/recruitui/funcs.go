package recruitui

import (
	"html/template"
	"time"

	"hagukumi/calendar"
	"hagukumi/recruit"
)

type fieldView struct {
	Name, Label, Type, Auto, Value, Error string
	Required                              bool
}

// funcs are the slice's template functions.
var funcs = template.FuncMap{
	"recruitEventState": recruit.EventStateLabel,
	"recruitState":      recruit.StateLabel,
	"recruitDate":       func(t time.Time) string { return calendar.FormatWareki(t) },
	"recruitLocal":      func(t *time.Time) string { return t.In(calendar.JST).Format("2006-01-02T15:04") },
	"recruitReminders":  recruit.FormatReminders,
	"recruitJobTypes":   func() []string { return recruit.JobTypes },
	"recruitScores":     func() []int { return []int{5, 4, 3, 2, 1} },
	"recruitField": func(d formData, name, label, typ, auto string, required bool) fieldView {
		return fieldView{Name: name, Label: label, Type: typ, Auto: auto, Value: d.Values[name], Error: d.Errors[name], Required: required}
	},
}
