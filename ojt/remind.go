package ojt

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"hagukumi/audit"
	"hagukumi/auth"
	"hagukumi/db"
	"hagukumi/notify"
	"hagukumi/staff"
)

// Notice kind of the reminders, one per reminder kind.
const noticePrefix = "ojt_remind_"

// remindPlan is what the job reads of a plan to send its reminders.
type remindPlan struct {
	id, trainee, trainer     int64
	start, end, state, unit  string
	traineeMail, trainerMail string
	goals                    []Goal
	signed                   map[int]bool
}

// recipient is who gets one reminder.
type recipient struct {
	staffID int64
	email   string
}

// Remind sends the OJT reminders due today (DueReminders) for the plans of
// this fiscal year and the last: the trainee for a missing reflection, the
// trainer for an owed comment, the 所属長 (the supervisors heading the
// deepest unit above the trainee) for a sign-off. Each goes once per plan,
// kind, period and person: the row in ojt_reminders is written first, in
// the same transaction as the notice, so a restart never sends it again.
// It tells how many notices it wrote.
func (s *Store) Remind(ctx context.Context, muni int64) (int, error) {
	now := s.now()
	today := s.today()
	fy := FYOf(today)
	n := 0
	err := s.write(ctx, func(tx *sql.Tx) error {
		plans, err := db.QueryAll(ctx, tx, func(r db.Scanner) (*remindPlan, error) {
			p := &remindPlan{signed: map[int]bool{}}
			return p, r.Scan(&p.id, &p.trainee, &p.trainer, &p.start, &p.end, &p.state, &p.unit, &p.traineeMail, &p.trainerMail)
		}, `SELECT p.id, p.trainee_id, COALESCE(r.id, 0), p.start_date, p.end_date, p.state, COALESCE(tu.path, ''),
			COALESCE(t.email, ''), COALESCE(r.email, '')
			FROM ojt_plans p JOIN staff t ON t.id = p.trainee_id LEFT JOIN org_units tu ON tu.id = t.unit_id
			LEFT JOIN staff r ON r.id = p.trainer_id AND r.status = $4
			WHERE p.municipality_id = $1 AND p.fy IN ($2, $3) AND p.state <> $5 AND t.status = $4 ORDER BY p.id`,
			muni, fy, fy-1, staff.Active, StateCompleted)
		if err != nil || len(plans) == 0 {
			return err
		}
		at := map[int64]*remindPlan{}
		for _, p := range plans {
			at[p.id] = p
		}
		type goalRow struct {
			plan int64
			g    Goal
		}
		goals, err := db.QueryAll(ctx, tx, func(r db.Scanner) (goalRow, error) {
			var x goalRow
			return x, r.Scan(&x.plan, &x.g.Month, &x.g.Reflection, &x.g.TrainerComment)
		}, `SELECT g.plan_id, g.month, g.reflection, g.trainer_comment FROM ojt_goals g JOIN ojt_plans p ON p.id = g.plan_id
			WHERE g.municipality_id = $1 AND p.fy IN ($2, $3) ORDER BY g.plan_id, g.month`, muni, fy, fy-1)
		if err != nil {
			return err
		}
		for _, x := range goals {
			if p := at[x.plan]; p != nil {
				p.goals = append(p.goals, x.g)
			}
		}
		type reviewRow struct {
			plan    int64
			quarter int
		}
		reviews, err := db.QueryAll(ctx, tx, func(r db.Scanner) (reviewRow, error) {
			var x reviewRow
			return x, r.Scan(&x.plan, &x.quarter)
		}, `SELECT v.plan_id, v.quarter FROM ojt_reviews v JOIN ojt_plans p ON p.id = v.plan_id
			WHERE v.municipality_id = $1 AND p.fy IN ($2, $3)`, muni, fy, fy-1)
		if err != nil {
			return err
		}
		for _, x := range reviews {
			if p := at[x.plan]; p != nil {
				p.signed[x.quarter] = true
			}
		}
		type head struct {
			recipient
			path string
		}
		heads, err := db.QueryAll(ctx, tx, func(r db.Scanner) (head, error) {
			var h head
			return h, r.Scan(&h.staffID, &h.path, &h.email)
		}, `SELECT u.staff_id, o.path, COALESCE(s.email, '') FROM users u JOIN org_units o ON o.id = u.unit_id
			JOIN staff s ON s.id = u.staff_id WHERE u.municipality_id = $1 AND u.role = $2 AND u.disabled = FALSE ORDER BY u.id`,
			muni, string(auth.Supervisor))
		if err != nil {
			return err
		}
		for _, p := range plans {
			start, err1 := time.Parse(time.DateOnly, p.start)
			end, err2 := time.Parse(time.DateOnly, p.end)
			if err1 != nil || err2 != nil {
				continue
			}
			dues := DueReminders(RemindFacts{Start: start, End: end, HasTrainer: p.trainer != 0, Goals: p.goals, Signed: p.signed}, today)
			for _, d := range dues {
				var to []recipient
				switch d.Kind {
				case RemindReflection:
					to = []recipient{{p.trainee, p.traineeMail}}
				case RemindComment:
					to = []recipient{{p.trainer, p.trainerMail}}
				case RemindReview:
					deepest := -1
					for _, h := range heads {
						if h.staffID == p.trainee || p.unit == "" || !auth.InPath(p.unit, h.path) {
							continue
						}
						if depth := strings.Count(h.path, "/"); depth > deepest {
							deepest, to = depth, nil
						}
						if strings.Count(h.path, "/") == deepest {
							to = append(to, h.recipient)
						}
					}
				}
				for _, rc := range to {
					res, err := tx.ExecContext(ctx, `INSERT INTO ojt_reminders (municipality_id, plan_id, kind, period, staff_id, sent_at)
						VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (plan_id, kind, period, staff_id) DO NOTHING`,
						muni, p.id, d.Kind, d.Period, rc.staffID, now)
					if err != nil {
						return err
					}
					if k, _ := res.RowsAffected(); k == 0 {
						continue
					}
					subject, body := ReminderText(d)
					if err := notify.Write(ctx, tx, now, notify.Notice{Muni: muni, StaffID: rc.staffID, Kind: noticePrefix + d.Kind,
						Subject: subject, Body: body, Link: fmt.Sprintf("/ojt/plans/%d", p.id), Email: rc.email}); err != nil {
						return err
					}
					n++
				}
			}
		}
		if n == 0 {
			return nil
		}
		return audit.Record(ctx, tx, now, muni, audit.System, "remind", "ojt_plan", "", map[string]int{"notices": n})
	})
	if err != nil {
		return 0, err
	}
	return n, nil
}

// ReminderText is the subject and body of a reminder. It names no person:
// the link opens the plan, which answers only to those who may see it.
func ReminderText(d Due) (subject, body string) {
	month := func() string {
		t, err := time.Parse("2006-01", d.Month)
		if err != nil {
			return d.Month
		}
		return fmt.Sprintf("%d月", t.Month())
	}
	switch d.Kind {
	case RemindReflection:
		return "【OJT】" + month() + "の振り返りを書いてください",
			"OJT計画の" + month() + "の振り返りがまだ書かれていません。計画のページから入力してください。"
	case RemindComment:
		return "【OJT】" + month() + "の振り返りにコメントをお願いします",
			"新規採用職員が" + month() + "の振り返りを書きました。トレーナーとしてコメントを入力してください。"
	}
	what := fmt.Sprintf("第%d四半期の確認", d.Quarter)
	if d.Quarter == 5 {
		what = "年度末の確認（修了）"
	}
	return "【OJT】所属長の" + what + "をお願いします",
		"担当する新規採用職員のOJT計画で、所属長の" + what + "がまだ記録されていません。計画のページで確認を記録してください。"
}
