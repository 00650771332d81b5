package staffui

import (
	"context"
	"database/sql"
	"encoding/json"
	"time"

	"hagukumi/staff"
	"hagukumi/staff/stafffile"
)

// A running import holds a lease in its imports row: lease_until, renewed
// by the process that runs it every importHeartbeat. The import itself is
// one transaction, so a process killed in the middle leaves no change in
// the registry, only a row that says previewing or applying for ever. Once
// its lease has run out, nobody is running it any more (a live process
// would have renewed the lease), and it is taken back: an apply to
// previewed, so that it can be applied again, a dry run to failed.
//
// On SQLite the one writer connection is held by the import's transaction,
// so renewals wait for its end; the lease is long enough for the largest
// file (200,000 rows, well under a minute) without them.
const (
	importLease     = 5 * time.Minute
	importHeartbeat = 30 * time.Second
)

// Notices and messages of an import taken back after its process died.
const (
	noticeApplyLost = "前回の取込は完了しませんでした。変更は行われていません。もう一度適用できます。"
	msgPreviewLost  = "前回の確認は完了しませんでした。変更は行われていません。もう一度ファイルを取り込んでください。"
)

// leaseUntil is the end of a lease taken or renewed at now, in unix
// milliseconds as the column holds it.
func leaseUntil(now time.Time) int64 { return now.Add(importLease).UnixMilli() }

// leaseExpired tells whether a running import's lease has run out at now.
// A row without a lease was left by a version that did not take one.
func leaseExpired(until sql.NullInt64, now time.Time) bool {
	return !until.Valid || until.Int64 < now.UnixMilli()
}

// recoverIfDead takes back import rec when it looks running but its lease
// has run out, and tells whether it did. The check is made on the row as
// read, so that a page polling a live import never waits for the writer.
func (s *ui) recoverIfDead(ctx context.Context, rec *importRec) (bool, error) {
	running := rec.Status == importPreviewing || rec.Status == importApplying
	if !running || !leaseExpired(rec.LeaseUntil, s.Now()) {
		return false, nil
	}
	return true, s.recoverImports(ctx, rec.ID)
}

// heartbeat renews the lease of import id until stop is closed.
func (s *ui) heartbeat(id int64, stop <-chan struct{}) {
	t := time.NewTicker(importHeartbeat)
	defer t.Stop()
	for {
		select {
		case <-stop:
			return
		case <-t.C:
			if _, err := s.DB.W.ExecContext(context.Background(), `UPDATE imports SET lease_until = $1 WHERE id = $2 AND status IN ($3, $4)`,
				leaseUntil(s.Now()), id, importPreviewing, importApplying); err != nil {
				s.Log.Warn("import lease", "id", id, "err", err)
			}
		}
	}
}

// recoverImports takes back the imports whose lease has run out: import id,
// or every import of every municipality when id is 0 (at start). A row
// without a lease was left by a version that did not take one, and is
// taken back too.
func (s *ui) recoverImports(ctx context.Context, id int64) error {
	now := s.Now()
	res, err := s.DB.W.ExecContext(ctx, `UPDATE imports SET status = $1, notice = $2, lease_until = NULL, updated_at = $3
		WHERE status = $4 AND (lease_until IS NULL OR lease_until < $5) AND ($6 = 0 OR id = $7)`,
		importPreviewed, noticeApplyLost, now.UTC(), importApplying, now.UnixMilli(), id, id)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n > 0 {
		s.Log.Warn("imports left applying by a stopped process are previewed again", "count", n)
	}
	failed, _ := json.Marshal(&staff.ImportResult{Errors: []stafffile.Problem{{Message: msgPreviewLost}}})
	_, err = s.DB.W.ExecContext(ctx, `UPDATE imports SET status = $1, result = $2, lease_until = NULL, updated_at = $3
		WHERE status = $4 AND (lease_until IS NULL OR lease_until < $5) AND ($6 = 0 OR id = $7)`,
		importFailed, string(failed), now.UTC(), importPreviewing, now.UnixMilli(), id, id)
	return err
}
