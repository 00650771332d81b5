// Package bench measures Hagukumi against the limits of the machine it runs
// on (issue 5). Every scenario runs beside its baseline in the same process
// run — the real staff list page beside a bare handler writing the same
// bytes, an enrolment beside a raw one-row transaction with the same
// durability, a roster beside one full scan of the staff table — so the
// figures are ratios that mean the same on a laptop and on a server.
//
// The load goes only to 127.0.0.1, and every loop is bounded both in time
// and in count. Nothing here asserts a speed: the command prints the table
// and writes the JSON; the test only checks that every figure was produced.
package bench

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"sort"
	"strings"
	"text/tabwriter"
	"time"
)

// Options steer one run.
type Options struct {
	DB        string // SQLite path or postgres:// URL; "" = a temporary SQLite file
	Quick     bool   // small N and second-long runs (CI)
	Staff     int    // N; 0 = 100,000 (quick: 2,000)
	Out       string // JSON file; "" = none
	Scenarios []int  // nil = all
	Keep      bool   // keep the database (file or schema) after the run
	Rate      int    // #5's fixed rate; 0 = 500 req/s
	Duration  time.Duration
	PprofDir  string // write a CPU profile of each scenario's measured part here
	Log       io.Writer
	// ServerCmd starts `hagukumi serve --db dsn --addr 127.0.0.1:0` as a
	// child process for #6, so its RSS is the server's alone. Without it
	// #6 runs the server in-process and reads this process's RSS.
	ServerCmd func(ctx context.Context, dsn string) *exec.Cmd
}

// Figure is one measured value with its baseline and target.
type Figure struct {
	Scenario int      `json:"scenario"`
	Metric   string   `json:"metric"`
	Unit     string   `json:"unit"`
	Value    float64  `json:"value"`
	Median   *float64 `json:"median,omitempty"` // of the per-operation latencies, ms
	P99      *float64 `json:"p99,omitempty"`
	Count    int      `json:"count,omitempty"` // operations measured
	Baseline *float64 `json:"baseline,omitempty"`
	Ratio    *float64 `json:"ratio,omitempty"` // value / baseline
	Target   string   `json:"target,omitempty"`
	Met      *bool    `json:"met,omitempty"`
	Note     string   `json:"note,omitempty"`
}

// Report is the whole run, as written to the JSON file.
type Report struct {
	Engine     string    `json:"engine"`
	Staff      int       `json:"staff"`
	Quick      bool      `json:"quick"`
	Started    time.Time `json:"started"`
	Seconds    float64   `json:"seconds"`
	Machine    Machine   `json:"machine"`
	LoadBefore string    `json:"loadavg_before"`
	LoadAfter  string    `json:"loadavg_after"`
	Figures    []Figure  `json:"figures"`
	Skipped    []string  `json:"skipped"`
	Errors     []string  `json:"errors"`
}

// Machine describes where the run happened.
type Machine struct {
	CPUs     int    `json:"cpus"`
	Model    string `json:"model"`
	MemoryMB int    `json:"memory_mb"`
	Go       string `json:"go"`
	OS       string `json:"os"`
}

// Titles names the scenarios.
var Titles = map[int]string{
	1: "staff list page under load",
	2: "enrol one staff member",
	3: "eligibility roster",
	4: "staff import",
	5: "open-loop mixed load",
	6: "1,000 idle keep-alive connections + #5",
	7: "#2 on PostgreSQL vs pgbench",
}

func f64(v float64) *float64 { return &v }
func boolp(v bool) *bool     { return &v }

// ms converts a duration to milliseconds.
func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// run is the state shared by the scenarios of one run.
type run struct {
	opt Options
	rep *Report
	env *env
	log io.Writer

	enrolTPS, enrolTPS4 float64 // #2's figures, for #7
}

func (r *run) add(f Figure) {
	if f.Baseline != nil && *f.Baseline != 0 && f.Ratio == nil {
		f.Ratio = f64(f.Value / *f.Baseline)
	}
	r.rep.Figures = append(r.rep.Figures, f)
}

