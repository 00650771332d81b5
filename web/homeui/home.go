package homeui

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"time"

	"hagukumi/auth"
	"hagukumi/calendar"
	"hagukumi/notify"
	"hagukumi/staff"
	"hagukumi/training"
	"hagukumi/web"
)

func (s *ui) routes() {
	s.Handle(web.Route{Pattern: "GET /{$}", Roles: auth.Everyone, Menu: "ホーム", Order: 10, Nav: "home"}, s.home)
}

// homeData is what a role's home lists; a part is nil when it is not the
// viewer's to see.
type homeData struct {
	Today  string
	Counts staff.Counts
	Me     *staff.Member

	Setup    *staff.Setup // admins, until the first steps are done
	Imports  []int64      // admins: previewed staff files to review
	Mail     int          // admins and the center: mail not going out
	Center   *training.CenterToDo
	QuotaAll int // the center: unused 推薦枠 city-wide

	Super *training.SupervisorToDo

	Liaison *liaisonToDo

	Mine *mineToDo

	Teaching []training.Teaching // an instructor's coming sessions
}

type liaisonToDo struct {
	QuotaLeft int
	Missing   []missingLine
}

// missingLine is a mandatory programme and how many in the department have
// not taken it this 年度.
type missingLine struct {
	Code, Name string
	Count      int
}

type mineToDo struct {
	Upcoming    []training.MySession
	SurveysDue  []training.MySession
	ReportsDue  []training.MySession
	OpenApplied int // applications and waitlist places still undecided
}

// home shows what the viewer has to do today, counted in their scope.
func (s *ui) home(w http.ResponseWriter, r *http.Request) error {
	d, err := s.load(r.Context(), web.UserOf(r))
	if err != nil {
		return err
	}
	s.Render(w, r, http.StatusOK, "home", &web.Page{Title: "ホーム", Nav: "home", Data: d})
	return nil
}

// load is the one loader of the home page: a few read-only queries per role.
func (s *ui) load(ctx context.Context, u *auth.User) (*homeData, error) {
	now := s.Now()
	d := &homeData{Today: calendar.Today(now).Format(time.DateOnly)}
	fy := calendar.CurrentFY(now)
	sc := auth.ScopeOf(u)
	var err error
	if !sc.None {
		if d.Counts, err = s.Staff.CountStaff(ctx, u.Municipality, sc); err != nil {
			return nil, err
		}
	}
	if u.StaffID != 0 {
		d.Me, _ = s.Staff.ByID(ctx, u.Municipality, u.StaffID)
	}
	isAdmin, isCenter := slices.Contains(auth.Admins, u.Role), slices.Contains(auth.Center, u.Role)
	if isAdmin {
		x, err := s.Staff.SetupOf(ctx, u.Municipality)
		if err != nil {
			return nil, err
		}
		if !x.Done() {
			d.Setup = &x
		}
		if d.Imports, err = s.Staff.PreviewedImports(ctx, u.Municipality); err != nil {
			return nil, err
		}
	}
	if isAdmin || isCenter {
		if d.Mail, err = notify.FailingMail(ctx, s.DB, u.Municipality); err != nil {
			return nil, err
		}
	}
	switch u.Role {
	case auth.CenterAdmin, auth.CenterStaff:
		c, err := s.Train.CenterToDoOf(ctx, u.Municipality, d.Today, now)
		if err != nil {
			return nil, err
		}
		d.Center = &c
		if d.QuotaAll, err = s.Train.QuotaLeft(ctx, u.Municipality, fy, sc); err != nil {
			return nil, err
		}
	case auth.Supervisor:
		if !sc.None {
			x, err := s.Train.SupervisorToDoOf(ctx, u.Municipality, sc, d.Today)
			if err != nil {
				return nil, err
			}
			d.Super = &x
		}
	case auth.Liaison:
		if !sc.None {
			if d.Liaison, err = s.liaison(ctx, u.Municipality, fy, sc); err != nil {
				return nil, err
			}
		}
	}
	if u.StaffID != 0 && slices.Contains(auth.Trainees, u.Role) {
		if d.Mine, err = s.mine(ctx, u.Municipality, u.StaffID, d.Today); err != nil {
			return nil, err
		}
	}
	if u.Role == auth.Instructor && u.StaffID != 0 {
		ts, err := s.Train.TeachingOf(ctx, u.Municipality, u.StaffID)
		if err != nil {
			return nil, err
		}
		for _, t := range ts {
			if t.Status != training.SessionCancelled && t.Last >= d.Today {
				d.Teaching = append(d.Teaching, t)
			}
		}
		slices.Reverse(d.Teaching) // TeachingOf is newest first; the home lists the next first
	}
	return d, nil
}

// liaison counts a department's unused 推薦枠 and, per mandatory
// programme, the people who have not taken it this 年度.
func (s *ui) liaison(ctx context.Context, muni int64, fy int, sc auth.Scope) (*liaisonToDo, error) {
	x := &liaisonToDo{}
	var err error
	if x.QuotaLeft, err = s.Train.QuotaLeft(ctx, muni, fy, sc); err != nil {
		return nil, err
	}
	programs, err := s.Train.Programs(ctx, muni)
	if err != nil {
		return nil, err
	}
	for _, p := range programs {
		if !p.Mandatory || !p.Active {
			continue
		}
		list, err := s.Train.NotAttended(ctx, muni, p, fy, "", sc)
		if err != nil {
			return nil, err
		}
		if len(list) > 0 {
			x.Missing = append(x.Missing, missingLine{Code: p.Code, Name: p.Name, Count: len(list)})
		}
	}
	return x, nil
}

// mine is a trainee's own list: coming sessions, surveys and reports
// waiting for them, and undecided applications.
func (s *ui) mine(ctx context.Context, muni, staffID int64, today string) (*mineToDo, error) {
	list, err := s.Train.MySessions(ctx, muni, staffID)
	if err != nil {
		return nil, err
	}
	x := &mineToDo{}
	for _, m := range list {
		switch {
		case m.Upcoming(today):
			x.Upcoming = append(x.Upcoming, m)
		case m.Enrolment == training.EnrolApplied || m.Enrolment == training.EnrolWaitlisted:
			if m.SessionStatus != training.SessionCancelled && m.Last >= today {
				x.OpenApplied++
			}
		}
		if m.SurveyDue(today) {
			x.SurveysDue = append(x.SurveysDue, m)
		}
		if m.ReportDue(today) {
			x.ReportsDue = append(x.ReportsDue, m)
		}
	}
	slices.SortStableFunc(x.Upcoming, func(a, b training.MySession) int { return strings.Compare(a.First, b.First) })
	return x, nil
}
