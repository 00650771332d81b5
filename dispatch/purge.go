package dispatch

import (
	"context"
	"database/sql"
	"time"

	"hagukumi/audit"
	"hagukumi/db"
	"hagukumi/public"
)

// Purged counts what a retention run removed.
type Purged struct {
	Requests    int
	Submissions int
	Mails       int
}

// Purge removes the requester's personal data of every request that ended
// (報告済, 不承認, 取下げ) longer ago than the municipality's retention:
// the contact person, e-mail, phone and feedback comment are blanked and
// the public submission is deleted with its mails. The request itself
// stays, with its organisation and type, so the figures do not change.
func (s *Store) Purge(ctx context.Context, asOf time.Time) (Purged, error) {
	type due struct{ muni, id, sub int64 }
	var out Purged
	list, err := db.QueryAll(ctx, s.DB.R, func(r db.Scanner) (due, error) {
		var d due
		return d, r.Scan(&d.muni, &d.id, &d.sub)
	}, `SELECT r.municipality_id, r.id, COALESCE(r.submission_id, 0) FROM dispatch_requests r
		WHERE r.purged_at IS NULL AND r.ended_at IS NOT NULL ORDER BY r.id`)
	if err != nil {
		return out, err
	}
	settings := map[int64]Settings{}
	for _, d := range list {
		st, ok := settings[d.muni]
		if !ok {
			if st, err = s.Settings(ctx, nil, d.muni); err != nil {
				return out, err
			}
			settings[d.muni] = st
		}
		err := s.write(ctx, d.muni, func(tx *sql.Tx, c *audit.Chain, now time.Time) error {
			var ended time.Time
			if err := tx.QueryRowContext(ctx, `SELECT ended_at FROM dispatch_requests WHERE id = $1 AND purged_at IS NULL AND ended_at IS NOT NULL`, d.id).Scan(&ended); err != nil {
				if err == sql.ErrNoRows {
					return nil
				}
				return err
			}
			if ended.After(asOf.AddDate(0, 0, -st.RetentionDays)) {
				return nil
			}
			if _, err := tx.ExecContext(ctx, `UPDATE dispatch_requests SET contact_name = '', email = '', phone = '', feedback = '', submission_id = NULL, purged_at = $1 WHERE id = $2`, now, d.id); err != nil {
				return err
			}
			mails := 0
			if d.sub != 0 {
				m, _, err := public.DeleteSubmission(ctx, tx, d.sub)
				if err != nil {
					return err
				}
				mails = m
				out.Submissions++
			}
			out.Requests++
			out.Mails += mails
			return c.Add(ctx, now, audit.System, "purge", "lecture_request", id(d.id), map[string]any{"mails": mails})
		})
		if err != nil {
			return out, err
		}
	}
	return out, nil
}
