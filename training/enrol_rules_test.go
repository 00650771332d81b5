package training_test

import (
	"context"
	"strings"
	"testing"

	"hagukumi/apperr"
	"hagukumi/audit"
	"hagukumi/db"
	"hagukumi/db/dbtest"
	"hagukumi/staff"
	"hagukumi/training"
)

// TestDoubleBookingOnBothEngines: enrolling a person in a session held at
// the same time as another of theirs succeeds with a warning to the one
// who acts, a note in the person's notice and a mark on the roster.
func TestDoubleBookingOnBothEngines(t *testing.T) {
	dbtest.ForEachBackend(t, func(t *testing.T, d *db.DB) {
		f := newPlanFixture(t, d)
		ctx := context.Background()
		morning := f.session(t, f.program(t, "COMPLIANCE"), 2025, "第1回", "研修室", 10, "2025-07-02 09:00 12:00")
		noon := f.session(t, f.program(t, "SETTAI"), 2025, "第1回", "会議室", 10, "2025-07-02 11:00 15:00")
		later := f.session(t, f.program(t, "SETTAI"), 2025, "第2回", "会議室", 10, "2025-07-02 13:00 16:00")

		if res, err := f.TS.Nominate(ctx, audit.System, f.Muni, morning.ID, []string{"P001", "P002"}); err != nil || len(res.Overlaps) != 0 {
			t.Fatalf("first nomination: %+v %v", res, err)
		}
		res, err := f.TS.Nominate(ctx, audit.System, f.Muni, noon.ID, []string{"P001", "P003"})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Enrolled) != 2 || len(res.Overlaps) != 1 || res.Overlaps[0].Number != "P001" || !strings.Contains(res.Overlaps[0].With, "コンプライアンス") {
			t.Fatalf("overlap not reported: %+v", res)
		}
		if !hasNotice(f.notices(t, "P001"), "受講決定", "日時が重なっています") {
			t.Error("P001's notice does not warn of the overlap")
		}
		if hasNotice(f.notices(t, "P003"), "受講決定", "日時が重なっています") {
			t.Error("P003 is warned without reason")
		}
		roster, err := f.TS.SessionRoster(ctx, f.Muni, noon.ID, staff.Scope{})
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range roster {
			if (e.Overlap != "") != (e.Number == "P001") {
				t.Errorf("roster mark of %s: %q", e.Number, e.Overlap)
			}
		}
		// Moving P002 to the afternoon session: no overlap with the morning.
		moved, err := f.TS.Move(ctx, audit.System, f.Muni, staff.Scope{}, f.enrolmentID(t, noon.ID, "P003"), later.ID)
		if err != nil || moved.Overlap != "" {
			t.Fatalf("move without overlap: %+v %v", moved, err)
		}
		// Moving P001 there from noon leaves them on the morning session,
		// which ends before 13:00: no overlap either; a cancelled morning
		// session would not count.
		moved, err = f.TS.Move(ctx, audit.System, f.Muni, staff.Scope{}, f.enrolmentID(t, noon.ID, "P001"), later.ID)
		if err != nil || moved.Overlap != "" {
			t.Fatalf("move of P001: %+v %v", moved, err)
		}
		// Back to noon: the overlap with the morning is warned again.
		moved, err = f.TS.Move(ctx, audit.System, f.Muni, staff.Scope{}, f.enrolmentID(t, later.ID, "P001"), noon.ID)
		if err != nil || !strings.Contains(moved.Overlap, "コンプライアンス") {
			t.Fatalf("move into an overlap: %+v %v", moved, err)
		}
	})
}

// TestRecommendationWaitsForSelectionOnBothEngines: with 推薦 → センター選考
// a recommendation within the quota waits as 推薦済 and takes no seat; the
// center selects (a seat) or declines (with a reason), audited and notified.
func TestRecommendationWaitsForSelectionOnBothEngines(t *testing.T) {
	dbtest.ForEachBackend(t, func(t *testing.T, d *db.DB) {
		f := newPlanFixture(t, d)
		ctx := context.Background()
		comp := f.program(t, "COMPLIANCE")
		comp.Mode, comp.Selection = training.ModeRecommendation, true
		if err := f.TS.SaveProgram(ctx, audit.System, f.Muni, comp); err != nil {
			t.Fatal(err)
		}
		if p := f.program(t, "COMPLIANCE"); !p.Selection {
			t.Fatal("selection setting not saved")
		}
		x := f.session(t, comp, 2025, "", "研修室", 1, "2025-08-05 09:00 11:00")
		if err := f.TS.SetPlanPublished(ctx, audit.System, f.Muni, 2025, true); err != nil {
			t.Fatal(err)
		}
		unit := f.unit(t, "市民文化部")
		if err := f.TS.SetQuota(ctx, audit.System, f.Muni, comp.ID, 2025, unit, 3); err != nil {
			t.Fatal(err)
		}
		shimin := staff.Scope{UnitPath: "市民文化部"}
		res, err := f.TS.Recommend(ctx, audit.System, f.Muni, shimin, unit, x.ID, []string{"P021", "P022"})
		if err != nil || len(res.Enrolled)+len(res.Waitlisted) != 2 {
			t.Fatalf("recommend: %+v %v", res, err)
		}
		st := f.statuses(t, x.ID)
		if st["P021"] != training.EnrolRecommended || st["P022"] != training.EnrolRecommended {
			t.Fatalf("recommended people took places: %v", st)
		}
		if !hasNotice(f.notices(t, "P021"), "【推薦受付】") {
			t.Error("no 推薦受付 notice")
		}
		// 推薦済 counts against the quota.
		if _, err := f.TS.Recommend(ctx, audit.System, f.Muni, shimin, unit, x.ID, []string{"P023", "P024"}); apperr.CodeOf(err) != apperr.Invalid ||
			!strings.Contains(apperr.MessageOf(err), "P024") {
			t.Fatalf("over quota: %v", err)
		}
		e21, e22 := f.enrolmentID(t, x.ID, "P021"), f.enrolmentID(t, x.ID, "P022")
		if _, err := f.TS.Select(ctx, audit.System, f.Muni, e22, false, ""); apperr.CodeOf(err) != apperr.Invalid {
			t.Fatalf("decline without reason: %v", err)
		}
		if s, err := f.TS.Select(ctx, audit.System, f.Muni, e21, true, ""); err != nil || s != training.EnrolEnrolled {
			t.Fatalf("select: %s %v", s, err)
		}
		if s, err := f.TS.Select(ctx, audit.System, f.Muni, e22, false, "定員のため"); err != nil || s != training.EnrolDeclined {
			t.Fatalf("decline: %s %v", s, err)
		}
		if _, err := f.TS.Select(ctx, audit.System, f.Muni, e21, true, ""); apperr.CodeOf(err) != apperr.Conflict {
			t.Fatalf("select twice: %v", err)
		}
		if !hasNotice(f.notices(t, "P021"), "【受講決定通知】") || !hasNotice(f.notices(t, "P022"), "【推薦の選考結果】", "理由：定員のため") {
			t.Error("selection notices missing")
		}
		f.verifyAudit(t, "recommend", "select", "reject")
	})
}
