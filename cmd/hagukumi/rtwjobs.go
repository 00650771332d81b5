package main

import (
	"context"
	"log/slog"
	"time"

	"hagukumi/db"
	"hagukumi/rtw"
	"hagukumi/seal"
)

// runRTWJobs sends the follow-up reminders of return-to-work cases and
// destroys the content of cases past retention, at start and then every
// hour, for every municipality, until ctx ends. Both are idempotent: a
// reminder is sent once, a destroyed case is not destroyed again.
func runRTWJobs(ctx context.Context, d *db.DB, keys *seal.Ring, years int, log *slog.Logger) {
	st := &rtw.Store{DB: d, Keys: keys}
	for {
		munis, err := db.Int64s(ctx, d.R, `SELECT id FROM municipalities ORDER BY id`)
		if err != nil {
			log.Warn("rtw jobs: municipalities", "err", err)
		}
		for _, m := range munis {
			if n, err := st.Remind(ctx, m); err != nil {
				log.Warn("rtw jobs: reminders", "municipality", m, "err", err)
			} else if n > 0 {
				log.Info("rtw follow-up reminders sent", "municipality", m, "notices", n)
			}
			if n, err := st.Destroy(ctx, m, years); err != nil {
				log.Warn("rtw jobs: retention", "municipality", m, "err", err)
			} else if n > 0 {
				log.Info("rtw content destroyed after retention", "municipality", m, "cases", n)
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(time.Hour):
		}
	}
}
