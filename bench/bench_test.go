package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// TestQuick runs the whole suite in quick mode — on SQLite, and on
// PostgreSQL when HAGUKUMI_TEST_POSTGRES is set — and checks that it ran
// and produced every figure. It asserts no speed: the figures of a shared
// CI machine say nothing. It runs in CI (CI=true) or with HAGUKUMI_BENCH=1.
func TestQuick(t *testing.T) {
	if os.Getenv("CI") != "true" && os.Getenv("HAGUKUMI_BENCH") == "" {
		t.Skip("runs in CI (CI=true) or with HAGUKUMI_BENCH=1; the figures come from `hagukumi bench`")
	}
	engines := []string{""}
	if u := os.Getenv("HAGUKUMI_TEST_POSTGRES"); u != "" {
		engines = append(engines, u)
	}
	for _, dsn := range engines {
		name := "sqlite"
		if dsn != "" {
			name = "postgres"
		}
		t.Run(name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "bench.json")
			var log bytes.Buffer
			rep, err := Run(context.Background(), Options{DB: dsn, Quick: true, Staff: 1000, Out: out, Duration: 500 * time.Millisecond, Log: &log})
			if err != nil {
				t.Fatalf("%v\n%s", err, log.String())
			}
			if len(rep.Errors) > 0 {
				t.Fatalf("scenarios failed: %v\n%s", rep.Errors, log.String())
			}
			var table bytes.Buffer
			PrintTable(&table, rep)
			t.Logf("\n%s\n%s", log.String(), table.String())
			checkReport(t, rep, out)
		})
	}
}

// checkReport checks that every scenario left its figures, that they are
// numbers, and that the JSON file holds them.
func checkReport(t *testing.T, rep *Report, out string) {
	t.Helper()
	want := map[int]int{1: 2, 2: 3, 3: 4, 4: 5, 5: 7, 6: 3}
	if rep.Engine == "postgres" {
		want[7] = 2
	}
	got := map[int]int{}
	for _, f := range rep.Figures {
		got[f.Scenario]++
		for _, v := range []*float64{&f.Value, f.Median, f.P99, f.Baseline, f.Ratio} {
			if v != nil && (math.IsNaN(*v) || math.IsInf(*v, 0)) {
				t.Errorf("#%d %s: not a number", f.Scenario, f.Metric)
			}
		}
		if f.Target != "" && f.Met == nil {
			t.Errorf("#%d %s: a target without met", f.Scenario, f.Metric)
		}
	}
	for s, n := range want {
		if got[s] < n {
			skipped := strings.Join(rep.Skipped, "; ")
			if s == 7 && strings.Contains(skipped, "pgbench is not on PATH") {
				continue
			}
			t.Errorf("#%d: %d figures, want at least %d (skipped: %s)", s, got[s], n, skipped)
		}
	}
	for _, f := range rep.Figures {
		// Correctness, not speed: the seats must never be oversold.
		if f.Scenario == 2 && strings.Contains(f.Metric, "race") && (f.Met == nil || !*f.Met) {
			t.Errorf("race for 30 seats: %v (%s)", f.Value, f.Note)
		}
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var back Report
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if len(back.Figures) != len(rep.Figures) {
		t.Errorf("JSON holds %d figures, the run %d", len(back.Figures), len(rep.Figures))
	}
}

func TestPercentiles(t *testing.T) {
	var ds []time.Duration
	for i := 100; i >= 1; i-- {
		ds = append(ds, time.Duration(i)*time.Millisecond)
	}
	s := summarize(ds)
	if s.n != 100 || s.p50 != 50*time.Millisecond || s.p99 != 99*time.Millisecond || s.max != 100*time.Millisecond {
		t.Fatalf("%+v", s)
	}
	if summarize(nil).n != 0 || pct(nil, 0.5) != 0 {
		t.Fatal("empty")
	}
	if s := summarize([]time.Duration{7}); s.p50 != 7 || s.p99 != 7 {
		t.Fatalf("one value: %+v", s)
	}
}

// TestLoops checks the load generators count what they send and stop by
// themselves, on a local test server.
func TestLoops(t *testing.T) {
	var hits atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		if r.URL.Path == "/bad" {
			http.Error(w, "no", http.StatusInternalServerError)
			return
		}
		w.Write([]byte("ok"))
	}))
	defer srv.Close()
	c := newClient(srv.URL, "", 4)
	defer c.close()
	ctx := context.Background()

	res := closedLoop(ctx, c, 4, time.Hour, 100, func(int) request { return request{path: "/"} })
	if res.sent != 100 || res.errs != 0 || len(res.lat) != 100 {
		t.Fatalf("closed loop bounded by count: %+v", res)
	}
	res = openLoop(ctx, c, 200, 250*time.Millisecond, 100, func(i int) request {
		if i%10 == 0 {
			return request{path: "/bad"}
		}
		return request{path: "/"}
	})
	if res.sent != 50 || res.errs != 5 || len(res.lat) != 50 {
		t.Fatalf("open loop: sent %d, errors %d, latencies %d", res.sent, res.errs, len(res.lat))
	}
	if got := hits.Load(); got != 150 {
		t.Fatalf("server saw %d requests, want 150", got)
	}
}

func TestTable(t *testing.T) {
	rep := &Report{Engine: "sqlite", Staff: 10}
	r := &run{rep: rep}
	r.add(Figure{Scenario: 1, Metric: "x", Unit: "req/s", Value: 30, Baseline: f64(100), Target: "≥ 0.30×", Met: boolp(true)})
	if rep.Figures[0].Ratio == nil || *rep.Figures[0].Ratio != 0.3 {
		t.Fatalf("ratio %v", rep.Figures[0].Ratio)
	}
	var b bytes.Buffer
	PrintTable(&b, rep)
	Markdown(&b, rep)
	for _, want := range []string{"req/s", "0.300", "yes", "| 1 | x |"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("table lacks %q:\n%s", want, b.String())
		}
	}
}
