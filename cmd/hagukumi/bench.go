package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"hagukumi/bench"
)

// benchCmd runs the benchmark suite of issue 5 on a database of its own and
// prints the table; see BENCHMARKS.md.
func benchCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var opt bench.Options
	// Not HAGUKUMI_DB: the bench writes, so it never defaults to the real database.
	fs.StringVar(&opt.DB, "db", "", "SQLite file or postgres:// URL of a local server (default: a temporary SQLite file; on PostgreSQL a fresh schema)")
	fs.BoolVar(&opt.Quick, "quick", false, "small N and second-long runs, for CI")
	fs.IntVar(&opt.Staff, "staff", 0, "staff in the test city (default 100,000; quick 2,000)")
	fs.StringVar(&opt.Out, "out", "", "JSON file for every figure (default: bench-<engine>.json in the temporary folder)")
	scen := fs.String("scenarios", "", "comma-separated scenario numbers 1–7 (default all)")
	fs.BoolVar(&opt.Keep, "keep", false, "keep the database or schema after the run")
	fs.IntVar(&opt.Rate, "rate", 500, "fixed rate of #5 and #6, requests/s")
	fs.DurationVar(&opt.Duration, "duration", 0, "override every measured run's length (e.g. 3s)")
	fs.StringVar(&opt.PprofDir, "pprof", "", "write a CPU profile of each scenario's measured part into this folder")
	md := fs.Bool("markdown", false, "also print the table as Markdown")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *scen != "" {
		for _, s := range strings.Split(*scen, ",") {
			n, err := strconv.Atoi(strings.TrimSpace(s))
			if err != nil || n < 1 || n > 7 {
				return fmt.Errorf("--scenarios: %q is not a scenario number 1–7", s)
			}
			opt.Scenarios = append(opt.Scenarios, n)
		}
	}
	if opt.Out == "" {
		engine := "sqlite"
		if strings.HasPrefix(opt.DB, "postgres") {
			engine = "postgres"
		}
		opt.Out = filepath.Join(os.TempDir(), "bench-"+engine+".json")
	}
	if exe, err := os.Executable(); err == nil {
		opt.ServerCmd = bench.ServeCommand(exe)
	}
	opt.Log = stderr
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	t0 := time.Now()
	rep, err := bench.Run(ctx, opt)
	if rep != nil && len(rep.Figures) > 0 {
		bench.PrintTable(stdout, rep)
		if *md {
			fmt.Fprintln(stdout)
			bench.Markdown(stdout, rep)
		}
		fmt.Fprintf(stdout, "every figure: %s (%.0f s)\n", opt.Out, time.Since(t0).Seconds())
	}
	if err != nil {
		return err
	}
	if len(rep.Errors) > 0 {
		return fmt.Errorf("%d scenario(s) failed", len(rep.Errors))
	}
	return nil
}