func (r *run) logf(format string, args ...any) {
	fmt.Fprintf(r.log, "[%s] "+format+"\n", append([]any{time.Now().Format("15:04:05")}, args...)...)
}

func (r *run) want(n int) bool {
	if len(r.opt.Scenarios) == 0 {
		return true
	}
	for _, x := range r.opt.Scenarios {
		if x == n {
			return true
		}
	}
	return false
}

// dur picks the quick or the full length of a measured run, or the
// --duration override.
func (r *run) dur(quick, full time.Duration) time.Duration {
	if r.opt.Duration > 0 {
		return r.opt.Duration
	}
	if r.opt.Quick {
		return quick
	}
	return full
}

// profile writes a CPU profile of fn to PprofDir/name.pprof when asked.
func (r *run) profile(name string, fn func()) {
	if r.opt.PprofDir == "" || name == "" {
		fn()
		return
	}
	os.MkdirAll(r.opt.PprofDir, 0o755)
	path := filepath.Join(r.opt.PprofDir, r.rep.Engine+"-"+name+".pprof")
	f, err := os.Create(path)
	if err == nil && pprof.StartCPUProfile(f) == nil {
		defer func() {
			pprof.StopCPUProfile()
			f.Close()
			r.logf("profile %s", path)
		}()
	}
	fn()
}

// Run sets up the database, runs the scenarios and returns the report.
// A scenario that fails is recorded in Errors and the others still run.
func Run(ctx context.Context, opt Options) (*Report, error) {
	if opt.Log == nil {
		opt.Log = io.Discard
	}
	if opt.Staff <= 0 {
		opt.Staff = 100_000
		if opt.Quick {
			opt.Staff = 2_000
		}
	}
	if opt.Rate <= 0 {
		opt.Rate = 500
	}
	start := time.Now()
	rep := &Report{Staff: opt.Staff, Quick: opt.Quick, Started: start.UTC(), Machine: machine(), LoadBefore: loadavg(),
		Figures: []Figure{}, Skipped: []string{}, Errors: []string{}}
	r := &run{opt: opt, rep: rep, log: opt.Log}
	e, err := setup(ctx, r)
	if err != nil {
		return rep, err
	}
	defer e.close()
	r.env = e
	rep.Engine = string(e.d.Engine)
	scenarios := []struct {
		n  int
		fn func(context.Context) error
	}{
		// #4 runs last: it adds 2.2·N staff in other municipalities, which
		// would change the tables the other scenarios read.
		{1, r.listPage}, {2, r.enrol}, {3, r.roster}, {5, r.mixed}, {6, r.idleConns}, {7, r.pgbench}, {4, r.importStaff},
	}
	for _, s := range scenarios {
		if !r.want(s.n) {
			continue
		}
		if ctx.Err() != nil {
			break
		}
		r.logf("#%d %s", s.n, Titles[s.n])
		t0 := time.Now()
		if err := s.fn(ctx); err != nil {
			msg := fmt.Sprintf("#%d %s: %v", s.n, Titles[s.n], err)
			rep.Errors = append(rep.Errors, msg)
			r.logf("error: %s", msg)
		}
		r.logf("#%d done in %.1f s", s.n, time.Since(t0).Seconds())
	}
	sort.SliceStable(rep.Figures, func(i, j int) bool { return rep.Figures[i].Scenario < rep.Figures[j].Scenario })
	rep.Seconds = time.Since(start).Seconds()
	rep.LoadAfter = loadavg()
	if opt.Out != "" {
		if err := WriteJSON(opt.Out, rep); err != nil {
			return rep, err
		}
	}
	return rep, nil
}

// WriteJSON writes the report, indented.
func WriteJSON(path string, rep *Report) error {
	b, err := json.MarshalIndent(rep, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(b, '\n'), 0o644)
}

