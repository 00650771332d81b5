package public

import (
	"context"
	"database/sql"
	"strconv"
	"time"

	"hagukumi/audit"
	"hagukumi/db"
)

// Purged counts what a retention run deleted.
type Purged struct {
	Submissions int
	Mails       int
	Notes       int
}

// Purge deletes every contact submission whose retention ran out by asOf, with its
// notes and the queued or sent mails that quote it. Each deletion is its
// own transaction with one audit entry naming the submission's id and
// kind only, so the chain keeps no personal data. A submission left in
// the moderation queue, which nobody closes, goes after the retention
// period counted from its arrival. The kinds with tables of their own
// (lecture requests, briefing registrations) are purged by their own
// capability, with DeleteSubmission.
func (s *Store) Purge(ctx context.Context, asOf time.Time) (Purged, error) {
	type due struct {
		muni, id int64
		kind     string
	}
	list, err := db.QueryAll(ctx, s.DB.R, func(r db.Scanner) (due, error) {
		var d due
		err := r.Scan(&d.muni, &d.id, &d.kind)
		return d, err
	}, `SELECT municipality_id, id, kind FROM public_submissions
		WHERE kind = $3 AND ((purge_after IS NOT NULL AND purge_after <= $1) OR (queued AND closed_at IS NULL AND created_at <= $2)) ORDER BY id`,
		asOf.UTC(), asOf.Add(-Retention(KindContact)).UTC(), KindContact)
	var out Purged
	if err != nil {
		return out, err
	}
	for _, d := range list {
		err := s.write(ctx, d.muni, func(tx *sql.Tx, c *audit.Chain) error {
			mails, notes, err := DeleteSubmission(ctx, tx, d.id)
			if err != nil {
				return err
			}
			out.Mails += mails
			out.Notes += notes
			out.Submissions++
			return c.Add(ctx, s.now(), audit.System, "public.purge", "public_submission", strconv.FormatInt(d.id, 10),
				map[string]any{"kind": d.kind, "mails": mails, "notes": notes})
		})
		if err != nil {
			return out, err
		}
	}
	return out, nil
}

func exec(ctx context.Context, tx *sql.Tx, q string, args ...any) (int, error) {
	res, err := tx.ExecContext(ctx, q, args...)
	if err != nil {
		return 0, err
	}
	n, err := res.RowsAffected()
	return int(n), err
}
