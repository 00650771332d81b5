package training_test

import (
	"context"
	"strings"
	"testing"

	"hagukumi/audit"
	"hagukumi/db"
	"hagukumi/db/dbtest"
	"hagukumi/staff"
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
