package web_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"hagukumi/apperr"
	"hagukumi/web"
	"hagukumi/web/webtest"
)

// TestShedLoad: with one request in flight (MaxInFlight 1) a second one
// waits QueueWait for the slot and is then refused with 503, Retry-After
// and the Japanese busy message; once the first is done, requests are
// served again. The first request holds its slot by sending its form body
// slowly, as a client on a bad line does.
func TestShedLoad(t *testing.T) {
	oldMax, oldWait := web.MaxInFlight, web.QueueWait
	web.MaxInFlight, web.QueueWait = 1, 30*time.Millisecond
	defer func() { web.MaxInFlight, web.QueueWait = oldMax, oldWait }()
	webtest.ForEach(t, func(t *testing.T, f *webtest.Fixture) {
		body, send := io.Pipe()
		slow := httptest.NewRequest(http.MethodPost, "/login", body)
		slow.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		done := make(chan struct{})
		go func() {
			defer close(done)
			f.H.ServeHTTP(httptest.NewRecorder(), slow)
		}()

		// The slow request takes the slot as soon as it starts; until then
		// a request may still be served, so ask until one is refused.
		var w *httptest.ResponseRecorder
		deadline := time.Now().Add(5 * time.Second)
		for {
			w = f.Get("/login", webtest.Cred{})
			if w.Code == http.StatusServiceUnavailable || time.Now().After(deadline) {
				break
			}
			time.Sleep(5 * time.Millisecond)
		}
		if w.Code != http.StatusServiceUnavailable {
			t.Fatalf("with the only slot taken: status %d, want 503", w.Code)
		}
		if got := w.Header().Get("Retry-After"); got == "" {
			t.Error("503 without Retry-After")
		}
		if !strings.Contains(w.Body.String(), apperr.MsgBusy) {
			t.Errorf("503 without the message %q: %.300s", apperr.MsgBusy, w.Body.String())
		}

		send.Write([]byte("login=nobody&password=x"))
		send.Close()
		<-done
		if w := f.Get("/login", webtest.Cred{}); w.Code != http.StatusOK {
			t.Errorf("after the slow request ended: status %d, want 200", w.Code)
		}
	})
}
