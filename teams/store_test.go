package teams_test

import (
	"context"
	"testing"
	"time"

	"hagukumi/apperr"
	"hagukumi/audit"
	"hagukumi/auth"
	"hagukumi/calendar"
	"hagukumi/db"
	"hagukumi/db/dbtest"
	"hagukumi/staff"
	"hagukumi/teams"
)

const hrFile = "職員番号,氏名,フリガナ,性別,生年月日,採用日,雇用区分,職種,職位,職位発令日,所属,出身大学,メール,在職状況\n" +
	"T001,青木 葵,アオキ アオイ,女,1996/1/1,2019/4/1,正規,一般事務,主事,2019/4/1,市民文化部 市民課,,,在職\n" +
	"T002,石井 翔,イシイ ショウ,男,1994/1/1,2017/4/1,正規,一般事務,主任主事,2021/4/1,総務部 人事課,,,在職\n"

func wantCode(t *testing.T, err error, c apperr.Code) {
	t.Helper()
	if apperr.CodeOf(err) != c {
		t.Fatalf("error %v, want code %s", err, c)
	}
}

func TestTeamsStoreOnBothEngines(t *testing.T) {
	dbtest.ForEachBackend(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		now := func() time.Time { return time.Date(2026, 6, 1, 1, 0, 0, 0, time.UTC) }
		ss := &staff.Store{DB: d, Now: now}
		m, err := ss.EnsureMunicipality(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if res, err := ss.Import(ctx, m.ID, audit.System, "hr.csv", []byte(hrFile), staff.ImportOptions{AsOf: calendar.D(2026, 4, 1)}); err != nil || len(res.Errors) > 0 {
			t.Fatalf("import %v %+v", err, res)
		}
		s := &teams.Store{DB: d, Now: now}
		tm := &teams.Team{Name: "新公共経営若手プロジェクトチーム", SinceFY: 2009}
		if err := s.CreateTeam(ctx, audit.System, m.ID, tm); err != nil {
			t.Fatal(err)
		}
		wantCode(t, s.CreateTeam(ctx, audit.System, m.ID, &teams.Team{Name: tm.Name, SinceFY: 2009}), apperr.Conflict)
		c := &teams.Cohort{TeamID: tm.ID, FY: 2022, Theme: "若者が活躍できるまち", Selection: "nomination"}
		if err := s.CreateCohort(ctx, audit.System, m.ID, c); err != nil {
			t.Fatal(err)
		}
		wantCode(t, s.CreateCohort(ctx, audit.System, m.ID, &teams.Cohort{TeamID: tm.ID, FY: 2022, Selection: "volunteer"}), apperr.Conflict)
		if err := s.AddMember(ctx, audit.System, m.ID, c.ID, "T001", "リーダー"); err != nil {
			t.Fatal(err)
		}
		wantCode(t, s.AddMember(ctx, audit.System, m.ID, c.ID, "T001", "メンバー"), apperr.Conflict)
		wantCode(t, s.AddMember(ctx, audit.System, m.ID, c.ID, "NOPE", "メンバー"), apperr.Invalid)
		got, err := s.Cohort(ctx, m.ID, c.ID)
		if err != nil || len(got.Members) != 1 || got.Members[0].Unit != "市民文化部/市民課" || got.Members[0].Rank != "主事・技師" || got.Members[0].Gender != "女" {
			t.Fatalf("cohort %+v %v", got, err)
		}

		mt := &teams.Meeting{CohortID: c.ID, HeldOn: "2022-06-10", Agenda: "テーマの検討"}
		wantCode(t, s.AddMeeting(ctx, audit.System, m.ID, mt, []teams.Upload{{Name: "x.exe", Data: []byte("MZ...")}}), apperr.Invalid)
		if err := s.AddMeeting(ctx, audit.System, m.ID, mt, []teams.Upload{{Name: "資料.pdf", Data: []byte("%PDF-1.4 資料")}}); err != nil {
			t.Fatal(err)
		}
		ms, err := s.Meetings(ctx, m.ID, c.ID)
		if err != nil || len(ms) != 1 || len(ms[0].Files) != 1 {
			t.Fatalf("meetings %+v %v", ms, err)
		}
		fi, cid, data, err := s.File(ctx, m.ID, ms[0].Files[0].ID)
		if err != nil || cid != c.ID || fi.ContentType != "application/pdf" || string(data) != "%PDF-1.4 資料" {
			t.Fatalf("file %+v %d %q %v", fi, cid, data, err)
		}

		p := &teams.Proposal{CohortID: c.ID, Title: "若者が活躍できるまちへの提言", PresentedOn: "2023-02-15", Items: []teams.Item{
			{Text: "若者の居場所づくり", Departments: []string{"市民文化部"}},
			{Text: "採用広報の刷新", Departments: []string{"総務部", "市民文化部"}},
		}}
		wantCode(t, s.SaveProposal(ctx, audit.System, m.ID, &teams.Proposal{CohortID: c.ID, Title: "x", Items: []teams.Item{{Text: "y", Departments: []string{"ない部"}}}}), apperr.Invalid)
		if err := s.SaveProposal(ctx, audit.System, m.ID, p); err != nil {
			t.Fatal(err)
		}
		r := &teams.Response{ItemID: p.Items[0].ID, FY: 2023, Status: teams.Considering, Progress: 20}
		if err := s.Respond(ctx, audit.System, m.ID, r); err != nil {
			t.Fatal(err)
		}
		wantCode(t, s.Respond(ctx, audit.System, m.ID, &teams.Response{ItemID: p.Items[0].ID, FY: 2023, Status: teams.Reflected, Progress: 100}), apperr.Conflict)
		if err := s.Respond(ctx, audit.System, m.ID, &teams.Response{ItemID: p.Items[0].ID, FY: 2024, Status: teams.Reflected, Progress: 100}); err != nil {
			t.Fatal(err)
		}
		items, err := s.TeamItems(ctx, m.ID, tm.ID)
		if err != nil || len(items) != 2 || *items[0].LatestStatus != teams.Reflected || len(items[0].Responses) != 2 || items[1].LatestStatus != nil || len(items[1].Departments) != 2 {
			t.Fatalf("items %+v %v", items, err)
		}
		// The liaison of 総務部 sees the second item only.
		mine, err := s.ScopeItems(ctx, m.ID, auth.Scope{UnitPath: "総務部"})
		if err != nil || len(mine) != 1 || mine[0].ID != p.Items[1].ID {
			t.Fatalf("scope items %+v %v", mine, err)
		}
		y, err := s.CountsOf(ctx, m.ID, 2022)
		if err != nil || y != (teams.YearCounts{FY: 2022, Cohorts: 1, Members: 1, Meetings: 1, Proposals: 1, Items: 2}) {
			t.Fatalf("counts %+v %v", y, err)
		}
		if n := countAudit(t, d, "proposal_response"); n != 2 {
			t.Fatalf("audited responses %d", n)
		}
		mem, err := s.MembershipsOf(ctx, m.ID, got.Members[0].StaffID)
		if err != nil || len(mem) != 1 || mem[0].Role != "リーダー" {
			t.Fatalf("memberships %+v %v", mem, err)
		}
	})
}

func countAudit(t *testing.T, d *db.DB, entity string) int {
	t.Helper()
	var n int
	if err := d.R.QueryRow(`SELECT COUNT(*) FROM audit_log WHERE entity = $1`, entity).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
