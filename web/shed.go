package web

import (
	"net/http"
	"strings"
	"time"

	"hagukumi/apperr"
)

// MaxInFlight requests run at once; more wait up to QueueWait for a slot
// and are then refused with 503 and Retry-After. A city's first morning of
// an application window would otherwise let every request grow slower
// until all of them time out at the client.
var (
	MaxInFlight = 64
	QueueWait   = 2 * time.Second
)

type shedder struct {
	slots chan struct{}
	wait  time.Duration
}

func newShedder(n int, wait time.Duration) *shedder {
	return &shedder{slots: make(chan struct{}, n), wait: wait}
}

// shedLoad admits a request when a slot frees within the wait and answers
// 503 otherwise. Static files and the health check are never shed.
func (s *Server) shedLoad(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/static/") || r.URL.Path == "/healthz" {
			h.ServeHTTP(w, r)
			return
		}
		select {
		case s.shed.slots <- struct{}{}:
		default:
			t := time.NewTimer(s.shed.wait)
			select {
			case s.shed.slots <- struct{}{}:
				t.Stop()
			case <-t.C:
				w.Header().Set("Retry-After", "5")
				s.Fail(w, r, apperr.New(apperr.Unavailable, apperr.MsgBusy))
				return
			case <-r.Context().Done():
				t.Stop()
				return
			}
		}
		defer func() { <-s.shed.slots }()
		h.ServeHTTP(w, r)
	})
}
