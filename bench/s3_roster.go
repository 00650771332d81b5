package bench

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"hagukumi/training"
)

// fullScan is #3's baseline: read every staff row of a municipality once,
// the columns a roster needs, into Go values.
func (r *run) fullScan(ctx context.Context, muni int64) (int, error) {
	rows, err := r.env.d.R.QueryContext(ctx, `SELECT id, number, family_name, given_name, unit_id, hire_date, employment_type, status
		FROM staff WHERE municipality_id = $1`, muni)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var id int64
		var unit sql.NullInt64
		var num, fam, given, hire, emp, st string
		if err := rows.Scan(&id, &num, &fam, &given, &unit, &hire, &emp, &st); err != nil {
			return n, err
		}
		n++
	}
	return n, rows.Err()
}

// timeIt runs fn reps times (after one warm-up) and gives the median.
func timeIt(reps int, fn func() error) (time.Duration, error) {
	if err := fn(); err != nil {
		return 0, err
	}
	var ds []time.Duration
	for range reps {
		t0 := time.Now()
		if err := fn(); err != nil {
			return 0, err
		}
		ds = append(ds, time.Since(t0))
	}
	return median(ds), nil
}

type rosterTimes struct {
	scan, people, build time.Duration
	peopleWarm, cold    time.Duration // People() unchanged since the last read; one roster right after a change
	each                map[string]time.Duration
	sizes               map[string]int
	codes               []string
}

// rosters measures one municipality: the scan, loading people, and each
// rule-based program's roster as the page and the CLI compute it
// (RosterFor with no preloaded people: load, exceptions, rule).
func (r *run) rosters(ctx context.Context, muni int64, reps int, profile string) (*rosterTimes, error) {
	e := r.env
	t := &rosterTimes{each: map[string]time.Duration{}, sizes: map[string]int{}}
	var err error
	if t.scan, err = timeIt(reps, func() error { _, err := r.fullScan(ctx, muni); return err }); err != nil {
		return nil, err
	}
	var people []*training.Person
	if t.people, err = timeIt(reps, func() error { people, err = e.tr.LoadPeople(ctx, muni); return err }); err != nil {
		return nil, err
	}
	if t.peopleWarm, err = timeIt(reps, func() error { _, err := e.tr.People(ctx, muni); return err }); err != nil {
		return nil, err
	}
	progs, err := e.tr.Programs(ctx, muni)
	if err != nil {
		return nil, err
	}
	measure := func() error {
		for _, p := range progs {
			if p.Rule.Manual || len(p.Code) > 6 && p.Code[:6] == "BENCH_" {
				continue
			}
			var size int
			d, err := timeIt(reps, func() error {
				ro, err := e.tr.RosterFor(ctx, muni, p, e.fy, nil)
				if err == nil {
					size = len(ro.People)
				}
				return err
			})
			if err != nil {
				return err
			}
			if _, seen := t.each[p.Code]; !seen {
				t.codes = append(t.codes, p.Code)
			}
			t.each[p.Code], t.sizes[p.Code] = d, size
			if p.Code == "SHUNIN_SHUSA_2" {
				t.build, _ = timeIt(reps, func() error { training.BuildRoster(&p.Rule, people, e.fy, nil, nil); return nil })
				t.cold, _ = timeIt(reps, func() error {
					fresh, err := e.tr.LoadPeople(ctx, muni)
					if err == nil {
						_, err = e.tr.RosterFor(ctx, muni, p, e.fy, fresh)
					}
					return err
				})
			}
		}
		return nil
	}
	if profile != "" {
		r.profile(profile, func() { err = measure() })
	} else {
		err = measure()
	}
	return t, err
}

// roster is #3, at N and at N/10 staff.
func (r *run) roster(ctx context.Context) error {
	e := r.env
	reps := 5
	if r.opt.Quick {
		reps = 1
	}
	big, err := r.rosters(ctx, e.muni.ID, reps, "s3-roster")
	if err != nil {
		return err
	}
	small, err := r.rosters(ctx, e.muni10.ID, reps, "")
	if err != nil {
		return err
	}
	r.add(Figure{Scenario: 3, Metric: fmt.Sprintf("baseline: full scan of staff (%d rows)", e.n), Unit: "ms", Value: ms(big.scan),
		Note: fmt.Sprintf("N/10 (%d rows): %.1f ms", e.n10, ms(small.scan))})
	r.add(Figure{Scenario: 3, Metric: "People() read from the database: staff + rank history + 昇格候補 + completions", Unit: "ms", Value: ms(big.people),
		Baseline: f64(ms(big.scan)), Ratio: f64(ms(big.people) / ms(big.scan)),
		Note: "paid once after a change of staff, units, ranks or completions; then kept in memory"})
	r.add(Figure{Scenario: 3, Metric: "People() in memory (generation numbers unchanged)", Unit: "ms", Value: ms(big.peopleWarm)})
	r.add(Figure{Scenario: 3, Metric: "roster SHUNIN_SHUSA_2 right after a change (People() read again)", Unit: "ms", Value: ms(big.cold),
		Baseline: f64(ms(big.scan)), Ratio: f64(ms(big.cold) / ms(big.scan)), Note: "the first roster after a personnel import"})
	r.add(Figure{Scenario: 3, Metric: "BuildRoster in memory (SHUNIN_SHUSA_2)", Unit: "ms", Value: ms(big.build), Baseline: f64(ms(big.scan))})
	for _, code := range big.codes {
		v := ms(big.each[code])
		ratio := v / ms(big.scan)
		r.add(Figure{Scenario: 3, Metric: fmt.Sprintf("roster %s (%d eligible of %d)", code, big.sizes[code], e.n), Unit: "ms", Value: v,
			Median: f64(v), Baseline: f64(ms(big.scan)), Ratio: f64(ratio), Target: "≤ 3× scan and ≤ 150 ms", Met: boolp(ratio <= 3 && v <= 150)})
	}
	for _, code := range big.codes {
		s, ok := small.each[code]
		if !ok || s == 0 {
			continue
		}
		ratio := float64(big.each[code]) / float64(s)
		r.add(Figure{Scenario: 3, Metric: fmt.Sprintf("roster %s: time at %d ÷ time at %d staff", code, e.n, e.n10), Unit: "×", Value: ratio,
			Note: fmt.Sprintf("%.1f ms at N/10", ms(s)), Target: "≤ 12×", Met: boolp(ratio <= 12)})
	}
	return nil
}
