package htmlw

import (
	"bytes"
	"html/template"
	"testing"
)

// TestTextMatchesTemplate checks Text against html/template's own escaping
// of the same strings, inside an element and inside an attribute value.
func TestTextMatchesTemplate(t *testing.T) {
	tmpl := template.Must(template.New("x").Parse(`<td title="{{.}}">{{.}}</td>`))
	for _, s := range []string{"髙橋 一樹", `<script>alert("x")</script>`, "a&b", `"quoted"`, "it's", "\x00nul", ""} {
		var want bytes.Buffer
		if err := tmpl.Execute(&want, s); err != nil {
			t.Fatal(err)
		}
		var w Writer
		w.Raw(`<td title="`)
		w.Text(s)
		w.Raw(`">`)
		w.Text(s)
		w.Raw(`</td>`)
		if got := string(w.HTML()); got != want.String() {
			t.Errorf("%q: got %s, template writes %s", s, got, want.String())
		}
	}
}

func TestOption(t *testing.T) {
	var w Writer
	w.Option("1", "総務部 <人事課>", true)
	if got, want := string(w.HTML()), `<option value="1" selected>総務部 &lt;人事課&gt;</option>`; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}
