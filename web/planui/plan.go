package planui

import (
	"net/http"

	"hagukumi/auth"
	"hagukumi/staff"
	"hagukumi/training"
	"hagukumi/web"
)

// sessionRow is a session as the plan lists it, with what the center
// should check about it.
type sessionRow struct {
	*training.Session
	Clashes []training.Clash
}

type programBlock struct {
	Program  *training.Program
	ModeName string
	Sessions []*sessionRow
}

type planData struct {
	FY            int
	Plan          *training.Plan
	Center        bool
	Visible       bool
	Programs      []*programBlock
	SessionCount  int
	ClashCount    int
	Quotas        []training.Quota
	QuotaPrograms []*training.Program
	Units         []staff.Unit
	Printed       string
}

// loadPlan gathers the plan of the 年度 in ?fy= as the user may see it: the
// center sees drafts and clashes; everyone else sees a published plan
// only. The plan page, its print and export and GET /api/v1/sessions all
// read it.
func (s *ui) loadPlan(r *http.Request) (*planData, error) {
	fy, err := web.FY(r, s.Now())
	if err != nil {
		return nil, err
	}
	ctx, u := r.Context(), web.UserOf(r)
	plan, err := s.Train.PlanFor(ctx, u.Municipality, fy)
	if err != nil {
		return nil, err
	}
	d := &planData{FY: fy, Plan: plan, Center: web.RoleIn(u.Role, auth.Center)}
	d.Visible = d.Center || plan.Published()
	if !d.Visible {
		return d, nil
	}
	programs, err := s.Train.Programs(ctx, u.Municipality)
	if err != nil {
		return nil, err
	}
	sessions, err := s.Train.Sessions(ctx, u.Municipality, training.SessionFilter{FY: fy, IncludeCancel: true})
	if err != nil {
		return nil, err
	}
	clashes := training.FindClashes(sessions)
	byProgram := map[int64][]*sessionRow{}
	for _, x := range sessions {
		row := &sessionRow{Session: x}
		if d.Center {
			row.Clashes = clashes[x.ID]
			d.ClashCount += len(row.Clashes)
		}
		byProgram[x.ProgramID] = append(byProgram[x.ProgramID], row)
		d.SessionCount++
	}
	for _, p := range programs {
		rows := byProgram[p.ID]
		if len(rows) == 0 && !(d.Center && p.Active) {
			continue
		}
		d.Programs = append(d.Programs, &programBlock{Program: p, ModeName: training.ModeLabel(p.Mode), Sessions: rows})
		if d.Center && p.Mode == training.ModeRecommendation {
			d.QuotaPrograms = append(d.QuotaPrograms, p)
		}
	}
	if d.Center {
		if d.Quotas, err = s.Train.Quotas(ctx, u.Municipality, fy, 0); err != nil {
			return nil, err
		}
		units, err := s.Staff.Units(ctx, u.Municipality, fy)
		if err != nil {
			return nil, err
		}
		for _, x := range units {
			if x.Level <= 2 {
				d.Units = append(d.Units, x)
			}
		}
	}
	return d, nil
}
