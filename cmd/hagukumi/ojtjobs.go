package main

import (
	"context"
	"log/slog"
	"time"

	"hagukumi/db"
	"hagukumi/ojt"
)

// runOJTJobs sends the OJT reminders (missing reflections, owed trainer
// comments, 所属長 sign-offs due) at start and then every hour, for every
// municipality, until ctx ends. Each reminder is recorded with its period
// in the same transaction as its notice, so none is sent twice.
func runOJTJobs(ctx context.Context, d *db.DB, log *slog.Logger) {
	st := &ojt.Store{DB: d}
	for {
		munis, err := db.Int64s(ctx, d.R, `SELECT id FROM municipalities ORDER BY id`)
		if err != nil {
			log.Warn("ojt jobs: municipalities", "err", err)
		}
		for _, m := range munis {
			if n, err := st.Remind(ctx, m); err != nil {
				log.Warn("ojt jobs: reminders", "municipality", m, "err", err)
			} else if n > 0 {
				log.Info("ojt reminders sent", "municipality", m, "notices", n)
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(time.Hour):
		}
	}
}
