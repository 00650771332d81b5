package bench

import (
	"context"
	"fmt"
	"sync"
	"time"

	"hagukumi/calendar"
	"hagukumi/db"
	"hagukumi/training"
)

// seats creates a fresh program (so nobody is on it yet this year) with
// one session of the given capacity, and returns the session id.
func (r *run) seats(ctx context.Context, capacity int) (int64, error) {
	e := r.env
	p := &training.Program{Code: "BENCH_" + randHex(5), Name: "ベンチマーク研修", Category: training.Categories[0], Hours: 3,
		Mode: training.ModeNomination, Rule: training.Rule{Manual: true}, CompletionMinPct: 75, Active: true}
	if err := e.tr.SaveProgram(ctx, e.actor, e.muni.ID, p); err != nil {
		return 0, err
	}
	day := calendar.FiscalYearStart(e.fy).AddDate(0, 6, 0).Format(time.DateOnly)
	x := &training.Session{ProgramID: p.ID, FY: e.fy, Title: "第1回", Venue: "本庁舎 大会議室", Capacity: capacity,
		Days: []training.Day{{Date: day, Start: "09:00", End: "12:00"}}}
	if err := e.tr.SaveSession(ctx, e.actor, e.muni.ID, x); err != nil {
		return 0, err
	}
	return x.ID, nil
}

// opResult is a loop of database operations.
type opResult struct {
	n, errs  int
	elapsed  time.Duration
	lat      []time.Duration
	firstErr error
}

func (o opResult) rate() float64 {
	if o.elapsed <= 0 {
		return 0
	}
	return float64(o.n-o.errs) / o.elapsed.Seconds()
}

func mergeOps(a, b opResult) opResult {
	a.n += b.n
	a.errs += b.errs
	a.elapsed += b.elapsed
	a.lat = append(a.lat, b.lat...)
	if a.firstErr == nil {
		a.firstErr = b.firstErr
	}
	return a
}

// loop runs op on clients goroutines for d (at least once each, at most
// max times in all).
func loop(ctx context.Context, clients int, d time.Duration, max int, op func(client, i int) error) opResult {
	var mu sync.Mutex
	res := opResult{}
	seq := 0
	start := time.Now()
	deadline := start.Add(d)
	var wg sync.WaitGroup
	for c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var lat []time.Duration
			errs := 0
			var first error
			for i := 0; ; i++ {
				mu.Lock()
				stop := seq >= max || ctx.Err() != nil || (i > 0 && time.Now().After(deadline))
				seq++
				mu.Unlock()
				if stop {
					break
				}
				t0 := time.Now()
				if err := op(c, i); err != nil {
					errs++
					if first == nil {
						first = err
					}
				}
				lat = append(lat, time.Since(t0))
			}
			mu.Lock()
			res.n += len(lat)
			res.errs += errs
			res.lat = append(res.lat, lat...)
			if res.firstErr == nil {
				res.firstErr = first
			}
			mu.Unlock()
		}()
	}
	wg.Wait()
	res.elapsed = time.Since(start)
	return res
}

// enrolLoop enrols one staff member per transaction with Store.Nominate
// (lock the session, capacity check, insert, audit, notification and mail
// queued, one transaction), each client on a session of its own.
func (r *run) enrolLoop(ctx context.Context, clients int, d time.Duration) (opResult, error) {
	e := r.env
	sessions := make([]int64, clients)
	next := make([]int, clients)
	for c := range clients {
		id, err := r.seats(ctx, 10000)
		if err != nil {
			return opResult{}, err
		}
		sessions[c] = id
		next[c] = c
	}
	res := loop(ctx, clients, d, 1_000_000, func(c, _ int) error {
		if next[c] >= len(e.numbers) {
			// Everyone is on this program: start another.
			id, err := r.seats(ctx, 10000)
			if err != nil {
				return err
			}
			sessions[c], next[c] = id, c
		}
		num := e.numbers[next[c]]
		next[c] += clients
		res, err := e.tr.Nominate(ctx, e.actor, e.muni.ID, sessions[c], []string{num})
		if err != nil {
			return err
		}
		if len(res.Enrolled) != 1 {
			return fmt.Errorf("%s not enrolled: %+v", num, res.Skipped)
		}
		return nil
	})
	return res, nil
}

// rawTable is the baseline's table: one row per transaction.
func rawTable(ctx context.Context, d *db.DB) error {
	ddl := `CREATE TABLE IF NOT EXISTS bench_raw (id INTEGER PRIMARY KEY, k INTEGER NOT NULL, v TEXT NOT NULL, at TIMESTAMP NOT NULL)`
	if d.Engine == db.Postgres {
		ddl = `CREATE TABLE IF NOT EXISTS bench_raw (id BIGSERIAL PRIMARY KEY, k BIGINT NOT NULL, v TEXT NOT NULL, at TIMESTAMPTZ NOT NULL)`
	}
	_, err := d.W.ExecContext(ctx, ddl)
	return err
}

