// Package htmlw writes HTML in Go for long lists, escaped by default: Text
// escapes every string it is given, and the only way to write markup is
// Raw, which accepts nothing but a compile-time constant (its parameter
// type is unexported, so a string variable does not compile).
package htmlw

import (
	"html/template"
	"strconv"
	"strings"
)

// literal is a string known at compile time; only untyped constants
// convert to it outside this package.
type literal string

// Writer builds an HTML fragment.
type Writer struct{ b strings.Builder }

// Grow reserves room for n bytes.
func (w *Writer) Grow(n int) { w.b.Grow(n) }

// Raw writes markup that is a constant in the source.
func (w *Writer) Raw(s literal) { w.b.WriteString(string(s)) }

// Text writes s escaped for HTML text and attribute values.
func (w *Writer) Text(s string) {
	if strings.ContainsAny(s, "<>&'\"\x00") {
		w.b.WriteString(template.HTMLEscapeString(s))
		return
	}
	w.b.WriteString(s)
}

// Int writes a number.
func (w *Writer) Int(n int64) { w.b.WriteString(strconv.FormatInt(n, 10)) }

// Option writes one <option> of a <select>.
func (w *Writer) Option(value, label string, selected bool) {
	w.Raw(`<option value="`)
	w.Text(value)
	if selected {
		w.Raw(`" selected>`)
	} else {
		w.Raw(`">`)
	}
	w.Text(label)
	w.Raw("</option>")
}

// HTML returns what was written, for a template.
func (w *Writer) HTML() template.HTML { return template.HTML(w.b.String()) }
