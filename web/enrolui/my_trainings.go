package enrolui

import (
	"fmt"
	"net/http"
	"sort"
	"time"

	"hagukumi/calendar"
	"hagukumi/training"
	"hagukumi/web"
)

type myData struct {
	Linked     bool
	Upcoming   []*enrolmentRow
	All        []*training.Enrolment
	Mine       map[int64]*training.MySession // by session: the true state and the open survey and report
	Open       []*training.Session           // this 年度's sessions the user may still apply for
	FeedSince  string
	HasFeed    bool
	Today      string
	PlanPublic bool
}

// myTrainings shows the user's coming sessions, all their enrolments, the
// sessions open to application and their calendar URL's state.
func (s *ui) myTrainings(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	ctx := r.Context()
	d := &myData{Linked: u.StaffID != 0, Today: calendar.Today(s.Now()).Format(time.DateOnly)}
	if at, ok, err := s.Train.FeedTokenCreated(ctx, u.ID); err != nil {
		return err
	} else if ok {
		d.HasFeed, d.FeedSince = true, at.In(calendar.JST).Format("2006-01-02 15:04")
	}
	if !d.Linked {
		s.Render(w, r, http.StatusOK, "mytrainings", &web.Page{Title: "わたしの研修", Nav: "my", Data: d})
		return nil
	}
	all, err := s.Train.EnrolmentsOfStaff(ctx, u.Municipality, u.StaffID)
	if err != nil {
		return err
	}
	d.All = all
	mine, err := s.Train.MySessions(ctx, u.Municipality, u.StaffID)
	if err != nil {
		return err
	}
	d.Mine = map[int64]*training.MySession{}
	for i := range mine {
		d.Mine[mine[i].SessionID] = &mine[i]
	}
	fy := calendar.CurrentFY(s.Now())
	// The sessions of each 年度 that can still hold a coming session are
	// read in one list, not one session per enrolment (issue 12, finding
	// 10: this page was the first to time out under load). A session's days
	// lie in its 年度 (Session.Validate), so an earlier 年度's are all over.
	// The lists leave cancelled sessions out, as the page does.
	years := map[int]map[int64]*training.Session{}
	var thisYear []*training.Session
	// One live enrolment in a program's 年度 is enough: its other sessions
	// are not offered.
	livePrograms := map[string]bool{}
	for _, e := range all {
		if e.Live() {
			livePrograms[fmt.Sprint(e.ProgramID, "/", e.FY)] = true
		}
		if e.Status != training.EnrolEnrolled || e.FY < fy {
			continue
		}
		byID, ok := years[e.FY]
		if !ok {
			list, err := s.Train.Sessions(ctx, u.Municipality, training.SessionFilter{FY: e.FY})
			if err != nil {
				return err
			}
			if e.FY == fy {
				thisYear = list
			}
			byID = map[int64]*training.Session{}
			for _, x := range list {
				byID[x.ID] = x
			}
			years[e.FY] = byID
		}
		if x := byID[e.SessionID]; x != nil && x.Last() >= d.Today {
			d.Upcoming = append(d.Upcoming, rowOf(e, x))
		}
	}
	sort.SliceStable(d.Upcoming, func(i, j int) bool { return d.Upcoming[i].FirstDay < d.Upcoming[j].FirstDay })
	plan, err := s.Train.PlanFor(ctx, u.Municipality, fy)
	if err != nil {
		return err
	}
	if d.PlanPublic = plan.Published(); d.PlanPublic {
		programs, err := s.Train.Programs(ctx, u.Municipality)
		if err != nil {
			return err
		}
		byID := map[int64]*training.Program{}
		for _, p := range programs {
			byID[p.ID] = p
		}
		list := thisYear
		if _, read := years[fy]; !read {
			if list, err = s.Train.Sessions(ctx, u.Municipality, training.SessionFilter{FY: fy}); err != nil {
				return err
			}
		}
		for _, x := range list {
			p := byID[x.ProgramID]
			if p == nil || !p.Active || livePrograms[fmt.Sprint(x.ProgramID, "/", x.FY)] {
				continue
			}
			if s.access(r, x, p.Mode).CanApply {
				d.Open = append(d.Open, x)
			}
		}
	}
	s.Render(w, r, http.StatusOK, "mytrainings", &web.Page{Title: "わたしの研修", Nav: "my", Data: d})
	return nil
}
