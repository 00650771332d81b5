package web_test

import (
	"context"
	"testing"
	"time"

	"hagukumi/audit"
	"hagukumi/ojt"
	"hagukumi/staff"
	"hagukumi/web/webtest"
)

// A trainer moved by a personnel import: the plan shows the change and asks
// for a replacement, who serves the rest of the term; the history keeps both.
func TestOJTTrainerMovedByImport(t *testing.T) {
	t.Parallel()
	webtest.ForEach(t, func(t *testing.T, f *webtest.Fixture) {
		e := newOJTEnv(t, f)
		ctx := context.Background()
		if _, err := e.ojt.NameTrainer(ctx, audit.System, f.A.ID, e.plan, "A2001", ""); err != nil {
			t.Fatal(err)
		}
		head := "職員番号,氏名,フリガナ,性別,生年月日,採用日,雇用区分,職種,職位,職位発令日,所属,出身大学,メール,在職状況\n"
		res, err := f.Srv.Staff.Import(ctx, f.A.ID, audit.System, "move.csv", []byte(head+
			"A2001,鈴木 次郎,スズキ ジロウ,男,1995/3/3,2018/4/1,正規,一般事務,主事,2018/4/1,総務部 人事課,常葉大学,,在職\n"),
			staff.ImportOptions{AsOf: ojtClock, Confirm: true})
		if err != nil || !res.Applied {
			t.Fatalf("import: %v %+v", err, res)
		}
		p := e.plans(t)["A3001"]
		if p.State != ojt.StateNoTrainer || len(p.Changes) != 1 || p.Changes[0].Code != ojt.CodeTrainerMoved {
			t.Fatalf("after the move: %+v", p)
		}
		f.Srv.SetClock(func() time.Time { return ojtClock.AddDate(0, 1, 0) })
		e.ojt.Now = func() time.Time { return ojtClock.AddDate(0, 1, 0) }
		if _, err := e.ojt.NameTrainer(ctx, audit.System, f.A.ID, e.plan, "A2002", "後任"); err != nil {
			t.Fatal(err)
		}
		d, err := e.ojt.Plan(ctx, f.A.ID, e.plan)
		if err != nil {
			t.Fatal(err)
		}
		if d.State != ojt.StateInProgress || len(d.Trainers) != 2 || d.Trainers[0].To != "2026-07-01" || d.Trainers[1].From != "2026-07-01" || d.End != "2027-03-31" {
			t.Errorf("replacement: state %s, trainers %+v, end %s", d.State, d.Trainers, d.End)
		}
	})
}
