package staffui

import (
	"html/template"
	"net/url"
	"strings"

	"hagukumi/staff"
	"hagukumi/web/htmlw"
)

// staffRows writes the staff table's rows in Go: 50 rows of 7 escaped
// cells are ~400 reflective calls in a template. htmlw escapes every value.
func staffRows(items []*staff.Member) template.HTML {
	var w htmlw.Writer
	if len(items) == 0 {
		w.Raw(`<tr><td colspan="7">該当する職員はいません。</td></tr>`)
		return w.HTML()
	}
	w.Grow(len(items) * 320)
	pair := func(x, y string) { // 姓 名, without building the joined string
		w.Text(x)
		if y != "" {
			w.Raw(" ")
			w.Text(y)
		}
	}
	for _, m := range items {
		w.Raw("<tr><td>")
		w.Text(m.Number)
		w.Raw(`</td><td><a href="/staff/`)
		w.Text(url.PathEscape(m.Number))
		w.Raw(`">`)
		pair(m.FamilyName, m.GivenName)
		w.Raw("</a></td><td>")
		pair(m.FamilyKana, m.GivenKana)
		w.Raw("</td><td>")
		w.Text(strings.ReplaceAll(m.Unit, "/", " "))
		w.Raw("</td><td>")
		w.Text(m.Title)
		w.Raw("</td><td>")
		w.Text(m.EmploymentType)
		w.Raw("</td><td>")
		w.Text(m.Status)
		w.Raw("</td></tr>\n")
	}
	return w.HTML()
}
