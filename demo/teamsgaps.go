package demo

import (
	"context"
	"time"

	"hagukumi/audit"
	"hagukumi/calendar"
	"hagukumi/db"
	"hagukumi/public"
	"hagukumi/teams"
	"hagukumi/training"
)

// FillTeamsFollowUp gives the demo's policy teams what follows their
// proposals: this year's answer request to the departments with a due
// date a month ahead (or the end of the year), the フジェンヌ's proposals
// of the last two presented years on the public site, and this year's
// フジェンヌ seminar planned as a タイムマネジメント研修 session linked to
// the cohort. It does nothing when a request exists.
func FillTeamsFollowUp(ctx context.Context, d *db.DB, muni int64, now time.Time) error {
	var n int
	if err := d.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM proposal_requests WHERE municipality_id = $1`, muni).Scan(&n); err != nil || n > 0 {
		return err
	}
	clock := func() time.Time { return now }
	s := &teams.Store{DB: d, Now: clock}
	by := audit.Actor{Login: "demo"}
	today, fy := calendar.Today(now), calendar.CurrentFY(now)
	due := today.AddDate(0, 0, 30)
	if end := calendar.FiscalYearEnd(fy); due.After(end) {
		due = end
	}
	if _, err := s.OpenRequest(ctx, by, muni, &teams.Request{FY: fy, DueOn: due.Format(time.DateOnly),
		Message: "前年度までの政策提言の各項目について、今年度の取組状況を回答してください。"}); err != nil {
		return err
	}
	ts, err := s.Teams(ctx, muni)
	if err != nil {
		return err
	}
	var fujienne *teams.Team
	for i := range ts {
		if ts[i].Name == "女性活躍推進会議フジェンヌ" {
			fujienne = &ts[i]
		}
	}
	if fujienne == nil {
		return nil
	}
	cs, err := s.Cohorts(ctx, muni, fujienne.ID)
	if err != nil {
		return err
	}
	pub := &public.Store{DB: d, Now: clock}
	published := 0
	for _, c := range cs { // newest first
		if c.FY < fy && published < 2 {
			if err := pub.Publish(ctx, by, muni, public.ItemProposal, c.ID, true); err != nil {
				return err
			}
			published++
		}
	}
	if len(cs) == 0 || cs[0].FY != fy {
		return nil
	}
	tr := &training.Store{DB: d, Now: clock}
	p, err := tr.ProgramByCode(ctx, muni, "TIME_MANAGEMENT")
	if err != nil {
		return err
	}
	day := businessDay(today.AddDate(0, 0, 21))
	if calendar.FiscalYear(day) != fy {
		day = businessDay(calendar.FiscalYearStart(fy).AddDate(0, 1, 0))
	}
	x := training.Session{ProgramID: p.ID, FY: fy, Title: "フジェンヌ企画 時間と場所にとらわれない働き方", Venue: "市役所 大会議室", Capacity: 40,
		Notes: "女性活躍推進会議フジェンヌ " + calendar.FormatNendo(fy) + "の企画",
		Days:  []training.Day{{Date: day.Format(time.DateOnly), Start: "13:30", End: "16:30"}}} // the programme's 3 hours
	if err := tr.SaveSession(ctx, by, muni, &x); err != nil {
		return err
	}
	return s.LinkSession(ctx, by, muni, cs[0].ID, x.ID)
}
