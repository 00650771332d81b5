package staffui

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"sync"
	"time"

	"hagukumi/apperr"
	"hagukumi/audit"
	"hagukumi/calendar"
	"hagukumi/staff"
	"hagukumi/staff/stafffile"
)

// Import states, kept in the imports table so any instance can show them.
const (
	importPreviewing = "previewing"
	importPreviewed  = "previewed"
	importApplying   = "applying"
	importApplied    = "applied"
	importFailed     = "failed"
)

type importRec struct {
	ID            int64
	Filename      string
	AsOf          string
	RetireMissing bool
	Status        string
	Total, Done   int
	Result        *staff.ImportResult
	UserID        int64
	Notice        string // why the import is back in this state, if it is
	LeaseUntil    sql.NullInt64
}

// applicable tells whether the dry run found no error and some change to make.
func (rec *importRec) applicable() bool {
	res := rec.Result
	return res != nil && len(res.Errors) == 0 && res.Added+res.Updated+res.Retired > 0
}

// needsConfirm tells whether the dry run has warnings that the person must
// confirm before applying.
func (rec *importRec) needsConfirm() bool {
	return rec.Result != nil && len(rec.Result.Warnings) > 0
}

func (s *ui) loadImport(ctx context.Context, muni, id int64) (*importRec, []byte, error) {
	var rec importRec
	var data []byte
	var result string
	var uid sql.NullInt64
	err := s.DB.R.QueryRowContext(ctx, `SELECT id, filename, as_of, retire_missing, status, total, done, result, data, user_id, notice, lease_until FROM imports
		WHERE id = $1 AND municipality_id = $2`, id, muni).Scan(&rec.ID, &rec.Filename, &rec.AsOf, &rec.RetireMissing, &rec.Status, &rec.Total, &rec.Done, &result, &data, &uid, &rec.Notice, &rec.LeaseUntil)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil, apperr.NotFoundf("取込が見つかりません。")
	} else if err != nil {
		return nil, nil, err
	}
	rec.UserID = uid.Int64
	if result != "" {
		rec.Result = &staff.ImportResult{}
		json.Unmarshal([]byte(result), rec.Result)
	}
	return &rec, data, nil
}

// runImport runs a dry run or the real import in the background and records
// the outcome in the imports row. The caller has taken the row's lease; it
// is renewed while the import runs (see import_lease.go).
func (s *ui) runImport(muni int64, by audit.Actor, id int64, name string, data []byte, opt staff.ImportOptions) {
	s.jobs.set(id, 0, 0)
	opt.Progress = func(done, total int) { s.jobs.set(id, done, total) }
	stop := make(chan struct{})
	go s.heartbeat(id, stop)
	go func() {
		defer s.jobs.drop(id)
		defer close(stop)
		ctx := context.Background()
		res, err := s.Staff.Import(ctx, muni, by, name, data, opt)
		status := importPreviewed
		if !opt.DryRun {
			status = importApplied
		}
		if err != nil {
			s.Log.Error("import", "id", id, "err", err)
			status = importFailed
			res = &staff.ImportResult{Errors: []stafffile.Problem{{Message: "取込中にエラーが発生しました。変更は行われていません。"}}}
		} else if !opt.DryRun && !res.Applied {
			status = importPreviewed
		}
		b, _ := json.Marshal(res)
		if _, err := s.DB.W.ExecContext(ctx, `UPDATE imports SET status = $1, result = $2, total = $3, done = $3, updated_at = $4, lease_until = NULL WHERE id = $5`,
			status, string(b), res.Added+res.Updated+res.Unchanged, s.Now().UTC(), id); err != nil {
			s.Log.Error("import status", "id", id, "err", err)
		}
	}()
}

// jobs tracks the progress of imports running on this instance.
type jobs struct {
	mu sync.Mutex
	m  map[int64]*jobProgress
}

type jobProgress struct{ done, total int }

func (j *jobs) set(id int64, done, total int) {
	j.mu.Lock()
	j.m[id] = &jobProgress{done, total}
	j.mu.Unlock()
}

func (j *jobs) get(id int64) (int, int, bool) {
	j.mu.Lock()
	defer j.mu.Unlock()
	p, ok := j.m[id]
	if !ok {
		return 0, 0, false
	}
	return p.done, p.total, true
}

func (j *jobs) drop(id int64) {
	j.mu.Lock()
	delete(j.m, id)
	j.mu.Unlock()
}

// parseAsOf reads the 基準日 of an import; empty is today.
func parseAsOf(v string, now time.Time) (time.Time, error) {
	if v == "" {
		return calendar.Today(now), nil
	}
	t, err := calendar.ParseDate(v)
	if err != nil {
		return t, apperr.Invalidf("基準日: %s", err.Error())
	}
	return t, nil
}