// rawLoop is the baseline of #2: BEGIN; INSERT one row; COMMIT, on the
// same writer and with the same durability as the application.
func (r *run) rawLoop(ctx context.Context, clients int, d time.Duration) (opResult, error) {
	e := r.env
	if err := rawTable(ctx, e.d); err != nil {
		return opResult{}, err
	}
	return loop(ctx, clients, d, 10_000_000, func(c, i int) error {
		tx, err := e.d.W.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO bench_raw (k, v, at) VALUES ($1, $2, $3)`, i, "enrolled", time.Now().UTC()); err != nil {
			tx.Rollback()
			return err
		}
		return tx.Commit()
	}), nil
}

// enrolVsRaw alternates the enrolment loop and the raw loop.
func (r *run) enrolVsRaw(ctx context.Context, clients int, profile string) (enrol, raw opResult, err error) {
	d := r.dur(time.Second, 8*time.Second)
	rounds := 2
	if r.opt.Quick {
		rounds = 1
	}
	for i := range rounds {
		x, err := r.rawLoop(ctx, clients, d)
		if err != nil {
			return enrol, raw, err
		}
		raw = mergeOps(raw, x)
		var y opResult
		if i == 0 && profile != "" {
			r.profile(profile, func() { y, err = r.enrolLoop(ctx, clients, d) })
		} else {
			y, err = r.enrolLoop(ctx, clients, d)
		}
		if err != nil {
			return enrol, raw, err
		}
		enrol = mergeOps(enrol, y)
	}
	if enrol.errs > 0 {
		return enrol, raw, fmt.Errorf("enrol: %d of %d failed, first: %v", enrol.errs, enrol.n, enrol.firstErr)
	}
	if raw.errs > 0 {
		return enrol, raw, fmt.Errorf("raw insert: %d of %d failed, first: %v", raw.errs, raw.n, raw.firstErr)
	}
	return enrol, raw, nil
}

// enrol is #2.
func (r *run) enrol(ctx context.Context) error {
	e := r.env
	for _, clients := range []int{1, 4} {
		en, raw, err := r.enrolVsRaw(ctx, clients, fmt.Sprintf("s2-enrol-%dc", clients))
		if err != nil {
			return err
		}
		s, rs := summarize(en.lat), summarize(raw.lat)
		ratio := en.rate() / raw.rate()
		f := Figure{Scenario: 2, Metric: fmt.Sprintf("enrol (Nominate, 1 tx), %d client(s)", clients), Unit: "tx/s", Value: en.rate(),
			Median: f64(ms(s.p50)), P99: f64(ms(s.p99)), Count: s.n, Baseline: f64(raw.rate()), Ratio: f64(ratio),
			Note: fmt.Sprintf("raw BEGIN; INSERT; COMMIT p50 %.2f ms p99 %.2f ms", ms(rs.p50), ms(rs.p99))}
		if clients == 1 {
			f.Target, f.Met = "≥ 0.5× raw insert", boolp(ratio >= 0.5)
			r.enrolTPS = en.rate()
		} else {
			r.enrolTPS4 = en.rate()
		}
		r.add(f)
		r.logf("  enrol %d client(s): %.0f tx/s vs raw %.0f tx/s (%.3f)", clients, en.rate(), raw.rate(), ratio)
	}

	// 200 clients race for a 30-seat session.
	id, err := r.seats(ctx, 30)
	if err != nil {
		return err
	}
	const racers = 200
	gate := make(chan struct{})
	var wg sync.WaitGroup
	var mu sync.Mutex
	var failed []error
	for i := range racers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-gate
			num := e.numbers[len(e.numbers)-1-i]
			if _, err := e.tr.Nominate(ctx, e.actor, e.muni.ID, id, []string{num}); err != nil {
				mu.Lock()
				failed = append(failed, err)
				mu.Unlock()
			}
		}()
	}
	t0 := time.Now()
	close(gate)
	wg.Wait()
	took := time.Since(t0)
	x, err := e.tr.SessionByID(ctx, e.muni.ID, id)
	if err != nil {
		return err
	}
	ok := x.Enrolled == 30 && x.Waitlisted == racers-30 && len(failed) == 0
	note := fmt.Sprintf("%d waitlisted, %d errors, all done in %.0f ms", x.Waitlisted, len(failed), ms(took))
	if len(failed) > 0 {
		note += "; first: " + failed[0].Error()
	}
	r.add(Figure{Scenario: 2, Metric: "200 clients race for a 30-seat session: enrolled", Unit: "seats", Value: float64(x.Enrolled),
		Target: "= 30, 170 waitlisted, 0 errors", Met: boolp(ok), Note: note})
	r.logf("  race: %d enrolled, %s", x.Enrolled, note)
	return nil
}
