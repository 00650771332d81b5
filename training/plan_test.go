package training_test

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	"hagukumi/audit"
	"hagukumi/calendar"
	"hagukumi/db"
	"hagukumi/db/dbtest"
	"hagukumi/training"
)

func TestNearestSameWeekday(t *testing.T) {
	cases := []struct {
		from string
		fy   int
		want string
	}{
		{"2025-04-15", 2026, "2026-04-14"}, // Tue → Tue, one day earlier
		{"2025-06-10", 2026, "2026-06-09"},
		{"2024-04-01", 2025, "2025-04-07"}, // Mon → 2025-04-01 is a Tue; Mon 3/31 is in FY2024, so Mon 4/7
		{"2025-04-01", 2026, "2026-04-07"}, // Tue → 2026-04-01 is Wed; nearest Tue 3/31 is out of FY2026
		{"2025-03-31", 2025, "2026-03-30"}, // Mon in FY2024 → nearest Mon to 2026-03-31 (Tue) is 3/30
		{"2024-03-29", 2024, "2025-03-28"}, // Fri → Fri
		{"2023-04-03", 2025, "2025-04-07"}, // two years: Mon 2023-04-03 → 2025-04-03 Thu → Mon 4/7 (+4 → −3 gives 3/31, out of FY)
		{"2024-02-29", 2024, "2025-02-27"}, // leap day: Thu → from 2025-02-28 (Fri) back to Thu
	}
	for _, c := range cases {
		d, _ := time.Parse(time.DateOnly, c.from)
		got := training.NearestSameWeekday(d, c.fy).Format(time.DateOnly)
		if got != c.want {
			t.Errorf("NearestSameWeekday(%s, %d) = %s, want %s", c.from, c.fy, got, c.want)
		}
		g, _ := time.Parse(time.DateOnly, got)
		if g.Weekday() != d.Weekday() || calendar.FiscalYear(g) != c.fy {
			t.Errorf("%s → %s: weekday %v/%v, FY %d", c.from, got, d.Weekday(), g.Weekday(), calendar.FiscalYear(g))
		}
	}
}

func TestShiftDays(t *testing.T) {
	cases := []struct {
		name string
		in   []string
		fy   int
		want []string
		err  bool
	}{
		{"one day", []string{"2025-06-10"}, 2026, []string{"2026-06-09"}, false},
		{"consecutive days stay together", []string{"2025-06-10", "2025-06-11"}, 2026, []string{"2026-06-09", "2026-06-10"}, false},
		{"a week apart", []string{"2025-10-07", "2025-10-14"}, 2026, []string{"2026-10-06", "2026-10-13"}, false},
		{"end of March stays in the year", []string{"2026-03-27", "2026-03-30"}, 2026, []string{"2027-03-26", "2027-03-29"}, false},
		{"a whole year cannot move", []string{"2025-04-01", "2026-03-30"}, 2026, nil, true},
		{"empty", nil, 2026, nil, false},
		{"bad date", []string{"2025-13-01"}, 2026, nil, true},
	}
	for _, c := range cases {
		var days []training.Day
		for _, d := range c.in {
			days = append(days, training.Day{Date: d, Start: "09:00", End: "12:00"})
		}
		got, err := training.ShiftDays(days, c.fy)
		if (err != nil) != c.err {
			t.Errorf("%s: err %v", c.name, err)
			continue
		}
		var dates []string
		for _, d := range got {
			dates = append(dates, d.Date)
			if d.Start != "09:00" || d.End != "12:00" {
				t.Errorf("%s: times changed %+v", c.name, d)
			}
		}
		if !reflect.DeepEqual(dates, c.want) {
			t.Errorf("%s: %v, want %v", c.name, dates, c.want)
		}
	}
}

func sess(id int64, venue string, staffIDs []int64, days ...string) *training.Session {
	s := &training.Session{ID: id, ProgramName: "研修", Title: "第" + string(rune('0'+id)) + "回", Venue: venue, Status: training.SessionPlanned}
	for _, d := range days {
		parts := strings.Split(d, " ")
		s.Days = append(s.Days, training.Day{Date: parts[0], Start: parts[1], End: parts[2]})
	}
	for _, id := range staffIDs {
		s.Instructors = append(s.Instructors, training.Instructor{StaffID: id, Name: "講師"})
	}
	return s
}

