package recruit

import (
	"context"
	"database/sql"
	"sort"
	"strconv"
	"time"

	"hagukumi/audit"
	"hagukumi/calendar"
	"hagukumi/db"
	"hagukumi/public"
)

// RemindersDue decides a registration's reminders at now: the reminders
// whose day (days before the start, in Japan) has come are marked, and
// only the nearest of them is sent — a registrant who registers late gets
// one mail, not several. A reminder whose day came before the
// registration is marked without a mail (the confirmation just went).
func RemindersDue(days []int, start, created, now time.Time) (send int, ok bool, mark []int) {
	ds := append([]int(nil), days...)
	sort.Ints(ds)
	send = -1
	for _, d := range ds {
		if !ReminderDue(start, d, now) {
			continue
		}
		mark = append(mark, d)
		day := calendar.Today(start).AddDate(0, 0, -d)
		if send < 0 && calendar.Today(created).Before(day) {
			send = d
		}
	}
	return send, send >= 0, mark
}

// Remind queues the due reminders of every municipality's upcoming
// sessions to those registered (not waitlisted, not cancelled). Each is
// recorded under a unique key (registration, days) in the same
// transaction as its mail, so it goes once however often the job runs and
// whichever instance runs it.
func (s *Store) Remind(ctx context.Context) (int, error) {
	now := s.now()
	type due struct {
		reg, muni, sub int64
		email, title   string
		days           string
		start, created time.Time
		place          string
	}
	list, err := db.QueryAll(ctx, s.DB.R, func(r db.Scanner) (due, error) {
		var d due
		err := r.Scan(&d.reg, &d.muni, &d.sub, &d.email, &d.title, &d.days, &d.start, &d.created, &d.place)
		return d, err
	}, `SELECT g.id, g.municipality_id, g.submission_id, g.email, e.title, e.reminder_days, x.starts_at, g.created_at, x.place
		FROM recruit_registrations g JOIN recruit_sessions x ON x.id = g.session_id JOIN recruit_events e ON e.id = g.event_id
		WHERE g.state = 'registered' AND g.submission_id IS NOT NULL AND e.purged_at IS NULL AND x.starts_at > $1 AND x.starts_at <= $2
		ORDER BY g.id`, now, now.AddDate(0, 0, 32))
	if err != nil {
		return 0, err
	}
	sent := 0
	for _, d := range list {
		send, ok, mark := RemindersDue(ParseReminders(d.days), d.start, d.created, now)
		if len(mark) == 0 {
			continue
		}
		err := s.write(ctx, d.muni, func(tx *sql.Tx, c *audit.Chain, now time.Time) error {
			var state string
			if err := tx.QueryRowContext(ctx, `SELECT state FROM recruit_registrations WHERE id = $1`, d.reg).Scan(&state); err != nil {
				return err
			}
			if state != Registered {
				return nil
			}
			mailIt := false
			for _, day := range mark {
				res, err := tx.ExecContext(ctx, `INSERT INTO recruit_reminders (registration_id, days, sent_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, d.reg, day, now)
				if err != nil {
					return err
				}
				if n, _ := res.RowsAffected(); n == 1 && ok && day == send {
					mailIt = true
				}
			}
			if !mailIt {
				return nil
			}
			center, err := centerName(ctx, tx, d.muni)
			if err != nil {
				return err
			}
			x := Session{StartsAt: d.start, Place: d.place}
			body := "「" + d.title + "」へのご登録ありがとうございます。開催が近づきましたのでお知らせします。\n\n日時・会場: " + x.Label() + "\n\n" +
				"当日は受付で、登録時にお送りしたメールのリンクから表示できるQRコードをお見せください。\n参加できなくなった場合は、同じリンクからキャンセルしてください（キャンセル待ちの方に順番が回ります）。\n\n" + center + "\n"
			if err := public.QueueMail(ctx, tx, d.muni, d.sub, d.email, "【"+center+"】"+d.title+"：開催"+strconv.Itoa(send)+"日前のお知らせ", body, now); err != nil {
				return err
			}
			sent++
			return c.Add(ctx, now, audit.System, "remind", "recruit_registration", id(d.reg), map[string]any{"days": send})
		})
		if err != nil {
			return sent, err
		}
	}
	return sent, nil
}

// Purged counts what a retention run deleted.
type Purged struct {
	Events        int
	Registrations int
	Submissions   int
	Mails         int
}

// Purge deletes the personal data of every briefing whose retention ended
// by asOf: each registration's name, kana, e-mail, faculty, question and
// check-in code are blanked, its public submission is deleted with its
// mails, and the survey's free comments are blanked. What stays is the
// non-identifying columns the figures count (session, state, university,
// graduation year, 職種 of interest, the survey's scores). Each event is
// one transaction with one audit entry that names counts only. On
// PostgreSQL the tables are vacuumed afterwards.
func (s *Store) Purge(ctx context.Context, asOf time.Time) (Purged, error) {
	type cand struct {
		muni, event int64
		retain      string
		last        time.Time
	}
	// One row per session (MAX of a time is a text on SQLite): the
	// latest start of each event is found here.
	rows, err := db.QueryAll(ctx, s.DB.R, func(r db.Scanner) (cand, error) {
		var c cand
		err := r.Scan(&c.muni, &c.event, &c.retain, &c.last)
		return c, err
	}, `SELECT e.municipality_id, e.id, e.retain_until, x.starts_at FROM recruit_events e JOIN recruit_sessions x ON x.event_id = e.id
		WHERE e.purged_at IS NULL ORDER BY e.id, x.starts_at`)
	var out Purged
	if err != nil {
		return out, err
	}
	var list []cand
	for _, c := range rows {
		if n := len(list); n > 0 && list[n-1].event == c.event {
			list[n-1].last = c.last
			continue
		}
		list = append(list, c)
	}
	for _, c := range list {
		if !Due(RetentionEnd(c.retain, c.last.UTC()), asOf) {
			continue
		}
		err := s.write(ctx, c.muni, func(tx *sql.Tx, ch *audit.Chain, now time.Time) error {
			subs, err := db.Int64s(ctx, tx, `SELECT submission_id FROM recruit_registrations WHERE event_id = $1 AND submission_id IS NOT NULL ORDER BY id`, c.event)
			if err != nil {
				return err
			}
			res, err := tx.ExecContext(ctx, `UPDATE recruit_registrations SET name = '', kana = '', email = '', email_key = NULL, faculty = '', question = '',
				checkin_code = NULL, submission_id = NULL, purged = TRUE, updated_at = $1 WHERE event_id = $2`, now, c.event)
			if err != nil {
				return err
			}
			regs, _ := res.RowsAffected()
			mails := 0
			for _, sub := range subs {
				m, _, err := public.DeleteSubmission(ctx, tx, sub)
				if err != nil {
					return err
				}
				mails += m
			}
			if _, err := tx.ExecContext(ctx, `UPDATE recruit_answers SET comment = '' WHERE event_id = $1`, c.event); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `UPDATE recruit_events SET purged_at = $1, published = FALSE, updated_at = $1 WHERE id = $2`, now, c.event); err != nil {
				return err
			}
			out.Events++
			out.Registrations += int(regs)
			out.Submissions += len(subs)
			out.Mails += mails
			return ch.Add(ctx, now, audit.System, "purge", "recruit_event", id(c.event),
				map[string]any{"registrations": regs, "submissions": len(subs), "mails": mails})
		})
		if err != nil {
			return out, err
		}
	}
	if out.Events > 0 && s.DB.Engine == db.Postgres {
		// VACUUM runs outside a transaction; it frees the dead row versions
		// the purge left, so their bytes are overwritten in time.
		if _, err := s.DB.W.ExecContext(ctx, `VACUUM recruit_registrations, recruit_answers, public_submissions, mail_queue`); err != nil {
			return out, err
		}
	}
	return out, nil
}