// fmtNum prints a figure with a sensible number of digits.
func fmtNum(v float64) string {
	switch a := math.Abs(v); {
	case v == 0:
		return "0"
	case a >= 1000:
		return fmt.Sprintf("%.0f", v)
	case a >= 100:
		return fmt.Sprintf("%.1f", v)
	case a >= 1:
		return fmt.Sprintf("%.2f", v)
	default:
		return fmt.Sprintf("%.3f", v)
	}
}

// PrintTable writes the report as an aligned table.
func PrintTable(w io.Writer, rep *Report) {
	fmt.Fprintf(w, "Hagukumi bench — %s, N=%d staff, quick=%v, %d CPU (%s), %.0f s, load %s → %s\n",
		rep.Engine, rep.Staff, rep.Quick, rep.Machine.CPUs, rep.Machine.Model, rep.Seconds, rep.LoadBefore, rep.LoadAfter)
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "#\tmetric\tvalue\tp50 ms\tp99 ms\tbaseline\tratio\ttarget\tmet?")
	for _, f := range rep.Figures {
		val := fmtNum(f.Value) + " " + f.Unit
		opt := func(p *float64) string {
			if p == nil {
				return "—"
			}
			return fmtNum(*p)
		}
		met := "—"
		if f.Met != nil {
			met = map[bool]string{true: "yes", false: "NO"}[*f.Met]
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", f.Scenario, f.Metric, val, opt(f.Median), opt(f.P99), opt(f.Baseline), opt(f.Ratio), f.Target, met)
	}
	tw.Flush()
	for _, s := range rep.Skipped {
		fmt.Fprintln(w, "skipped:", s)
	}
	for _, e := range rep.Errors {
		fmt.Fprintln(w, "ERROR:", e)
	}
}

// Markdown writes the report as a Markdown table, for BENCHMARKS.md.
func Markdown(w io.Writer, rep *Report) {
	fmt.Fprintln(w, "| # | metric | value | p50 ms | p99 ms | baseline | ratio | target | met? |")
	fmt.Fprintln(w, "|---|---|---|---|---|---|---|---|---|")
	for _, f := range rep.Figures {
		opt := func(p *float64) string {
			if p == nil {
				return "—"
			}
			return fmtNum(*p)
		}
		met := "—"
		if f.Met != nil {
			met = map[bool]string{true: "yes", false: "**no**"}[*f.Met]
		}
		fmt.Fprintf(w, "| %d | %s | %s %s | %s | %s | %s | %s | %s | %s |\n", f.Scenario, f.Metric, fmtNum(f.Value), f.Unit,
			opt(f.Median), opt(f.P99), opt(f.Baseline), opt(f.Ratio), strings.ReplaceAll(f.Target, "|", "\\|"), met)
	}
}

func machine() Machine {
	m := Machine{CPUs: runtime.NumCPU(), Go: runtime.Version(), OS: runtime.GOOS + "/" + runtime.GOARCH}
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
				m.Model = strings.TrimSpace(v)
				break
			}
		}
	}
	if b, err := os.ReadFile("/proc/meminfo"); err == nil {
		var kb int
		for _, line := range strings.Split(string(b), "\n") {
			if strings.HasPrefix(line, "MemTotal:") {
				fmt.Sscan(strings.TrimPrefix(line, "MemTotal:"), &kb)
			}
		}
		m.MemoryMB = kb / 1024
	}
	return m
}

func loadavg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return ""
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return ""
	}
	return strings.Join(f[:3], " ")
}

// stats summarises latencies.
type stats struct {
	n        int
	p50, p99 time.Duration
	max      time.Duration
}

func summarize(lat []time.Duration) stats {
	if len(lat) == 0 {
		return stats{}
	}
	s := append([]time.Duration(nil), lat...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return stats{n: len(s), p50: pct(s, 0.50), p99: pct(s, 0.99), max: s[len(s)-1]}
}

// pct is the nearest-rank percentile of sorted values.
func pct(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(math.Ceil(p*float64(len(sorted)))) - 1
	if i < 0 {
		i = 0
	}
	if i >= len(sorted) {
		i = len(sorted) - 1
	}
	return sorted[i]
}

func median(ds []time.Duration) time.Duration { return summarize(ds).p50 }
