package planui

import (
	"net/http"
	"time"

	"hagukumi/apperr"
	"hagukumi/auth"
	"hagukumi/calendar"
	"hagukumi/training"
	"hagukumi/web"
)

// sessionView is one session as a user may see it, for the page and the
// API; what they may see and do is training.SessionAccess's answer.
type sessionView struct {
	S               *training.Session     `json:"session"`
	Clashes         []training.Clash      `json:"clashes,omitempty"`
	Roster          []*training.Enrolment `json:"roster"`
	Mine            *training.Enrolment   `json:"mine,omitempty"`
	training.Access `json:"-"`
	Program         *training.Program   `json:"-"`
	ModeName        string              `json:"-"`
	Plan            *training.Plan      `json:"-"`
	Quota           *training.Quota     `json:"-"`
	Others          []*training.Session `json:"-"` // the program's other sessions, to move an enrolment to
}

// loadSession loads the session {id} as the user may see it; a session
// they may not see is not found. The session page and
// GET /api/v1/sessions/{id} both read it.
func (s *ui) loadSession(r *http.Request) (*sessionView, error) {
	ctx, u := r.Context(), web.UserOf(r)
	x, err := s.sessionOf(r)
	if err != nil {
		return nil, err
	}
	v := &sessionView{S: x, Roster: []*training.Enrolment{}}
	if v.Plan, err = s.Train.PlanFor(ctx, u.Municipality, x.FY); err != nil {
		return nil, err
	}
	if v.Program, err = s.Train.ProgramByID(ctx, u.Municipality, x.ProgramID); err != nil {
		return nil, err
	}
	v.ModeName = training.ModeLabel(v.Program.Mode)
	if u.StaffID != 0 {
		mine, err := s.Train.SessionRoster(ctx, u.Municipality, x.ID, auth.OwnScope(u))
		if err != nil {
			return nil, err
		}
		// A cancelled enrolment shows only when there is no live one.
		for _, e := range mine {
			if v.Mine == nil || e.Live() {
				v.Mine = e
			}
		}
	}
	v.Access = training.SessionAccess(training.ViewerOf(u), x, training.SessionFacts{
		Published: v.Plan.Published(), Mode: v.Program.Mode, Mine: v.Mine, Today: calendar.Today(s.Now()).Format(time.DateOnly)})
	if !v.Visible {
		return nil, apperr.NotFoundf("開催回が見つかりません。")
	}
	if v.Center {
		all, err := s.Train.Sessions(ctx, u.Municipality, training.SessionFilter{FY: x.FY})
		if err != nil {
			return nil, err
		}
		v.Clashes = training.FindClashes(all)[x.ID]
		for _, o := range all {
			if o.ProgramID == x.ProgramID && o.ID != x.ID && o.Status == training.SessionPlanned {
				v.Others = append(v.Others, o)
			}
		}
	}
	if v.ShowRoster {
		roster, err := s.Train.SessionRoster(ctx, u.Municipality, x.ID, v.RosterScope)
		if err != nil {
			return nil, err
		}
		v.Roster = append(v.Roster, roster...)
	} else if v.Mine != nil {
		v.Roster = []*training.Enrolment{v.Mine}
	}
	if v.CanRecommend {
		qs, err := s.Train.Quotas(ctx, u.Municipality, x.FY, u.UnitID)
		if err != nil {
			return nil, err
		}
		for i := range qs {
			if qs[i].ProgramID == x.ProgramID {
				v.Quota = &qs[i]
			}
		}
	}
	return v, nil
}
