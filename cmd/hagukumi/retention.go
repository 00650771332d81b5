package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"time"

	"hagukumi/calendar"
	"hagukumi/db"
	"hagukumi/dispatch"
	"hagukumi/public"
	"hagukumi/recruit"
)

// retentionCmd deletes the personal data whose retention period has run
// out (hagukumi retention run [--as-of DATE]) and prints what it deleted
// as counts.
func retentionCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "run" {
		return fmt.Errorf("使い方: hagukumi retention run [--as-of YYYY-MM-DD]")
	}
	var cfg Config
	fs := newFlags("retention run", &cfg, stderr)
	asOf := fs.String("as-of", "", "the day to judge retention by (default today)")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	at := time.Now()
	if *asOf != "" {
		d, err := time.ParseInLocation(time.DateOnly, *asOf, calendar.JST)
		if err != nil {
			return fmt.Errorf("--as-of は 2026-04-01 の形で指定してください")
		}
		// The whole day counts: what expires during it is deleted.
		at = d.AddDate(0, 0, 1).Add(-time.Nanosecond)
	}
	a, err := open(ctx, &cfg, stderr)
	if err != nil {
		return err
	}
	defer a.DB.Close()
	pub := &public.Store{DB: a.DB}
	// The briefings first: their purge deletes their registrants'
	// submissions, which the public store's own run then need not see.
	rp, err := (&recruit.Store{DB: a.DB, Pub: pub}).Purge(ctx, at)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "保存期間を過ぎた採用説明会の個人情報を削除しました: 説明会 %d 件、参加登録 %d 件、公開フォームの受付 %d 件、メール %d 通\n", rp.Events, rp.Registrations, rp.Submissions, rp.Mails)
	p, err := pub.Purge(ctx, at)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "保存期間を過ぎた個人情報を削除しました: 公開フォームの受付 %d 件、メール %d 通、対応の記録 %d 件\n", p.Submissions, p.Mails, p.Notes)
	dp, err := (&dispatch.Store{DB: a.DB}).Purge(ctx, at)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "保存期間を過ぎた講師派遣の依頼者の個人情報を削除しました: 依頼 %d 件、公開フォームの受付 %d 件、メール %d 通\n", dp.Requests, dp.Submissions, dp.Mails)
	return nil
}

// runRetentionDaily runs the retention once at start and then every day
// until ctx ends.
func runRetentionDaily(ctx context.Context, d *db.DB, log *slog.Logger) {
	s := &public.Store{DB: d}
	ds := &dispatch.Store{DB: d}
	rs := &recruit.Store{DB: d, Pub: s}
	for {
		rp, err := rs.Purge(ctx, time.Now())
		switch {
		case err != nil && ctx.Err() == nil:
			log.Error("retention: recruitment", "err", err)
		case rp.Events > 0:
			log.Info("retention: recruitment", "events", rp.Events, "registrations", rp.Registrations, "submissions", rp.Submissions, "mails", rp.Mails)
		}
		p, err := s.Purge(ctx, time.Now())
		switch {
		case err != nil && ctx.Err() == nil:
			log.Error("retention", "err", err)
		case p.Submissions > 0:
			log.Info("retention", "submissions", p.Submissions, "mails", p.Mails, "notes", p.Notes)
		}
		dp, err := ds.Purge(ctx, time.Now())
		switch {
		case err != nil && ctx.Err() == nil:
			log.Error("retention", "kind", "lecture", "err", err)
		case dp.Requests > 0:
			log.Info("retention", "lecture_requests", dp.Requests, "submissions", dp.Submissions, "mails", dp.Mails)
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(24 * time.Hour):
		}
	}
}
