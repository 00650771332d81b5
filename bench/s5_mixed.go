package bench

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/url"
	"time"
)

var surnames = []string{"鈴木", "佐藤", "望月", "渡辺", "杉山", "山本", "伊藤", "中村", "スズキ", "サトウ"}

// mix makes the requests of #5: 80% pages, 15% JSON, 5% writes (an
// eligibility exception saved through the form, one audited transaction).
// kinds[i] records what request i was.
type mix struct {
	e     *env
	rnd   *rand.Rand
	kinds []string
	codes []string
}

func (r *run) newMix(seed uint64) *mix {
	return &mix{e: r.env, rnd: rand.New(rand.NewPCG(seed, 7)),
		codes: []string{"NEW_HIRE", "YEAR2", "YEAR3", "SHUSA_CANDIDATE", "NEW_KAKARICHO", "SHUNIN_SHUSA_2", "NEW_KACHO", "KAIKEI_NENDO"}}
}

func (m *mix) next(i int) request {
	rq := m.pick()
	if i >= len(m.kinds) {
		m.kinds = append(m.kinds, make([]string, i+1-len(m.kinds))...)
	}
	m.kinds[i] = rq.kind
	return rq
}

func (m *mix) pick() request {
	num := m.e.numbers[m.rnd.IntN(len(m.e.numbers))]
	name := surnames[m.rnd.IntN(len(surnames))]
	x := m.rnd.IntN(100)
	switch {
	case x < 30:
		q := url.Values{"q": {name}, "type": {"正規"}}
		return request{path: "/staff?" + q.Encode(), kind: "page"}
	case x < 45:
		return request{path: fmt.Sprintf("/staff?page=%d", 1+m.rnd.IntN(20)), kind: "page"}
	case x < 60:
		return request{path: "/staff/" + num, kind: "page"}
	case x < 70:
		return request{path: "/", kind: "page"}
	case x < 80:
		return request{path: "/programs", kind: "page"}
	case x < 90:
		q := url.Values{"q": {name}, "limit": {"50"}}
		return request{path: "/api/v1/staff?" + q.Encode(), kind: "json"}
	case x < 95:
		return request{path: "/api/v1/staff/" + num, kind: "json"}
	default:
		code := m.codes[m.rnd.IntN(len(m.codes))]
		return request{method: "POST", path: "/programs/" + code + "/eligible/exceptions", kind: "write",
			form: url.Values{"number": {num}, "kind": {"include"}, "reason": {"ベンチマーク: 人事課の依頼による追加"}}}
	}
}

// mixedAt runs the open-loop mix at one rate.
func (r *run) mixedAt(ctx context.Context, base string, rate int, d time.Duration, seed uint64) (loadResult, *mix) {
	m := r.newMix(seed)
	c := newClient(base, r.env.cookie(), 512)
	if r.opt.Quick {
		c.hc.Timeout = 2 * time.Second // keeps CI short when the server drowns
	}
	defer c.close()
	return openLoop(ctx, c, rate, d, 2000, m.next), m
}

// mixed is #5: the fixed rate, then the knee.
func (r *run) mixed(ctx context.Context) error {
	e := r.env
	d := r.dur(5*time.Second, 60*time.Second)
	// A short warm-up opens the connections and fills the caches (#1 has
	// done that in quick mode).
	if !r.opt.Quick {
		r.mixedAt(ctx, e.base, r.opt.Rate/2, 2*time.Second, 99)
	}
	var res loadResult
	var m *mix
	r.profile("s5-mixed", func() { res, m = r.mixedAt(ctx, e.base, r.opt.Rate, d, 1) })
	if res.sent == 0 {
		return errNoRequests
	}
	s := summarize(res.lat)
	label := fmt.Sprintf("%d req/s for %.0f s (80%% pages, 15%% JSON, 5%% writes)", r.opt.Rate, d.Seconds())
	bad := res.errs + res.dropped
	note := fmt.Sprintf("%d requests, achieved %.0f req/s, max %.0f ms", res.sent, float64(res.sent)/res.elapsed.Seconds(), ms(s.max))
	r.add(Figure{Scenario: 5, Metric: label + ": p50", Unit: "ms", Value: ms(s.p50), Median: f64(ms(s.p50)), P99: f64(ms(s.p99)), Count: s.n,
		Target: "≤ 10 ms", Met: boolp(ms(s.p50) <= 10), Note: note})
	r.add(Figure{Scenario: 5, Metric: label + ": p99", Unit: "ms", Value: ms(s.p99), Target: "≤ 50 ms", Met: boolp(ms(s.p99) <= 50)})
	errNote := fmt.Sprintf("%d failed, %d dropped (over 2,000 in flight)", res.errs, res.dropped)
	if res.firstErr != "" {
		errNote += "; first: " + res.firstErr
	}
	r.add(Figure{Scenario: 5, Metric: label + ": errors", Unit: "requests", Value: float64(bad), Target: "0", Met: boolp(bad == 0), Note: errNote})
	for _, kind := range []string{"page", "json", "write"} {
		var lat []time.Duration
		for i, k := range m.kinds {
			if k == kind && i < len(res.lat) {
				lat = append(lat, res.lat[i])
			}
		}
		ks := summarize(lat)
		r.add(Figure{Scenario: 5, Metric: "  of which " + kind + " requests", Unit: "ms p50", Value: ms(ks.p50), Median: f64(ms(ks.p50)), P99: f64(ms(ks.p99)), Count: ks.n})
	}
	r.logf("  %d req/s: p50 %.1f ms p99 %.1f ms, %d errors", r.opt.Rate, ms(s.p50), ms(s.p99), bad)

	// The knee: step the rate up until p99 passes 50 ms or a request fails.
	steps := []int{100, 200, 300, 500, 700, 1000, 1400, 2000, 2800}
	step := 5 * time.Second
	if r.opt.Quick {
		steps, step = []int{250, 500, 1000, 2000}, time.Second
	}
	knee, trail := 0, ""
	for i, rate := range steps {
		x, _ := r.mixedAt(ctx, e.base, rate, step, uint64(100+i))
		xs := summarize(x.lat)
		trail += fmt.Sprintf("%d→p99 %.0f ms; ", rate, ms(xs.p99))
		if ms(xs.p99) > 50 || x.errs+x.dropped > 0 {
			break
		}
		knee = rate
	}
	r.add(Figure{Scenario: 5, Metric: fmt.Sprintf("knee: highest rate holding p99 ≤ 50 ms (%.0f s steps)", step.Seconds()), Unit: "req/s",
		Value: float64(knee), Note: trail})
	r.logf("  knee %d req/s (%s)", knee, trail)
	return nil
}
