package bench

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// request is one HTTP request of a load.
type request struct {
	method, path string
	form         url.Values // POST body, form-encoded
	kind         string     // page, json, write
}

// client sends requests as the logged-in bench account over keep-alive
// connections. Redirects are not followed: a write's 303 is its answer.
type client struct {
	hc     *http.Client
	tr     *http.Transport
	base   string
	cookie string
}

func newClient(base, cookie string, conns int) *client {
	tr := &http.Transport{
		DialContext:         (&net.Dialer{Timeout: 5 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		MaxIdleConns:        conns * 2,
		MaxIdleConnsPerHost: conns,
		IdleConnTimeout:     90 * time.Second,
		DisableCompression:  true,
	}
	return &client{
		hc: &http.Client{Transport: tr, Timeout: 10 * time.Second,
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }},
		tr: tr, base: base, cookie: cookie,
	}
}

func (c *client) close() { c.tr.CloseIdleConnections() }

// do sends one request and reads the whole answer. A status other than
// 200 (or 303 for a form post) is an error.
func (c *client) do(ctx context.Context, rq request) (int64, error) {
	var body io.Reader
	if rq.form != nil {
		body = strings.NewReader(rq.form.Encode())
	}
	method := rq.method
	if method == "" {
		method = http.MethodGet
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+rq.path, body)
	if err != nil {
		return 0, err
	}
	if rq.form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if c.cookie != "" {
		req.Header.Set("Cookie", c.cookie)
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		return 0, err
	}
	n, err := io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if err != nil {
		return n, err
	}
	ok := resp.StatusCode == http.StatusOK || (method == http.MethodPost && resp.StatusCode == http.StatusSeeOther)
	if !ok {
		return n, fmt.Errorf("%s %s: status %d", method, rq.path, resp.StatusCode)
	}
	return n, nil
}

// loadResult is what a load run measured.
type loadResult struct {
	sent, errs, dropped int
	elapsed             time.Duration
	lat                 []time.Duration
	firstErr            string
}

func (l loadResult) rate() float64 {
	if l.elapsed <= 0 {
		return 0
	}
	return float64(l.sent-l.errs-l.dropped) / l.elapsed.Seconds()
}

// closedLoop runs workers that each send the next request as soon as the
// previous one is answered, for d (and at least once each, at most max
// requests in all).
func closedLoop(ctx context.Context, c *client, workers int, d time.Duration, limit int, next func(i int) request) loadResult {
	var seq atomic.Int64
	var errs atomic.Int64
	var firstErr atomic.Value
	lats := make([][]time.Duration, workers)
	start := time.Now()
	deadline := start.Add(d)
	// Requests still unanswered well after the end are cut off and not
	// counted, so one stuck page cannot stretch the run.
	outer := ctx
	ctx, cancel := context.WithDeadline(ctx, deadline.Add(max(d, time.Second)))
	defer cancel()
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			mine := make([]time.Duration, 0, 1024)
			for {
				i := int(seq.Add(1)) - 1
				if i >= limit || ctx.Err() != nil || (len(mine) > 0 && time.Now().After(deadline)) {
					break
				}
				t0 := time.Now()
				if _, err := c.do(ctx, next(i)); err != nil {
					if ctx.Err() != nil && outer.Err() == nil {
						break // cut off at the hard deadline
					}
					errs.Add(1)
					firstErr.CompareAndSwap(nil, err.Error())
				}
				mine = append(mine, time.Since(t0))
			}
			lats[w] = mine
		}()
	}
	wg.Wait()
	res := loadResult{elapsed: time.Since(start), errs: int(errs.Load())}
	for _, l := range lats {
		res.lat = append(res.lat, l...)
	}
	res.sent = len(res.lat)
	if v := firstErr.Load(); v != nil {
		res.firstErr = v.(string)
	}
	return res
}

// openLoop sends rate requests a second for d on a fixed schedule, whether
// or not the server keeps up (no coordinated omission): each request's
// latency is measured from the moment it was due, so a server that stalls
// is charged for the requests that queued behind the stall. At most
// maxInflight requests are outstanding; one due beyond that is dropped and
// counted as an error with the client's timeout as its latency.
func openLoop(ctx context.Context, c *client, rate int, d time.Duration, maxInflight int, next func(i int) request) loadResult {
	total := int(float64(rate) * d.Seconds())
	if total < 1 {
		total = 1
	}
	interval := time.Second / time.Duration(rate)
	lat := make([]time.Duration, total)
	var errs, dropped atomic.Int64
	var inflight atomic.Int64
	var firstErr atomic.Value
	var wg sync.WaitGroup
	start := time.Now()
	sent := 0
	for i := 0; i < total && ctx.Err() == nil; i++ {
		due := start.Add(time.Duration(i) * interval)
		if wait := time.Until(due); wait > 0 {
			time.Sleep(wait)
		}
		sent++
		if inflight.Load() >= int64(maxInflight) {
			dropped.Add(1)
			lat[i] = c.hc.Timeout
			continue
		}
		inflight.Add(1)
		wg.Add(1)
		rq := next(i)
		go func(i int, due time.Time) {
			defer wg.Done()
			defer inflight.Add(-1)
			if _, err := c.do(ctx, rq); err != nil {
				errs.Add(1)
				firstErr.CompareAndSwap(nil, err.Error())
			}
			lat[i] = time.Since(due)
		}(i, due)
	}
	wg.Wait()
	res := loadResult{sent: sent, errs: int(errs.Load()), dropped: int(dropped.Load()), elapsed: time.Since(start), lat: lat[:sent]}
	if v := firstErr.Load(); v != nil {
		res.firstErr = v.(string)
	}
	return res
}

// fetch gets one page and returns its body and headers.
func (c *client) fetch(ctx context.Context, path string) ([]byte, http.Header, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.base+path, nil)
	if err != nil {
		return nil, nil, err
	}
	req.Header.Set("Cookie", c.cookie)
	resp, err := c.hc.Do(req)
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, nil, fmt.Errorf("GET %s: status %d", path, resp.StatusCode)
	}
	return b, resp.Header, nil
}

// bareHandler writes the captured bytes with the captured headers: what a
// Go server can do with no work at all, the ceiling of the page.
func bareHandler(body []byte, h http.Header) http.Handler {
	hdr := h.Clone()
	hdr.Del("Date")
	hdr.Del("Content-Length")
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for k, v := range hdr {
			w.Header()[k] = v
		}
		w.WriteHeader(http.StatusOK)
		w.Write(body)
	})
}

var errNoRequests = errors.New("no request completed")