func kinds(cs []training.Clash) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.Kind)
	}
	return out
}

func TestFindClashes(t *testing.T) {
	cases := []struct {
		name     string
		sessions []*training.Session
		want     map[int64][]string
	}{
		{"no clash", []*training.Session{
			sess(1, "大会議室", []int64{7}, "2025-06-10 09:00 12:00"),
			sess(2, "大会議室", []int64{7}, "2025-06-10 13:00 17:00"), // same room and teacher, after lunch
		}, map[int64][]string{}},
		{"same venue overlapping", []*training.Session{
			sess(1, "本庁舎５階 大会議室", nil, "2025-06-10 09:00 12:00"),
			sess(2, "本庁舎5階大会議室", nil, "2025-06-10 11:00 15:00"),
			sess(3, "別室", nil, "2025-06-10 09:00 17:00"),
		}, map[int64][]string{1: {"venue"}, 2: {"venue"}}},
		{"instructor double-booked", []*training.Session{
			sess(1, "A室", []int64{7, 8}, "2025-06-10 09:00 12:00"),
			sess(2, "B室", []int64{8}, "2025-06-10 10:00 11:00"),
			sess(3, "C室", []int64{9}, "2025-06-10 10:00 11:00"),
		}, map[int64][]string{1: {"instructor"}, 2: {"instructor"}}},
		{"outside instructors are not matched", []*training.Session{
			sess(1, "A室", []int64{0}, "2025-06-10 09:00 12:00"),
			sess(2, "B室", []int64{0}, "2025-06-10 09:00 12:00"),
		}, map[int64][]string{}},
		{"holiday and closing days", []*training.Session{
			sess(1, "", nil, "2025-11-03 09:00 12:00"),                           // 文化の日
			sess(2, "", nil, "2025-06-14 09:00 12:00"),                           // Saturday
			sess(3, "", nil, "2025-12-29 09:00 12:00"),                           // 年末
			sess(4, "", nil, "2025-11-04 09:00 12:00", "2025-11-24 09:00 12:00"), // second day: 振替休日
		}, map[int64][]string{1: {"holiday"}, 2: {"closing"}, 3: {"closing"}, 4: {"holiday"}}},
		{"cancelled sessions are ignored", []*training.Session{
			sess(1, "大会議室", nil, "2025-06-10 09:00 12:00"),
			func() *training.Session {
				s := sess(2, "大会議室", nil, "2025-06-10 09:00 12:00")
				s.Status = training.SessionCancelled
				return s
			}(),
		}, map[int64][]string{}},
	}
	for _, c := range cases {
		got := training.FindClashes(c.sessions)
		gotKinds := map[int64][]string{}
		for id, cs := range got {
			gotKinds[id] = kinds(cs)
			for _, x := range cs {
				if x.Message == "" || x.SessionID != id {
					t.Errorf("%s: clash without message or owner: %+v", c.name, x)
				}
			}
		}
		if !reflect.DeepEqual(gotKinds, c.want) {
			t.Errorf("%s: %v, want %v", c.name, gotKinds, c.want)
		}
	}
	got := training.FindClashes([]*training.Session{sess(1, "", nil, "2025-11-03 09:00 12:00")})
	if msg := got[1][0].Message; msg != "令和7年11月3日（月）は祝日（文化の日）です。" {
		t.Errorf("holiday message %q", msg)
	}
}

func TestDayLabel(t *testing.T) {
	got := training.DayLabel(training.Day{Date: "2025-04-15", Start: "09:00", End: "17:00"})
	if got != "令和7年4月15日（火） 9:00〜17:00" {
		t.Fatalf("DayLabel = %q", got)
	}
	if got := training.DateLabel("2019-05-01"); got != "令和元年5月1日（水）" {
		t.Fatalf("DateLabel = %q", got)
	}
}

