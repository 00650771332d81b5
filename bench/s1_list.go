package bench

import (
	"context"
	"fmt"
	"net/url"
	"time"
)

// listPath is the staff list with a search and a filter: 正規 staff whose
// name, kana or number contains 鈴木 — a 50-row page among thousands of hits.
func listPath(api bool) string {
	q := url.Values{"q": {"鈴木"}, "type": {"正規"}}
	if api {
		q.Set("limit", "50")
		return "/api/v1/staff?" + q.Encode()
	}
	return "/staff?" + q.Encode()
}

// listPage is #1: the real handler under a closed-loop load beside a bare
// handler writing the same bytes, first the HTML page, then the JSON API.
func (r *run) listPage(ctx context.Context) error {
	e := r.env
	workers := 16
	if r.opt.Quick {
		workers = 8
	}
	d := r.dur(time.Second, 8*time.Second)
	rounds := 2
	if r.opt.Quick {
		rounds = 1
	}
	for _, c := range []struct {
		name   string
		api    bool
		target float64
	}{{"HTML page /staff?q=鈴木&type=正規", false, 0.30}, {"JSON /api/v1/staff?q=鈴木&type=正規&limit=50", true, 0.40}} {
		path := listPath(c.api)
		real := newClient(e.base, e.cookie(), workers)
		real.hc.Timeout = time.Minute // closed loop: a slow page is slow, not an error
		body, hdr, err := real.fetch(ctx, path)
		if err != nil {
			return err
		}
		baseURL, stop, err := listen(bareHandler(body, hdr))
		if err != nil {
			return err
		}
		bare := newClient(baseURL, e.cookie(), workers)
		next := func(int) request { return request{path: path} }
		// Warm both up (connections, caches), then alternate rounds so a
		// change in the machine's load falls on both alike.
		closedLoop(ctx, real, workers, d/5, 2*workers, next)
		closedLoop(ctx, bare, workers, d/5, 1<<20, next)
		var rr, br loadResult
		for i := range rounds {
			b := closedLoop(ctx, bare, workers, d, 5_000_000, next)
			var x loadResult
			name := "s1-html"
			if c.api {
				name = "s1-json"
			}
			if i == 0 {
				r.profile(name, func() { x = closedLoop(ctx, real, workers, d, 5_000_000, next) })
			} else {
				x = closedLoop(ctx, real, workers, d, 5_000_000, next)
			}
			rr = merge(rr, x)
			br = merge(br, b)
		}
		stop()
		bare.close()
		real.close()
		s, bs := summarize(rr.lat), summarize(br.lat)
		ratio := rr.rate() / br.rate()
		note := fmt.Sprintf("bare handler p50 %.2f ms p99 %.2f ms", ms(bs.p50), ms(bs.p99))
		if rr.errs+br.errs > 0 {
			note += fmt.Sprintf("; %d errors, first: %s%s", rr.errs+br.errs, rr.firstErr, br.firstErr)
		}
		r.add(Figure{Scenario: 1, Metric: c.name + fmt.Sprintf(" throughput, %d workers, %d B", workers, len(body)), Unit: "req/s",
			Value: rr.rate(), Median: f64(ms(s.p50)), P99: f64(ms(s.p99)), Count: s.n, Baseline: f64(br.rate()), Ratio: f64(ratio),
			Target: fmt.Sprintf("≥ %.2f× bare handler", c.target), Met: boolp(ratio >= c.target && rr.errs == 0),
			Note: note})
		r.logf("  %s: %.0f req/s vs bare %.0f req/s (%.3f)", c.name, rr.rate(), br.rate(), ratio)
	}
	return nil
}

func merge(a, b loadResult) loadResult {
	a.sent += b.sent
	a.errs += b.errs
	a.dropped += b.dropped
	a.elapsed += b.elapsed
	a.lat = append(a.lat, b.lat...)
	if a.firstErr == "" {
		a.firstErr = b.firstErr
	}
	return a
}
