package e2e

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// Journey: a citizen reads the public site on a phone, sends the contact
// form without JavaScript (it lands in the moderation queue) and with it
// (the puzzle is solved, it lands in the inbox), follows the private link;
// the center answers it. Every public page passes axe at both widths and
// no request leaves 127.0.0.1 (checkPage).
func TestJourneyPublicSite(t *testing.T) {
	e := newEnv(t)
	e.setViewport(phoneW, phoneH)
	for _, p := range []struct{ path, name string }{
		{"/public/", "public-home"}, {"/public/programmes", "public-programmes"}, {"/public/topics", "public-topics"},
		{"/public/results", "public-results"}, {"/public/privacy", "public-privacy"}, {"/public/contact", "public-contact"},
	} {
		if st := e.open(p.path); st != 200 {
			t.Fatalf("%s: %d", p.path, st)
		}
		e.checkPage(p.name)
	}

	send := func(message string) {
		e.open("/public/contact")
		e.typeInto("#name", "藤枝 花子")
		e.typeInto("#email", "hanako@example.jp")
		e.typeInto("#message", message)
		// A person takes more than the minimum fill time.
		time.Sleep(3500 * time.Millisecond)
		e.click(`form[action="/public/contact"] button[type=submit]`)
		e.waitFor("the private link", `location.pathname.startsWith('/public/track/')`, 30*time.Second)
		if s := e.text(".state"); s != "受付" {
			t.Fatalf("%s: state %q, want 受付 (error %q)", message, s, e.text(".error"))
		}
	}

	// Without JavaScript: the form still works.
	scripts(e, false)
	send("JavaScript なしで送りました")
	scripts(e, true)
	e.checkPage("public-track")

	// With JavaScript: pow.js solves the puzzle before the form leaves.
	send("JavaScript ありで送りました")
	track := e.path()

	// A wrong address is refused next to the field, the values kept.
	e.open("/public/contact")
	e.typeInto("#email", "hanako@@example")
	e.typeInto("#message", "残る内容")
	time.Sleep(3500 * time.Millisecond)
	e.click(`form[action="/public/contact"] button[type=submit]`)
	if msg := e.text("#email-err"); !strings.Contains(msg, "メールアドレス") {
		t.Errorf("bad address: error %q", msg)
	}
	e.checkPage("public-contact-error")

	// The center answers.
	e.setViewport(deskW, deskH)
	e.adminReady()
	e.open("/public-inbox")
	if body := e.text("main"); !strings.Contains(body, "JavaScript ありで送りました") || strings.Contains(body, "JavaScript なしで送りました") {
		t.Errorf("inbox: %q", body)
	}
	e.open("/public-inbox?queue=true")
	if body := e.text("main"); !strings.Contains(body, "JavaScript なしで送りました") {
		t.Errorf("moderation queue: %q", body)
	}
	e.open("/public-inbox")
	e.click(`main table a`)
	e.checkPage("public-inbox-detail")
	e.typeInto("#reply", "ご質問ありがとうございます。")
	e.click(`form[action$="/reply"] button[type=submit]`)
	if f := e.text(".flash"); !strings.Contains(f, "返信") {
		t.Errorf("reply: flash %q", f)
	}
	e.open(track)
	if s := e.text(".state"); s != "対応終了" {
		t.Errorf("after the reply the sender sees %q, want 対応終了", s)
	}
}

// scripts turns the page's JavaScript on or off, as a browser setting does.
func scripts(e *env, on bool) {
	e.t.Helper()
	e.do(chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: !on})
		return err
	}))
}