func TestPlanPublishCopyAndQuotas(t *testing.T) {
	dbtest.ForEachBackend(t, func(t *testing.T, d *db.DB) {
		f := newPlanFixture(t, d)
		ctx := context.Background()
		// Publishing an empty year is refused.
		if err := f.TS.SetPlanPublished(ctx, audit.System, f.Muni, 2024, true); err == nil {
			t.Fatal("published a plan without sessions")
		}
		p := f.program(t, "NEW_HIRE")
		f.session(t, p, 2024, "第1回", "大会議室", 30, "2024-04-15 09:00 17:00", "2024-04-16 09:00 17:00")
		s2 := f.session(t, p, 2024, "第2回", "大会議室", 30, "2024-10-01 13:00 17:00")
		s2.Instructors = []training.Instructor{{Number: "P001", Hours: 2}, {Name: "外部 講師", Hours: 1}}
		if err := f.TS.SaveSession(ctx, audit.System, f.Muni, s2); err != nil {
			t.Fatal(err)
		}
		if err := f.TS.SetPlanPublished(ctx, audit.System, f.Muni, 2024, true); err != nil {
			t.Fatal(err)
		}
		plan, err := f.TS.PlanFor(ctx, f.Muni, 2024)
		if err != nil || !plan.Published() || plan.PublishedAt == nil {
			t.Fatalf("plan %+v %v", plan, err)
		}
		n, err := f.TS.CopyPlan(ctx, audit.System, f.Muni, 2025)
		if err != nil || n != 2 {
			t.Fatalf("copy: %d %v", n, err)
		}
		got, _ := f.TS.Sessions(ctx, f.Muni, training.SessionFilter{FY: 2025})
		if len(got) != 2 {
			t.Fatalf("copied %d sessions", len(got))
		}
		var dates [][]string
		for _, x := range got {
			var ds []string
			for _, d := range x.Days {
				ds = append(ds, d.Date+" "+d.Start)
			}
			dates = append(dates, ds)
		}
		want := [][]string{{"2025-04-14 09:00", "2025-04-15 09:00"}, {"2025-09-30 13:00"}}
		if !reflect.DeepEqual(dates, want) {
			t.Fatalf("copied days %v, want %v", dates, want)
		}
		if len(got[1].Instructors) != 2 || got[1].Instructors[0].Number != "P001" || got[1].Instructors[1].Name != "外部 講師" {
			t.Fatalf("instructors not copied: %+v", got[1].Instructors)
		}
		if plan, _ := f.TS.PlanFor(ctx, f.Muni, 2025); plan.Published() {
			t.Fatal("a copied plan starts published")
		}
		if _, err := f.TS.CopyPlan(ctx, audit.System, f.Muni, 2025); err == nil || !strings.Contains(err.Error(), "既に開催回") {
			t.Fatalf("second copy: %v", err)
		}
		if _, err := f.TS.CopyPlan(ctx, audit.System, f.Muni, 2030); err == nil {
			t.Fatal("copied from an empty year")
		}
		// Quotas: set, list, remove.
		c := f.program(t, "COMPLIANCE")
		unit := f.unit(t, "市民文化部")
		if err := f.TS.SetQuota(ctx, audit.System, f.Muni, c.ID, 2025, unit, 3); err != nil {
			t.Fatal(err)
		}
		if err := f.TS.SetQuota(ctx, audit.System, f.Muni, c.ID, 2025, unit, 2); err != nil {
			t.Fatal(err)
		}
		qs, err := f.TS.Quotas(ctx, f.Muni, 2025, 0)
		if err != nil || len(qs) != 1 || qs[0].Quota != 2 || qs[0].Unit != "市民文化部" || qs[0].Used != 0 {
			t.Fatalf("quotas %+v %v", qs, err)
		}
		if err := f.TS.SetQuota(ctx, audit.System, f.Muni, c.ID, 2025, unit, 0); err != nil {
			t.Fatal(err)
		}
		if qs, _ := f.TS.Quotas(ctx, f.Muni, 2025, 0); len(qs) != 0 {
			t.Fatalf("quota not removed: %+v", qs)
		}
		if err := f.TS.SetQuota(ctx, audit.System, f.Muni, c.ID, 2025, unit, -1); err == nil {
			t.Fatal("negative quota accepted")
		}
		f.verifyAudit(t, "publish", "copy", "set")
	})
}
