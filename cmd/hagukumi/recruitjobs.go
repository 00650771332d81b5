package main

import (
	"context"
	"log/slog"
	"time"

	"hagukumi/db"
	"hagukumi/public"
	"hagukumi/recruit"
)

// runRecruitJobs queues the due reminders of the recruitment briefings at
// start and then every hour until ctx ends. It is idempotent: each
// reminder is recorded under a unique key with its mail, so it goes once
// whichever instance runs it.
func runRecruitJobs(ctx context.Context, d *db.DB, log *slog.Logger) {
	st := &recruit.Store{DB: d, Pub: &public.Store{DB: d}}
	for {
		if n, err := st.Remind(ctx); err != nil && ctx.Err() == nil {
			log.Warn("recruit jobs: reminders", "err", err)
		} else if n > 0 {
			log.Info("recruit reminders queued", "mails", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(time.Hour):
		}
	}
}
