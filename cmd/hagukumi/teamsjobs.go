package main

import (
	"context"
	"log/slog"
	"time"

	"hagukumi/db"
	"hagukumi/teams"
)

// runTeamsJobs sends the reminders of the yearly answer requests of the
// policy teams (7 days and 1 day before the due date, and once after it to
// departments that have not answered), at start and then every hour, for
// every municipality, until ctx ends. Each reminder is recorded with the
// notice it sends, so a restart or a second instance sends none twice.
func runTeamsJobs(ctx context.Context, d *db.DB, log *slog.Logger) {
	st := &teams.Store{DB: d}
	for {
		munis, err := db.Int64s(ctx, d.R, `SELECT id FROM municipalities ORDER BY id`)
		if err != nil {
			log.Warn("teams jobs: municipalities", "err", err)
		}
		for _, m := range munis {
			if n, err := st.Remind(ctx, m); err != nil {
				log.Warn("teams jobs: answer request reminders", "municipality", m, "err", err)
			} else if n > 0 {
				log.Info("proposal answer reminders sent", "municipality", m, "notices", n)
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(time.Hour):
		}
	}
}
