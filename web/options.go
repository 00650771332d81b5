package web

import (
	"html/template"
	"strconv"

	"hagukumi/staff"
	"hagukumi/web/htmlw"
)

// unitOptions, rankOptions and textOptions write a <select>'s options in
// Go: a city has hundreds of units, and as template loops with eq these
// lists were most of the cost of the staff list page.
func unitOptions(units []staff.Unit, selected int64) template.HTML {
	var w htmlw.Writer
	w.Grow(len(units) * 64)
	for _, u := range units {
		w.Option(strconv.FormatInt(u.ID, 10), u.Display(), u.ID == selected)
	}
	return w.HTML()
}

func rankOptions(ranks []staff.Rank, selected int64) template.HTML {
	var w htmlw.Writer
	for _, r := range ranks {
		w.Option(strconv.FormatInt(r.ID, 10), r.Name, r.ID == selected)
	}
	return w.HTML()
}

func textOptions(list []string, selected string) template.HTML {
	var w htmlw.Writer
	for _, v := range list {
		w.Option(v, v, v == selected)
	}
	return w.HTML()
}

func init() {
	baseFuncs["unitOptions"] = unitOptions
	baseFuncs["rankOptions"] = rankOptions
	baseFuncs["textOptions"] = textOptions
}
