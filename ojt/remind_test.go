package ojt

import (
	"context"
	"testing"
	"time"

	"hagukumi/audit"
	"hagukumi/auth"
	"hagukumi/db"
	"hagukumi/db/dbtest"
	"hagukumi/staff"
)

// The reminder job, with a fixed clock: the trainee, the trainer and the
// 所属長 each get their notice (in-app and mail) once per period, however
// often the job runs; the next month brings the next one.
func TestRemindOncePerPeriod(t *testing.T) {
	dbtest.ForEachBackend(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		now := time.Date(2026, 5, 10, 0, 0, 0, 0, time.UTC)
		clock := func() time.Time { return now }
		st := &staff.Store{DB: d, Now: clock}
		a, err := st.EnsureMunicipality(ctx)
		if err != nil {
			t.Fatal(err)
		}
		csv := head +
			"N1,新 一,シン イチ,男,2003/4/4,2026/4/1,正規,一般事務,主事,2026/4/1,総務部 人事課,,n1@example.jp,在職\n" +
			"O1,旧 一,キュウ イチ,男,1990/1/1,2015/4/1,正規,一般事務,主任主事,2020/4/1,総務部 人事課,,o1@example.jp,在職\n" +
			"B1,課長 一,カチョウ イチ,男,1975/1/1,1998/4/1,正規,一般事務,課長,2020/4/1,総務部 人事課,,b1@example.jp,在職\n" +
			"B2,部長 一,ブチョウ イチ,男,1970/1/1,1993/4/1,正規,一般事務,部長,2020/4/1,総務部,,b2@example.jp,在職\n"
		if res, err := st.Import(ctx, a.ID, audit.System, "s.csv", []byte(csv), staff.ImportOptions{AsOf: time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC), Confirm: true}); err != nil || !res.Applied {
			t.Fatalf("import %v %+v", err, res)
		}
		as := &auth.Store{DB: d}
		for _, x := range []struct{ login, number string }{{"kacho", "B1"}, {"bucho", "B2"}} {
			var sid, unit int64
			if err := d.R.QueryRowContext(ctx, `SELECT id, unit_id FROM staff WHERE municipality_id = $1 AND number = $2`, a.ID, x.number).Scan(&sid, &unit); err != nil {
				t.Fatal(err)
			}
			if _, err := as.CreateUser(ctx, a.ID, audit.System, auth.NewUser{Login: x.login, DisplayName: x.login, Role: auth.Supervisor,
				UnitID: unit, StaffID: sid, Password: "correct horse battery staple 9"}); err != nil {
				t.Fatal(err)
			}
		}
		s := &Store{DB: d, Now: clock}
		if _, err := s.CreatePlansForNewHires(ctx, audit.System, a.ID, 2026, nil); err != nil {
			t.Fatal(err)
		}
		plans, err := s.Plans(ctx, a.ID, 2026, auth.Scope{})
		if err != nil || len(plans) != 1 {
			t.Fatalf("plans %d %v", len(plans), err)
		}
		plan := plans[0].ID
		if _, err := s.NameTrainer(ctx, audit.System, a.ID, plan, "O1", "テスト"); err != nil {
			t.Fatal(err)
		}
		noticesTo := func(number, kind string) int {
			var n int
			if err := d.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM notifications n JOIN staff s ON s.id = n.staff_id
				WHERE n.municipality_id = $1 AND s.number = $2 AND n.kind = $3`, a.ID, number, noticePrefix+kind).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		mails := func() int {
			var n int
			d.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM mail_queue WHERE municipality_id = $1 AND subject LIKE '【OJT】%'`, a.ID).Scan(&n)
			return n
		}
		run := func(want int) {
			t.Helper()
			n, err := s.Remind(ctx, a.ID)
			if err != nil || n != want {
				t.Fatalf("%s: sent %d (%v), want %d", now.Format(time.DateOnly), n, err, want)
			}
		}
		// May: April's reflection is missing.
		run(1)
		run(0)
		if noticesTo("N1", RemindReflection) != 1 || mails() != 1 {
			t.Errorf("trainee reminder: %d notices, %d mails", noticesTo("N1", RemindReflection), mails())
		}
		// The trainee writes it: the trainer owes a comment, once.
		text := "4月の振り返り"
		if err := s.SaveMonth(ctx, audit.System, a.ID, plan, "2026-04", MonthWrite{Reflection: &text}); err != nil {
			t.Fatal(err)
		}
		run(1)
		run(0)
		if noticesTo("O1", RemindComment) != 1 {
			t.Error("trainer reminder missing")
		}
		// July: June's reflection and the first quarter's sign-off, to the
		// 課長 (the deepest unit above the trainee), not the 部長.
		now = time.Date(2026, 7, 2, 0, 0, 0, 0, time.UTC)
		run(2)
		run(0)
		if noticesTo("B1", RemindReview) != 1 || noticesTo("B2", RemindReview) != 0 || noticesTo("N1", RemindReflection) != 2 {
			t.Errorf("July: 課長 %d, 部長 %d, trainee %d", noticesTo("B1", RemindReview), noticesTo("B2", RemindReview), noticesTo("N1", RemindReflection))
		}
		// A fresh store (a restart) sends nothing again.
		again := &Store{DB: d, Now: clock}
		if n, err := again.Remind(ctx, a.ID); err != nil || n != 0 {
			t.Errorf("after a restart: sent %d (%v)", n, err)
		}
	})
}
