package e2e

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
)

// brokenPage breaks every rule the harness checks: an unlabeled input and an
// image without alt text (axe), requests to outside hosts, a script error and
// an uncaught exception, a stylesheet answered with 500, a box wider than a
// phone and a focus without any outline.
const brokenPage = `<!doctype html>
<html lang="ja"><head><meta charset="utf-8"><title>壊れたページ</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,">
<link rel="stylesheet" href="/boom.css">
<style>*:focus, *:focus-visible { outline: none !important; box-shadow: none !important; }</style>
</head><body><main>
<h1>わざと壊したページ</h1>
<form><input id="q" name="q" type="text"></form>
<img src="http://example.invalid/x.png">
<img src="%s/leak.png" alt="外部">
<div style="width: 900px">幅の広い箱</div>
<p style="background: #fff"><button type="button" style="color: #fff; background: none; border: 0">白い削除</button></p>
<table style="width: 30px"><tr><td>一文字ずつ折り返す名前</td><td>右</td></tr></table>
<select required name="s"><option value="1">最初の選択肢</option></select>
<script>console.error("わざとのエラー"); throw new Error("わざとの例外");</script>
</main></body></html>`

// TestHarnessCatchesBrokenPage proves that the checks can fail: each one
// reports the broken page, and the requests to outside hosts are stopped in
// the browser, never sent.
func TestHarnessCatchesBrokenPage(t *testing.T) {
	requireBrowser(t)

	// An "outside" server on another port: the page asks it for an image,
	// and the gate must keep the request from reaching it.
	var leaked atomic.Int32
	outside := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		leaked.Add(1)
		w.WriteHeader(http.StatusOK)
	}))
	defer outside.Close()

	mux := http.NewServeMux()
	mux.HandleFunc("/broken", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, brokenPage, outside.URL)
	})
	mux.HandleFunc("/boom.css", func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "boom", http.StatusInternalServerError)
	})
	mux.HandleFunc("/fine", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, `<!doctype html><html lang="ja"><head><meta charset="utf-8"><title>正しいページ</title>`+
			`<meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,"></head>`+
			`<body><main><h1>正しいページ</h1><p><label for="q">検索語</label><input id="q"></p></main></body></html>`)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	e := newBrowser(t, srv.URL)

	// A correct page passes every check, so the failures below come from
	// the breakage and not from the harness.
	e.open("/fine")
	if v := e.axe(); len(v) != 0 {
		t.Errorf("axe on a correct page: %v", v)
	}
	if p := e.basicsProblems(); len(p) != 0 {
		t.Errorf("basics on a correct page: %v", p)
	}
	if p := e.focusProblem(); p != "" {
		t.Errorf("focus on a correct page: %s", p)
	}
	if p := e.rec.take(); len(p) != 0 {
		t.Errorf("recorder on a correct page: %v", p)
	}

	e.open("/broken")
	e.waitFor("the broken page's images to settle", `Array.from(document.images).every(i => i.complete)`, stepTimeout)

	// axe: serious or critical violations, with the failing elements.
	rules := map[string]bool{}
	for _, v := range e.axe() {
		rules[v.ID] = true
		t.Logf("axe caught %s [%s] %s at %s", v.ID, v.Impact, v.Help, strings.Join(v.targets(), "; "))
	}
	for _, want := range []string{"label", "image-alt", "color-contrast"} {
		if !rules[want] {
			t.Errorf("axe did not report %q on the broken page (got %v)", want, rules)
		}
	}

	// The closed-network recorder flags both outside hosts.
	out := e.rec.outsideRequests()
	for _, want := range []string{"http://example.invalid/x.png", outside.URL + "/leak.png"} {
		if !contains(out, want) {
			t.Errorf("outside request %s not flagged; flagged: %v", want, out)
		}
	}
	// …and the gate stopped them in the browser.
	if n := leaked.Load(); n != 0 {
		t.Errorf("%d requests reached the outside server: the gate let them through", n)
	}

	// Script errors, the uncaught exception and the 500 are all problems.
	problems := strings.Join(e.rec.take(), "\n")
	for _, want := range []string{"closed network", "console.error: わざとのエラー", "uncaught exception", "わざとの例外", "server error 500", "/boom.css"} {
		if !strings.Contains(problems, want) {
			t.Errorf("the recorder missed %q; it saw:\n%s", want, problems)
		}
	}

	// The phone-width overflow and the invisible focus.
	e.setViewport(phoneW, phoneH)
	if p := e.overflowProblem(); !strings.Contains(p, "overflows horizontally") || !strings.Contains(p, "div \"幅の広い箱\"") {
		t.Errorf("overflow at %dpx not reported: %q", phoneW, p)
	} else {
		t.Logf("overflow caught: %s", p)
	}
	if c := e.narrowCells(); len(c) == 0 || !strings.Contains(c[0], "一文字ずつ") {
		t.Errorf("a cell one character wide not reported: %q", c)
	} else {
		t.Logf("narrow cell caught: %s", c[0])
	}
	e.setViewport(deskW, deskH)
	if p := e.focusProblem(); !strings.Contains(p, "not visible") {
		t.Errorf("invisible focus not reported: %q", p)
	} else {
		t.Logf("focus caught: %s", p)
	}
	// The Nu Html Checker finds the required <select> without an empty
	// first option.
	if jar := requireVNU(t); jar != "" {
		found := ""
		for _, m := range runVNU(t, jar, map[string]string{"broken": fmt.Sprintf(brokenPage, outside.URL)}) {
			if strings.Contains(m.Message, "“select”") {
				found = m.Message
			}
		}
		if found == "" {
			t.Error("the Nu Html Checker did not report the required <select> without an empty first option")
		} else {
			t.Logf("HTML error caught: %s", found)
		}
	}
	e.rec.take() // the failed loads above are expected here
	t.Logf("requests the broken page made: %v", e.rec.allRequests())
}
