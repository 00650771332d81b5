package bench

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"time"

	"hagukumi/db"
)

var tpsRe = regexp.MustCompile(`tps = ([0-9.]+) \(without initial connection time\)`)

// pgbenchDB is the database pgbench initialises its tables in, apart from
// the application's.
const pgbenchDB = "hg_pgbench"

// pgEnv gives pgbench the server of the bench URL through libpq's variables.
func pgEnv(dsn, dbname string) ([]string, error) {
	u, err := url.Parse(dsn)
	if err != nil {
		return nil, err
	}
	env := append(os.Environ(), "PGHOST="+u.Hostname(), "PGDATABASE="+dbname)
	if p := u.Port(); p != "" {
		env = append(env, "PGPORT="+p)
	}
	if u.User != nil {
		env = append(env, "PGUSER="+u.User.Username())
		if pw, ok := u.User.Password(); ok {
			env = append(env, "PGPASSWORD="+pw)
		}
	}
	if m := u.Query().Get("sslmode"); m != "" {
		env = append(env, "PGSSLMODE="+m)
	}
	return env, nil
}

// pgbenchRun runs `pgbench -b simple-update` and returns its tps.
func pgbenchRun(ctx context.Context, env []string, clients int, d time.Duration) (float64, string, error) {
	secs := max(int(d.Seconds()), 1)
	cmd := exec.CommandContext(ctx, "pgbench", "-n", "-b", "simple-update", "-c", strconv.Itoa(clients), "-j", strconv.Itoa(min(clients, 2)), "-T", strconv.Itoa(secs))
	cmd.Env = env
	out, err := cmd.CombinedOutput()
	if err != nil {
		return 0, string(out), fmt.Errorf("pgbench: %v: %s", err, out)
	}
	m := tpsRe.FindSubmatch(out)
	if m == nil {
		return 0, string(out), fmt.Errorf("pgbench: no tps in its output: %s", out)
	}
	tps, err := strconv.ParseFloat(string(m[1]), 64)
	return tps, string(out), err
}

// pgbench is #7: the enrolment loop of #2 against pgbench's simple-update
// (BEGIN; UPDATE; SELECT; INSERT; END) on the same server, same run.
func (r *run) pgbench(ctx context.Context) error {
	e := r.env
	if e.d.Engine != db.Postgres {
		r.rep.Skipped = append(r.rep.Skipped, "#7 needs PostgreSQL: run with --db postgres://…")
		return nil
	}
	if _, err := exec.LookPath("pgbench"); err != nil {
		r.rep.Skipped = append(r.rep.Skipped, "#7: pgbench is not on PATH (apt-get install postgresql-client)")
		return nil
	}
	admin, err := sql.Open("pgx", e.dsn)
	if err != nil {
		return err
	}
	defer admin.Close()
	var sync, fsync string
	admin.QueryRowContext(ctx, "SHOW synchronous_commit").Scan(&sync)
	admin.QueryRowContext(ctx, "SHOW fsync").Scan(&fsync)
	var exists int
	admin.QueryRowContext(ctx, "SELECT COUNT(*) FROM pg_database WHERE datname = $1", pgbenchDB).Scan(&exists)
	if exists == 0 {
		if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+pgbenchDB); err != nil {
			return fmt.Errorf("create database %s: %w", pgbenchDB, err)
		}
	}
	if !r.opt.Keep {
		defer admin.ExecContext(context.Background(), "DROP DATABASE IF EXISTS "+pgbenchDB)
	}
	env, err := pgEnv(e.dsn, pgbenchDB)
	if err != nil {
		return err
	}
	init := exec.CommandContext(ctx, "pgbench", "-i", "-q", "-s", "1")
	init.Env = env
	if out, err := init.CombinedOutput(); err != nil {
		return fmt.Errorf("pgbench -i: %v: %s", err, out)
	}
	d := r.dur(time.Second, 8*time.Second)
	rounds := 2
	if r.opt.Quick {
		rounds = 1
	}
	for _, clients := range []int{1, 4} {
		var tps float64
		var en opResult
		for range rounds {
			t, _, err := pgbenchRun(ctx, env, clients, d)
			if err != nil {
				return err
			}
			tps += t / float64(rounds)
			x, err := r.enrolLoop(ctx, clients, d)
			if err != nil {
				return err
			}
			en = mergeOps(en, x)
		}
		if en.errs > 0 {
			return fmt.Errorf("enrol: %d of %d failed, first: %v", en.errs, en.n, en.firstErr)
		}
		s := summarize(en.lat)
		ratio := en.rate() / tps
		f := Figure{Scenario: 7, Metric: fmt.Sprintf("enrol on PostgreSQL vs pgbench simple-update, %d client(s)", clients), Unit: "tx/s",
			Value: en.rate(), Median: f64(ms(s.p50)), P99: f64(ms(s.p99)), Count: s.n, Baseline: f64(tps), Ratio: f64(ratio),
			Note: fmt.Sprintf("synchronous_commit=%s fsync=%s", sync, fsync)}
		if clients == 1 {
			f.Target, f.Met = "≥ 0.3× pgbench", boolp(ratio >= 0.3)
		}
		r.add(f)
		r.logf("  %d client(s): enrol %.0f tx/s vs pgbench %.0f tps (%.3f)", clients, en.rate(), tps, ratio)
	}
	return nil
}
