package publicui

import (
	"html"
	"html/template"
	"strings"

	"hagukumi/public"
)

var funcs = template.FuncMap{
	"pageText":    PageText,
	"regLabel":    public.RegistrationLabel,
	"subState":    public.StateLabel,
	"senderState": public.SenderLabel,
	"kindLabel":   public.KindLabel,
	"pubArgs":     pubArgs,
}

// pubButton is what the publish button of the site page needs.
type pubButton struct {
	Kind string
	Ref  int64
	On   bool
}

// pubArgs makes the publish button's arguments; ref is an id or a year.
func pubArgs(kind string, ref any, on bool) pubButton {
	var n int64
	switch x := ref.(type) {
	case int64:
		n = x
	case int:
		n = int64(x)
	}
	return pubButton{Kind: kind, Ref: n, On: on}
}

// PageText renders the center's page text, written as plain text with a
// little Markdown: "# " and "## " start headings, "- " list items, and a
// blank line ends a paragraph. Every character of the text is escaped, so
// the text can hold no markup of its own.
func PageText(text string) template.HTML {
	var b strings.Builder
	var para []string
	inList := false
	flush := func() {
		if len(para) > 0 {
			b.WriteString("<p>" + strings.Join(para, "<br>") + "</p>\n")
			para = nil
		}
	}
	endList := func() {
		if inList {
			b.WriteString("</ul>\n")
			inList = false
		}
	}
	for _, line := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		line = strings.TrimRight(line, " \t")
		switch {
		case strings.HasPrefix(line, "## "):
			flush()
			endList()
			b.WriteString("<h3>" + html.EscapeString(strings.TrimSpace(line[3:])) + "</h3>\n")
		case strings.HasPrefix(line, "# "):
			flush()
			endList()
			b.WriteString("<h2>" + html.EscapeString(strings.TrimSpace(line[2:])) + "</h2>\n")
		case strings.HasPrefix(line, "- "):
			flush()
			if !inList {
				b.WriteString("<ul>\n")
				inList = true
			}
			b.WriteString("<li>" + html.EscapeString(strings.TrimSpace(line[2:])) + "</li>\n")
		case strings.TrimSpace(line) == "":
			flush()
			endList()
		default:
			endList()
			para = append(para, html.EscapeString(line))
		}
	}
	flush()
	endList()
	return template.HTML(b.String())
}
