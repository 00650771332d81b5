package bench

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/csv"
	"fmt"
	"runtime"
	"runtime/metrics"
	"strings"
	"sync"
	"time"

	"hagukumi/calendar"
	"hagukumi/db"
	"hagukumi/demo"
	"hagukumi/staff"
)

// memSampler records the peak of the Go heap (live and not yet swept
// objects) and of all memory the runtime holds, every 2 ms.
type memSampler struct {
	stop     chan struct{}
	done     sync.WaitGroup
	heapPeak uint64
	heldPeak uint64
}

var memNames = []string{"/memory/classes/heap/objects:bytes", "/memory/classes/total:bytes", "/memory/classes/heap/released:bytes"}

func readMem() (heap, held uint64) {
	s := make([]metrics.Sample, len(memNames))
	for i, n := range memNames {
		s[i].Name = n
	}
	metrics.Read(s)
	return s[0].Value.Uint64(), s[1].Value.Uint64() - s[2].Value.Uint64()
}

func startMem() *memSampler {
	m := &memSampler{stop: make(chan struct{})}
	m.done.Add(1)
	go func() {
		defer m.done.Done()
		t := time.NewTicker(2 * time.Millisecond)
		defer t.Stop()
		for {
			h, held := readMem()
			m.heapPeak, m.heldPeak = max(m.heapPeak, h), max(m.heldPeak, held)
			select {
			case <-m.stop:
				return
			case <-t.C:
			}
		}
	}()
	return m
}

func (m *memSampler) end() (heap, held uint64) {
	close(m.stop)
	m.done.Wait()
	return m.heapPeak, m.heldPeak
}

type importRun struct {
	n                  int
	took               time.Duration
	heapPeak, heldPeak uint64 // above the heap before the import
}

// importOnce imports n generated rows into a new municipality with
// staff.Store.Import, as the CLI and the upload do.
func (r *run) importOnce(ctx context.Context, n int, profile string) (importRun, error) {
	e := r.env
	m, err := e.st.CreateMunicipality(ctx, "bi"+randHex(4), fmt.Sprintf("取込ベンチ市%d", n))
	if err != nil {
		return importRun{}, err
	}
	data := demo.CSV(n, 1, 3, e.now)
	asOf := calendar.FiscalYearStart(e.fy)
	runtime.GC()
	heap0, held0 := readMem()
	ms := startMem()
	t0 := time.Now()
	var res *staff.ImportResult
	r.profile(profile, func() {
		res, err = e.st.Import(ctx, m.ID, e.actor, "bench.csv", data, staff.ImportOptions{AsOf: asOf})
	})
	took := time.Since(t0)
	heap, held := ms.end()
	if err != nil {
		return importRun{}, err
	}
	if len(res.Errors) > 0 || res.Added != n {
		return importRun{}, fmt.Errorf("import of %d rows: added %d, %d problems", n, res.Added, len(res.Errors))
	}
	sub := func(a, b uint64) uint64 {
		if a < b {
			return 0
		}
		return a - b
	}
	return importRun{n: n, took: took, heapPeak: sub(heap, heap0), heldPeak: sub(held, held0)}, nil
}

