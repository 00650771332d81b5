package teams_test

import (
	"context"
	"testing"
	"time"

	"hagukumi/apperr"
	"hagukumi/audit"
	"hagukumi/calendar"
	"hagukumi/db"
	"hagukumi/db/dbtest"
	"hagukumi/public"
	"hagukumi/staff"
	"hagukumi/teams"
)

// TestRequestsAndEditsOnBothEngines opens a yearly request, sends its
// reminders once each, refuses the edits that would break the record with
// nothing changed, and publishes a cohort's proposal.
func TestRequestsAndEditsOnBothEngines(t *testing.T) {
	dbtest.ForEachBackend(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		clock := time.Date(2026, 6, 1, 1, 0, 0, 0, time.UTC)
		now := func() time.Time { return clock }
		ss := &staff.Store{DB: d, Now: now}
		m, err := ss.EnsureMunicipality(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if res, err := ss.Import(ctx, m.ID, audit.System, "hr.csv", []byte(hrFile), staff.ImportOptions{AsOf: calendar.D(2026, 4, 1)}); err != nil || len(res.Errors) > 0 {
			t.Fatalf("import %v %+v", err, res)
		}
		// T002 of 総務部 is the department's liaison.
		if _, err := d.W.ExecContext(ctx, `INSERT INTO users (municipality_id, login, display_name, role, unit_id, staff_id, created_at, updated_at)
			SELECT $1, 'soumu', '総務部 研修担当', 'liaison', (SELECT id FROM org_units WHERE path = '総務部'), s.id, $2, $2 FROM staff s WHERE s.number = 'T002'`, m.ID, clock); err != nil {
			t.Fatal(err)
		}
		s := &teams.Store{DB: d, Now: now}
		tm := &teams.Team{Name: "女性活躍推進会議フジェンヌ", SinceFY: 2016}
		if err := s.CreateTeam(ctx, audit.System, m.ID, tm); err != nil {
			t.Fatal(err)
		}
		c := &teams.Cohort{TeamID: tm.ID, FY: 2024, Selection: "volunteer"}
		if err := s.CreateCohort(ctx, audit.System, m.ID, c); err != nil {
			t.Fatal(err)
		}
		for _, n := range []string{"T001", "T002"} {
			if err := s.AddMember(ctx, audit.System, m.ID, c.ID, n, "メンバー"); err != nil {
				t.Fatal(err)
			}
		}
		got, _ := s.Cohort(ctx, m.ID, c.ID)
		first := got.Members[0].StaffID
		if err := s.SetMemberRole(ctx, audit.System, m.ID, c.ID, first, "リーダー"); err != nil {
			t.Fatal(err)
		}
		wantCode(t, s.SetMemberRole(ctx, audit.System, m.ID, c.ID, first, "社長"), apperr.Invalid)
		if err := s.RemoveMember(ctx, audit.System, m.ID, c.ID, got.Members[1].StaffID); err != nil {
			t.Fatal(err)
		}
		p := &teams.Proposal{CohortID: c.ID, Title: "働きやすい職場への提言", Items: []teams.Item{
			{Text: "テレワークの拡充", Departments: []string{"総務部"}},
			{Text: "男性の育児休業", Departments: []string{"総務部", "市民文化部"}},
			{Text: "相談窓口", Departments: []string{"市民文化部"}},
		}}
		if err := s.SaveProposal(ctx, audit.System, m.ID, p); err != nil {
			t.Fatal(err)
		}
		if err := s.UpdateProposal(ctx, audit.System, m.ID, c.ID, "働きやすい職場への提言書", "2025-02-10"); err != nil {
			t.Fatal(err)
		}
		wantCode(t, s.RemoveMember(ctx, audit.System, m.ID, c.ID, first), apperr.Conflict)
		it := p.Items[0]
		it.Text, it.Cost = "テレワークの拡充（全庁）", "500万円"
		if err := s.UpdateItem(ctx, audit.System, m.ID, &it); err != nil {
			t.Fatal(err)
		}
		if err := s.Respond(ctx, audit.System, m.ID, &teams.Response{ItemID: it.ID, FY: 2025, Status: teams.Considering, Progress: 10}); err != nil {
			t.Fatal(err)
		}
		// Refusals change nothing.
		if _, err := s.RemoveItem(ctx, audit.System, m.ID, it.ID); apperr.CodeOf(err) != apperr.Conflict {
			t.Fatalf("remove answered item: %v", err)
		}
		wantCode(t, s.UpdateProposal(ctx, audit.System, m.ID, c.ID, "x", ""), apperr.Conflict)
		drop := it
		drop.Departments = []string{"市民文化部"}
		wantCode(t, s.UpdateItem(ctx, audit.System, m.ID, &drop), apperr.Conflict)
		if _, err := s.RemoveItem(ctx, audit.System, m.ID, p.Items[2].ID); err != nil {
			t.Fatal(err)
		}
		added := teams.Item{Text: "管理職研修", Departments: []string{"総務部"}, Cost: "50万円"}
		if err := s.AddItem(ctx, audit.System, m.ID, c.ID, &added); err != nil || added.Position != 3 {
			t.Fatalf("add item %+v %v", added, err)
		}
		pp, err := s.Proposal(ctx, m.ID, c.ID)
		if err != nil || pp.Title != "働きやすい職場への提言書" || len(pp.Items) != 3 || pp.Items[0].Text != "テレワークの拡充（全庁）" || pp.Items[0].Departments[0] != "総務部" || pp.Items[2].Text != "管理職研修" {
			t.Fatalf("proposal after edits %+v %v", pp, err)
		}

		// The request of 2026 asks 総務部 about three items; its liaison is told once.
		wantCode(t, func() error {
			_, err := s.OpenRequest(ctx, audit.System, m.ID, &teams.Request{FY: 2026, DueOn: "2026-05-01"})
			return err
		}(), apperr.Invalid)
		q := &teams.Request{FY: 2026, DueOn: "2026-06-30", Message: "6月末までに回答してください。"}
		if n, err := s.OpenRequest(ctx, audit.System, m.ID, q); err != nil || n != 1 {
			t.Fatalf("open request %d %v", n, err)
		}
		if _, err := s.OpenRequest(ctx, audit.System, m.ID, &teams.Request{FY: 2026, DueOn: "2026-07-30"}); apperr.CodeOf(err) != apperr.Conflict {
			t.Fatalf("second request %v", err)
		}
		if r, err := s.RequestOf(ctx, m.ID, 2026); err != nil || r == nil || r.DueOn != "2026-06-30" {
			t.Fatalf("request of 2026 %+v %v", r, err)
		}
		remind := func(day time.Time, want int) {
			t.Helper()
			clock = day
			n, err := s.Remind(ctx, m.ID)
			if err != nil || n != want {
				t.Fatalf("remind on %s: %d %v, want %d", day.Format(time.DateOnly), n, err, want)
			}
		}
		remind(time.Date(2026, 6, 2, 1, 0, 0, 0, time.UTC), 0)
		remind(time.Date(2026, 6, 23, 1, 0, 0, 0, time.UTC), 1)
		remind(time.Date(2026, 6, 23, 5, 0, 0, 0, time.UTC), 0) // a restart sends nothing again
		remind(time.Date(2026, 6, 29, 1, 0, 0, 0, time.UTC), 1)
		remind(time.Date(2026, 7, 1, 1, 0, 0, 0, time.UTC), 1)
		remind(time.Date(2026, 7, 9, 1, 0, 0, 0, time.UTC), 0)
		var notices, mails int
		if err := d.R.QueryRow(`SELECT (SELECT COUNT(*) FROM notifications WHERE kind = 'proposal_request'), (SELECT COUNT(*) FROM proposal_request_notices)`).Scan(&notices, &mails); err != nil || notices != 4 || mails != 4 {
			t.Fatalf("notices %d rows %d %v", notices, mails, err)
		}
		// Once every item is answered, nobody is reminded.
		clock = time.Date(2026, 6, 1, 1, 0, 0, 0, time.UTC)
		for _, x := range pp.Items {
			if err := s.Respond(ctx, audit.System, m.ID, &teams.Response{ItemID: x.ID, FY: 2026, Status: teams.Partly, Progress: 40}); err != nil {
				t.Fatal(err)
			}
		}

		// Publishing: only a presented proposal, and the public read shows it without members.
		ps := &public.Store{DB: d, Now: now}
		if err := ps.Publish(ctx, audit.System, m.ID, public.ItemProposal, c.ID, true); err != nil {
			t.Fatal(err)
		}
		pub, err := s.PublicProposals(ctx, m.ID)
		if err != nil || len(pub) != 1 || len(pub[0].Items) != 3 || pub[0].Items[0].LatestStatus == nil || pub[0].Items[0].Responses != nil {
			t.Fatalf("public proposals %+v %v", pub, err)
		}
		if on, err := s.Published(ctx, m.ID, c.ID); err != nil || !on {
			t.Fatalf("published %v %v", on, err)
		}
		draft := &teams.Cohort{TeamID: tm.ID, FY: 2025, Selection: "volunteer"}
		if err := s.CreateCohort(ctx, audit.System, m.ID, draft); err != nil {
			t.Fatal(err)
		}
		wantCode(t, ps.Publish(ctx, audit.System, m.ID, public.ItemProposal, draft.ID, true), apperr.NotFound)
	})
}
