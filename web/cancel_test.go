package web_test

import (
	"bytes"
	"context"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"

	"hagukumi/app"
	"hagukumi/auth"
	"hagukumi/web"
	"hagukumi/web/webtest"
)

// TestCanceledRequestIsLoggedOnceAtDebug: a client that gives up (a
// browser's stop button, a load balancer's timeout) is not a server error;
// under overload thousands of them must not flood the log at ERROR.
func TestCanceledRequestIsLoggedOnceAtDebug(t *testing.T) {
	t.Parallel()
	webtest.ForEach(t, func(t *testing.T, f *webtest.Fixture) {
		var logs bytes.Buffer
		srv, err := app.New(f.D, web.Config{}, slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug})))
		if err != nil {
			t.Fatal(err)
		}
		for _, path := range []string{"/api/v1/me", "/staff", "/my/trainings"} {
			logs.Reset()
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			r := httptest.NewRequest("GET", path, nil).WithContext(ctx)
			c := f.Cookie(t, webtest.LoginOf(auth.CenterAdmin))
			if strings.HasPrefix(path, "/api/") {
				c = f.Bearer(t, webtest.LoginOf(auth.CenterAdmin))
			}
			c.Apply(r)
			srv.Handler().ServeHTTP(httptest.NewRecorder(), r)
			out := logs.String()
			if n := strings.Count(out, "request canceled by the client"); n != 1 {
				t.Errorf("%s: the cancellation is logged %d times, want once:\n%s", path, n, out)
			}
			if strings.Contains(out, "level=ERROR") || strings.Contains(out, "level=WARN") {
				t.Errorf("%s: a canceled request is logged above DEBUG:\n%s", path, out)
			}
			if !strings.Contains(out, "level=DEBUG") {
				t.Errorf("%s: nothing at DEBUG:\n%s", path, out)
			}
		}
	})
}