// rawInsert is #4's baseline: the same rows, already parsed, inserted into
// staff in multi-row statements in one transaction — no validation, no history,
// no audit.
func (r *run) rawInsert(ctx context.Context, n int) (time.Duration, error) {
	e := r.env
	m, err := e.st.CreateMunicipality(ctx, "br"+randHex(4), fmt.Sprintf("一括挿入ベンチ市%d", n))
	if err != nil {
		return 0, err
	}
	recs, err := csv.NewReader(bytes.NewReader(demo.CSV(n, 1, 3, e.now))).ReadAll()
	if err != nil {
		return 0, err
	}
	recs = recs[1:]
	const cols = 20
	// modernc binds $N parameters by name, at a cost that grows with the
	// square of their number (measured: 2,000 rows take 4 s at 500 rows a
	// statement and 50 ms at 10), so SQLite gets short prepared batches and
	// PostgreSQL long ones.
	per := 10
	if e.d.Engine == db.Postgres {
		per = 500
	}
	stmt := func(rows int) string {
		var sb strings.Builder
		sb.WriteString(`INSERT INTO staff (municipality_id, number, family_name, given_name, family_kana, given_kana, search_text, sort_kana,
			gender, birth_date, hire_date, employment_type, job_type, title, rank_since, university, email, status, created_at, updated_at) VALUES `)
		for j := range rows {
			if j > 0 {
				sb.WriteString(",")
			}
			sb.WriteString("(")
			for k := range cols {
				if k > 0 {
					sb.WriteString(",")
				}
				fmt.Fprintf(&sb, "$%d", j*cols+k+1)
			}
			sb.WriteString(")")
		}
		return sb.String()
	}
	now := time.Now().UTC()
	t0 := time.Now()
	err = e.d.Tx(ctx, func(tx *sql.Tx) error {
		full, err := tx.PrepareContext(ctx, stmt(per))
		if err != nil {
			return err
		}
		defer full.Close()
		args := make([]any, 0, per*cols)
		for i := 0; i < len(recs); i += per {
			batch := recs[i:min(i+per, len(recs))]
			args = args[:0]
			for _, c := range batch {
				fam, given, _ := strings.Cut(c[1], " ")
				fk, gk, _ := strings.Cut(c[2], " ")
				args = append(args, m.ID, c[0], fam, given, fk, gk, c[0]+" "+c[1]+" "+c[2], c[2], c[3], c[4], c[5], c[6], c[7], c[8], c[9], c[11], c[12], c[13], now, now)
			}
			if len(batch) == per {
				_, err = full.ExecContext(ctx, args...)
			} else {
				_, err = tx.ExecContext(ctx, stmt(len(batch)), args...)
			}
			if err != nil {
				return err
			}
		}
		return nil
	})
	return time.Since(t0), err
}

// importStaff is #4: N and N/10 rows, against the raw insert of N rows.
func (r *run) importStaff(ctx context.Context) error {
	e := r.env
	n, n10 := r.opt.Staff, e.n10
	small, err := r.importOnce(ctx, n10, "")
	if err != nil {
		return err
	}
	big, err := r.importOnce(ctx, n, "s4-import")
	if err != nil {
		return err
	}
	raw, err := r.rawInsert(ctx, n)
	if err != nil {
		return err
	}
	rate := float64(n) / big.took.Seconds()
	rawRate := float64(n) / raw.Seconds()
	mb := func(b uint64) float64 { return float64(b) / (1 << 20) }
	r.add(Figure{Scenario: 4, Metric: fmt.Sprintf("import %d rows (parse, validate, upsert, history, audit; 1 tx)", n), Unit: "rows/s", Value: rate,
		Baseline: f64(rawRate), Target: "≥ 20,000 rows/s", Met: boolp(rate >= 20000),
		Note: fmt.Sprintf("%.1f s; baseline: raw multi-row INSERTs of the same rows, staff table only, %.1f s", big.took.Seconds(), raw.Seconds())})
	r.add(Figure{Scenario: 4, Metric: fmt.Sprintf("import %d rows", n10), Unit: "rows/s", Value: float64(n10) / small.took.Seconds(),
		Note: fmt.Sprintf("%.2f s", small.took.Seconds())})
	r.add(Figure{Scenario: 4, Metric: fmt.Sprintf("import peak Go heap at %d rows", n), Unit: "MB", Value: mb(big.heapPeak),
		Target: "≤ 300 MB", Met: boolp(mb(big.heapPeak) <= 300),
		Note: fmt.Sprintf("all memory held by the runtime: +%.0f MB", mb(big.heldPeak))})
	r.add(Figure{Scenario: 4, Metric: fmt.Sprintf("import peak Go heap at %d rows", n10), Unit: "MB", Value: mb(small.heapPeak),
		Note: fmt.Sprintf("all memory held by the runtime: +%.0f MB", mb(small.heldPeak))})
	growth := mb(big.heapPeak) / max(mb(small.heapPeak), 0.001)
	r.add(Figure{Scenario: 4, Metric: fmt.Sprintf("import peak heap at %d ÷ at %d rows (flat in N?)", n, n10), Unit: "×", Value: growth,
		Target: "≤ 2× for 10× the rows", Met: boolp(growth <= 2)})
	r.logf("  import %d rows: %.0f rows/s (raw %.0f rows/s), heap peak %.0f MB (N/10: %.0f MB)", n, rate, rawRate, mb(big.heapPeak), mb(small.heapPeak))
	return nil
}
