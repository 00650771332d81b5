package training_test

import (
	"context"
	"reflect"
	"testing"
	"time"

	"hagukumi/audit"
	"hagukumi/calendar"
	"hagukumi/db"
	"hagukumi/db/dbtest"
	"hagukumi/staff"
	"hagukumi/training"
)

// A personnel file as HR writes it: 和暦 and ISO dates, 休職 and 退職.
const file = `職員番号,氏名,フリガナ,採用日,雇用区分,職位,職位発令日,所属,在職状況,昇格候補
1001,新人 一郎,シンジン イチロウ,令和8年4月1日,正規,主事,R8.4.1,総務部 人事課,在職,
1002,三月 花子,サンガツ ハナコ,2027/3/31,正規,主事,2027/3/31,総務部 人事課,在職,
1003,途中 次郎,トチュウ ジロウ,R8.10.1,正規,主事,R8.10.1,市民文化部 市民課,在職,
1004,去年 三郎,キョネン サブロウ,2026-03-31,正規,主事,2026-03-31,市民文化部 市民課,在職,
1005,休職 四郎,キュウショク シロウ,2026/4/1,正規,主事,2026/4/1,市民文化部 市民課,休職,
1006,退職 五郎,タイショク ゴロウ,2026/4/1,正規,主事,2026/4/1,市民文化部 市民課,退職,
1007,会計 六子,カイケイ ムツコ,2026/4/1,会計年度任用,,,市民文化部 市民課,在職,
1008,係長 七海,カカリチョウ ナナミ,H12.4.1,正規,係長,R8.4.1,総務部 行政課,在職,
1009,係長 八郎,カカリチョウ ハチロウ,H12.4.1,正規,係長,R7.4.1,総務部 行政課,在職,
1010,主任 九子,シュニン キュウコ,H17.4.1,正規,主任主査,R7.4.1,総務部 行政課,在職,
1011,主任 十郎,シュニン ジュウロウ,H17.4.1,正規,主任主査,R8.4.1,総務部 行政課,在職,
1012,課長 一美,カチョウ カズミ,H7.4.1,正規,課長,R8.4.1,総務部,在職,
1013,候補 二郎,コウホ ジロウ,H27.4.1,正規,主任主事,R3.4.1,総務部 人事課,在職,主査
1014,候補 三子,コウホ ミツコ,H27.4.1,正規,主任主事,R3.4.1,総務部 人事課,休職,主査
1015,二年 四郎,ニネン シロウ,R7.4.1,正規,主事,R7.4.1,総務部 人事課,在職,
1016,三年 五子,サンネン イツコ,R6.6.1,正規,主事,R6.6.1,総務部 人事課,在職,
`

func TestEligibilityOnBothEngines(t *testing.T) {
	dbtest.ForEachBackend(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		now := func() time.Time { return time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC) }
		ss := &staff.Store{DB: d, Now: now}
		m, err := ss.EnsureMunicipality(ctx)
		if err != nil {
			t.Fatal(err)
		}
		res, err := ss.Import(ctx, m.ID, audit.System, "hr.csv", []byte(file), staff.ImportOptions{AsOf: calendar.D(2026, 4, 1)})
		if err != nil || len(res.Errors) > 0 {
			t.Fatalf("import: %v %+v", err, res.Errors)
		}
		ts := &training.Store{DB: d, Now: now}
		if err := ts.EnsureCatalog(ctx, m.ID); err != nil {
			t.Fatal(err)
		}
		want := map[string][]string{
			"NEW_HIRE":        {"1001", "1002", "1003"},
			"YEAR2":           {"1004", "1015"},
			"YEAR3":           {"1016"},
			"SHUSA_CANDIDATE": {"1013"},
			"NEW_KAKARICHO":   {"1008"},
			"SHUNIN_SHUSA_2":  {"1010"},
			"NEW_KACHO":       {"1012"},
			"KAIKEI_NENDO":    {"1007"},
			"SETTAI":          {},
		}
		for code, nums := range want {
			p, err := ts.ProgramByCode(ctx, m.ID, code)
			if err != nil {
				t.Fatal(err)
			}
			r, err := ts.RosterFor(ctx, m.ID, p, 2026, nil)
			if err != nil {
				t.Fatal(err)
			}
			got := []string{}
			for _, e := range r.Entries() {
				got = append(got, e.Number)
			}
			if !reflect.DeepEqual(got, nums) {
				t.Errorf("%s FY2026: %v, want %v", code, got, nums)
			}
		}
		// Exceptions: exclude one new hire, include someone else, with reasons.
		p, _ := ts.ProgramByCode(ctx, m.ID, "NEW_HIRE")
		if err := ts.SetException(ctx, audit.System, m.ID, p.ID, 2026, "1002", "exclude", "育児休業の予定"); err != nil {
			t.Fatal(err)
		}
		if err := ts.SetException(ctx, audit.System, m.ID, p.ID, 2026, "1004", "include", "前年度未受講"); err != nil {
			t.Fatal(err)
		}
		if err := ts.SetException(ctx, audit.System, m.ID, p.ID, 2026, "1004", "include", ""); err == nil {
			t.Fatal("an exception without a reason was accepted")
		}
		r, _ := ts.RosterFor(ctx, m.ID, p, 2026, nil)
		var got []string
		for _, e := range r.Entries() {
			got = append(got, e.Number)
		}
		if !reflect.DeepEqual(got, []string{"1001", "1003", "1004"}) {
			t.Fatalf("with exceptions: %v", got)
		}
		// Snapshot, then a personnel import moves 1003 to 休職: the diff shows it left.
		d1, err := ts.SnapshotAndDiff(ctx, m.ID, p, r)
		if err != nil || !d1.First {
			t.Fatalf("first snapshot: %v %+v", err, d1)
		}
		res, _ = ss.Import(ctx, m.ID, audit.System, "hr.csv", []byte(
			"職員番号,氏名,採用日,雇用区分,在職状況,所属\n1003,途中 次郎,R8.10.1,正規,休職,市民文化部 市民課\n"), staff.ImportOptions{AsOf: calendar.D(2026, 11, 1)})
		if len(res.Errors) > 0 || res.Updated != 1 {
			t.Fatalf("second import: %+v", res)
		}
		r, _ = ts.RosterFor(ctx, m.ID, p, 2026, nil)
		d2, err := ts.SnapshotAndDiff(ctx, m.ID, p, r)
		if err != nil || d2.First || !reflect.DeepEqual(d2.Left, []string{"1003"}) || len(d2.Joined) != 0 {
			t.Fatalf("diff after import: %v %+v", err, d2)
		}
	})
}
