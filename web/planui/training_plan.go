package planui

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"

	"hagukumi/apperr"
	"hagukumi/auth"
	"hagukumi/calendar"
	"hagukumi/jtext"
	"hagukumi/notify"
	"hagukumi/sheet"
	"hagukumi/staff"
	"hagukumi/training"
	"hagukumi/web"
)

// Role groups of the plan, session, enrolment and notice routes.

// registerPlanRoutes registers the annual plan, sessions, enrolment,
// notices and calendar routes.
func (s *ui) routes() {
	s.Handle(web.Route{Pattern: "GET /plan", Roles: auth.Trainees, Menu: "研修計画", Order: 30, Nav: "plan"}, s.planPage)
	s.Handle(web.Route{Pattern: "GET /plan/print", Roles: auth.Trainees}, s.planPrint)
	s.Handle(web.Route{Pattern: "GET /plan/export", Roles: auth.RosterReaders}, s.planExport)
	s.Handle(web.Route{Pattern: "POST /plan/publish", Roles: auth.Center}, s.planPublish)
	s.Handle(web.Route{Pattern: "POST /plan/copy", Roles: auth.Center}, s.planCopy)
	s.Handle(web.Route{Pattern: "POST /plan/quotas", Roles: auth.Center}, s.planQuota)

	s.Handle(web.Route{Pattern: "GET /sessions/new", Roles: auth.Center}, s.planSessionNew)
	s.Handle(web.Route{Pattern: "POST /sessions", Roles: auth.Center}, s.planSessionCreate)
	s.Handle(web.Route{Pattern: "GET /sessions/{id}", Roles: auth.Trainees}, s.planSessionPage) // also {id}.ics
	s.Handle(web.Route{Pattern: "GET /sessions/{id}/edit", Roles: auth.Center}, s.planSessionEdit)
	s.Handle(web.Route{Pattern: "POST /sessions/{id}", Roles: auth.Center}, s.planSessionUpdate)
	s.Handle(web.Route{Pattern: "POST /sessions/{id}/nominate", Roles: auth.Center}, s.planNominate)
	s.Handle(web.Route{Pattern: "POST /sessions/{id}/nominate-roster", Roles: auth.Center}, s.planNominateRoster)
	s.Handle(web.Route{Pattern: "POST /sessions/{id}/apply", Roles: auth.Trainees}, s.planApply)
	s.Handle(web.Route{Pattern: "POST /sessions/{id}/recommend", Roles: auth.Liaisons}, s.planRecommend)
	s.Handle(web.Route{Pattern: "POST /enrolments/{id}/cancel", Roles: auth.Trainees}, s.planCancel)
	s.Handle(web.Route{Pattern: "POST /enrolments/{id}/move", Roles: auth.Center}, s.planMove)
	s.Handle(web.Route{Pattern: "POST /enrolments/{id}/approve", Roles: auth.Supervisors}, s.planApprove)
	s.Handle(web.Route{Pattern: "POST /enrolments/{id}/decline", Roles: auth.Supervisors}, s.planDecline)
	s.Handle(web.Route{Pattern: "GET /approvals", Roles: auth.Supervisors, Menu: "承認", Order: 50, Nav: "approvals"}, s.planApprovals)
	s.Handle(web.Route{Pattern: "GET /recommendations", Roles: auth.Liaisons, Menu: "推薦", Order: 60, Nav: "recommendations"}, s.planRecommendations)

	s.Handle(web.Route{Pattern: "GET /my/trainings", Roles: auth.Trainees, Staff: true, Menu: "わたしの研修", Order: 20, Nav: "my"}, s.planMyTrainings)
	s.Handle(web.Route{Pattern: "POST /my/feed", Roles: auth.Trainees, Staff: true}, s.planFeedCreate)
	s.Handle(web.Route{Pattern: "POST /my/feed/revoke", Roles: auth.Trainees, Staff: true}, s.planFeedRevoke)
	s.Handle(web.Route{Pattern: "GET /feed/{file}"}, s.planFeed) // {token}.ics, authenticated by the token
	s.Handle(web.Route{Pattern: "GET /notifications", Roles: auth.Trainees, Staff: true}, s.planNotifications)
	s.Handle(web.Route{Pattern: "POST /notifications/read", Roles: auth.Trainees, Staff: true}, s.planNotificationsRead)

	s.Handle(web.Route{Pattern: "GET /api/v1/sessions", Roles: auth.Trainees, Summary: "年度の開催回の一覧（fy）。センターには重複・祝日などの確認事項も"}, s.planAPISessions)
	s.Handle(web.Route{Pattern: "GET /api/v1/sessions/{id}", Roles: auth.Trainees, Summary: "開催回1件と、見てよい範囲の受講者（roster）・自分の登録（mine）"}, s.planAPISession)
	s.Handle(web.Route{Pattern: "POST /api/v1/sessions/{id}/enrolments", Roles: auth.Center, Summary: "指名（{\"numbers\":[…]} または {\"roster\":true}）"}, s.planAPINominate)
	s.Handle(web.Route{Pattern: "POST /api/v1/enrolments/{id}/cancel", Roles: auth.Trainees, Summary: "受講の取消（{\"reason\":\"…\"}）。空いた席はキャンセル待ちの先頭へ"}, s.planAPICancel)
	s.Handle(web.Route{Pattern: "GET /api/v1/me/enrolments", Roles: auth.Trainees, Staff: true, Summary: "自分の申込・受講の一覧"}, s.planAPIMyEnrolments)
}

func planIsCenter(u *auth.User) bool { return u.Role == auth.CenterAdmin || u.Role == auth.CenterStaff }

// planID reads a numeric path value; anything else is not found.
func planID(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, apperr.NotFoundf("ページが見つかりません。")
	}
	return id, nil
}

// planFY reads ?fy= as 2025 or 令和7年度; the current fiscal year by default.
func (s *ui) planFY(r *http.Request) (int, error) {
	v := strings.TrimSpace(r.FormValue("fy"))
	if v == "" {
		return calendar.FiscalYear(s.Now().In(calendar.JST)), nil
	}
	if n, err := strconv.Atoi(jtext.Width(v)); err == nil {
		if n < 2000 || n > 2100 {
			return 0, apperr.Invalidf("年度が正しくありません。")
		}
		return n, nil
	}
	return calendar.ParseNendo(v)
}

func (s *ui) planToday() string { return s.Now().In(calendar.JST).Format(time.DateOnly) }

// planSessionRow is a session as the plan lists it.
type planSessionRow struct {
	*training.Session
	Days    []string
	Clashes []training.Clash
}

// InstructorNames lists the session's instructors.
func (x *planSessionRow) InstructorNames() string {
	var n []string
	for _, in := range x.Session.Instructors {
		n = append(n, in.Name)
	}
	return strings.Join(n, "、")
}

// CapacityLabel is the capacity or 定員なし.
func (x *planSessionRow) CapacityLabel() string {
	if x.Capacity == 0 {
		return "定員なし"
	}
	return fmt.Sprintf("%d人", x.Capacity)
}

// StatusLabel is the session's state in Japanese.
func (x *planSessionRow) StatusLabel() string { return training.SessionStatusLabel(x.Status) }

type planProgramBlock struct {
	Program  *training.Program
	ModeName string
	Sessions []*planSessionRow
}

type planData struct {
	FY            int
	Plan          *training.Plan
	Center        bool
	Visible       bool
	Programs      []*planProgramBlock
	SessionCount  int
	ClashCount    int
	Quotas        []training.Quota
	QuotaPrograms []*training.Program
	Units         []staff.Unit
	Printed       string
}

// loadPlan gathers a fiscal year's plan as the user may see it: the center
// sees drafts and clashes; everyone else sees a published plan only.
func (s *ui) loadPlan(ctx context.Context, u *auth.User, fy int) (*planData, error) {
	plan, err := s.Train.PlanFor(ctx, u.Municipality, fy)
	if err != nil {
		return nil, err
	}
	d := &planData{FY: fy, Plan: plan, Center: planIsCenter(u)}
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
	byProgram := map[int64][]*planSessionRow{}
	for _, x := range sessions {
		row := &planSessionRow{Session: x, Days: training.DayLabels(x.Days)}
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
		d.Programs = append(d.Programs, &planProgramBlock{Program: p, ModeName: training.ModeLabel(p.Mode), Sessions: rows})
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

func (s *ui) planPage(w http.ResponseWriter, r *http.Request) error {
	return s.planRender(w, r, "plan")
}

func (s *ui) planPrint(w http.ResponseWriter, r *http.Request) error {
	return s.planRender(w, r, "plan_print")
}

func (s *ui) planRender(w http.ResponseWriter, r *http.Request, tmpl string) error {
	u := web.UserOf(r)
	fy, err := s.planFY(r)
	if err != nil {
		return err

	}
	d, err := s.loadPlan(r.Context(), u, fy)
	if err != nil {
		return err

	}
	d.Printed = calendar.FormatWareki(s.Now().In(calendar.JST))
	s.Render(w, r, http.StatusOK, tmpl, &web.Page{Title: calendar.FormatNendo(fy) + " 研修計画", Nav: "plan", FY: fy, Data: d})
	return nil
}

func (s *ui) planExport(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	fy, err := s.planFY(r)
	if err != nil {
		return err

	}
	d, err := s.loadPlan(r.Context(), u, fy)
	if err != nil {
		return err

	}
	if !d.Visible {
		return apperr.NotFoundf("%sの研修計画はまだ公開されていません。", calendar.FormatNendo(fy))

	}
	write := func(format string) error {
		sw, err := sheet.New(w, format, "研修計画")
		if err != nil {
			return err
		}
		if err := sw.Row(sheet.Texts(training.PlanHeader...)...); err != nil {
			return err
		}
		for _, b := range d.Programs {
			for _, x := range b.Sessions {
				if err := sw.Row(training.PlanRow(b.Program, x.Session, x.Clashes)...); err != nil {
					return err
				}
			}
		}
		return sw.Close()
	}
	name := fmt.Sprintf("研修計画_%d", fy)
	if r.FormValue("format") == "xlsx" {
		w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
		w.Header().Set("Content-Disposition", web.ContentDisposition(name+".xlsx"))
		if err := write(sheet.XLSX); err != nil {
			s.Log.Error("plan export", "err", err)
		}
		return nil
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", web.ContentDisposition(name+".csv"))
	if err := write(sheet.CSV); err != nil {
		s.Log.Error("plan export", "err", err)
	}
	return nil
}

func (s *ui) planPublish(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	fy, err := s.planFY(r)
	if err != nil {
		return err

	}
	publish := r.PostFormValue("action") != "unpublish"
	if err := s.Train.SetPlanPublished(r.Context(), u.Actor(), u.Municipality, fy, publish); err != nil {
		return err

	}
	msg := calendar.FormatNendo(fy) + "の研修計画を公開しました。"
	if !publish {
		msg = calendar.FormatNendo(fy) + "の研修計画を作成中に戻しました。"
	}
	s.RedirectFlash(w, r, fmt.Sprintf("/plan?fy=%d", fy), msg)
	return nil
}

func (s *ui) planCopy(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	fy, err := s.planFY(r)
	if err != nil {
		return err

	}
	n, err := s.Train.CopyPlan(r.Context(), u.Actor(), u.Municipality, fy)
	if err != nil {
		return err

	}
	s.RedirectFlash(w, r, fmt.Sprintf("/plan?fy=%d", fy),
		fmt.Sprintf("%sの開催回 %d 件を%sに複写しました。日付と重複を確認してください。", calendar.FormatNendo(fy-1), n, calendar.FormatNendo(fy)))
	return nil
}

func (s *ui) planQuota(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	fy, err := s.planFY(r)
	if err != nil {
		return err

	}
	quota, err := strconv.Atoi(strings.TrimSpace(jtext.Width(r.PostFormValue("quota"))))
	if err != nil {
		return apperr.Invalidf("推薦枠は数字で入力してください。")

	}
	if err := s.Train.SetQuota(r.Context(), u.Actor(), u.Municipality, web.Int64(r, "program"), fy, web.Int64(r, "unit"), quota); err != nil {
		return err

	}
	s.RedirectFlash(w, r, fmt.Sprintf("/plan?fy=%d#quotas", fy), "推薦枠を保存しました。")
	return nil
}

// planDayRows is how many day and instructor rows the session form offers.
const planDayRows = 5

type planFormDay struct{ Date, Start, End string }
type planFormInstructor struct {
	Number, Name string
	Hours        string
}

type planSessionForm struct {
	S           *training.Session
	Programs    []*training.Program
	ProgramID   int64
	FY          int
	Days        []planFormDay
	Instructors []planFormInstructor
	Capacity    string
	Hours       string
	New         bool
	Statuses    [][2]string
}

func (s *ui) planSessionFormData(ctx context.Context, u *auth.User, x *training.Session) (*planSessionForm, error) {
	f := &planSessionForm{S: x, ProgramID: x.ProgramID, FY: x.FY, New: x.ID == 0, Capacity: strconv.Itoa(x.Capacity),
		Statuses: [][2]string{{training.SessionPlanned, "予定"}, {training.SessionHeld, "実施済"}, {training.SessionCancelled, "中止"}}}
	if x.Hours > 0 {
		f.Hours = strconv.FormatFloat(x.Hours, 'f', -1, 64)
	}
	progs, err := s.Train.Programs(ctx, u.Municipality)
	if err != nil {
		return nil, err
	}
	for _, p := range progs {
		if p.Active || p.ID == x.ProgramID {
			f.Programs = append(f.Programs, p)
		}
	}
	for i := 0; i < planDayRows; i++ {
		var d planFormDay
		if i < len(x.Days) {
			d = planFormDay{x.Days[i].Date, x.Days[i].Start, x.Days[i].End}
		}
		f.Days = append(f.Days, d)
		var in planFormInstructor
		if i < len(x.Instructors) {
			in = planFormInstructor{Number: x.Instructors[i].Number, Name: x.Instructors[i].Name}
			if in.Number != "" {
				in.Name = ""
			}
			if x.Instructors[i].Hours > 0 {
				in.Hours = strconv.FormatFloat(x.Instructors[i].Hours, 'f', -1, 64)
			}
		}
		f.Instructors = append(f.Instructors, in)
	}
	return f, nil
}

func (s *ui) planSessionNew(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	fy, err := s.planFY(r)
	if err != nil {
		return err

	}
	x := &training.Session{FY: fy, ProgramID: web.Int64(r, "program")}
	f, err := s.planSessionFormData(r.Context(), u, x)
	if err != nil {
		return err

	}
	s.Render(w, r, http.StatusOK, "session_form", &web.Page{Title: "開催回の登録", Nav: "plan", FY: fy, Data: f})
	return nil
}

func planNum(v string) string { return strings.TrimSpace(jtext.Width(v)) }

// planTime normalises 9:00, ９：００ or 09:00 to 09:00.
func planTime(v string) (string, bool) {
	v = strings.ReplaceAll(planNum(v), "：", ":")
	if v == "" {
		return "", true
	}
	t, err := time.Parse("15:04", v)
	if err != nil {
		return v, false
	}
	return t.Format("15:04"), true
}

// planReadSessionForm fills a session from the form. Errors come with
// the row they concern; the form is shown again with what was typed.
func planReadSessionForm(r *http.Request, x *training.Session) error {
	x.Title = strings.TrimSpace(r.PostFormValue("title"))
	x.Venue = strings.TrimSpace(r.PostFormValue("venue"))
	x.Notes = strings.TrimSpace(r.PostFormValue("notes"))
	if v := r.PostFormValue("program"); v != "" {
		x.ProgramID, _ = strconv.ParseInt(v, 10, 64)
	}
	if v := r.PostFormValue("status"); v != "" {
		x.Status = v
	}
	if v := planNum(r.PostFormValue("fy")); v != "" {
		fy, err := strconv.Atoi(v)
		if err != nil {
			return apperr.Invalidf("年度が正しくありません。")
		}
		x.FY = fy
	}
	var err error
	if x.Capacity, err = strconv.Atoi(planNum(r.PostFormValue("capacity"))); err != nil {
		x.Capacity = 0
		if planNum(r.PostFormValue("capacity")) != "" {
			return apperr.Invalidf("定員は数字で入力してください（0は定員なし）。")
		}
	}
	x.Hours = 0
	if h := planNum(r.PostFormValue("hours")); h != "" {
		if x.Hours, err = strconv.ParseFloat(h, 64); err != nil || x.Hours < 0 || x.Hours > 1000 {
			return apperr.Invalidf("時間数は数字で入力してください（空欄なら開催時間の合計）。")
		}
	}
	x.Days, x.Instructors = nil, nil
	for i := 0; i < planDayRows; i++ {
		date := planNum(r.PostFormValue(fmt.Sprintf("day%d_date", i)))
		start, ok1 := planTime(r.PostFormValue(fmt.Sprintf("day%d_start", i)))
		end, ok2 := planTime(r.PostFormValue(fmt.Sprintf("day%d_end", i)))
		if date == "" && start == "" && end == "" {
			continue
		}
		if date != "" {
			t, err := calendar.ParseDate(date)
			if err != nil {
				return apperr.Invalidf("開催日 %d の日付が正しくありません（例 2025-06-10 または 令和7年6月10日）。", i+1)
			}
			date = t.Format(time.DateOnly)
		}
		x.Days = append(x.Days, training.Day{Date: date, Start: start, End: end})
		if date == "" || !ok1 || !ok2 || start == "" || end == "" {
			return apperr.Invalidf("開催日 %d の日付と開始・終了時刻を入力してください（例 09:00〜17:00）。", i+1)
		}
	}
	for i := 0; i < planDayRows; i++ {
		num := strings.ToUpper(planNum(r.PostFormValue(fmt.Sprintf("ins%d_number", i))))
		name := strings.TrimSpace(r.PostFormValue(fmt.Sprintf("ins%d_name", i)))
		hs := planNum(r.PostFormValue(fmt.Sprintf("ins%d_hours", i)))
		if num == "" && name == "" {
			continue
		}
		var hours float64
		if hs != "" {
			if hours, err = strconv.ParseFloat(hs, 64); err != nil || hours < 0 {
				return apperr.Invalidf("講師 %d の担当時間は数字で入力してください。", i+1)
			}
		}
		x.Instructors = append(x.Instructors, training.Instructor{Number: num, Name: name, Hours: hours})
	}
	return nil
}

func (s *ui) planSessionSave(w http.ResponseWriter, r *http.Request, x *training.Session) error {
	u := web.UserOf(r)
	was := x.Status
	err := planReadSessionForm(r, x)
	if err == nil {
		err = s.Train.SaveSession(r.Context(), u.Actor(), u.Municipality, x)
	}
	if err == nil && x.ID != 0 {
		// A larger capacity gives seats to the waitlist at once.
		err = s.Train.FillFromWaitlist(r.Context(), u.Actor(), u.Municipality, x.ID)
	}
	if err != nil {
		code := apperr.CodeOf(err)
		if code != apperr.Invalid && code != apperr.Conflict {
			return err

		}
		f, ferr := s.planSessionFormData(r.Context(), u, x)
		if ferr != nil {
			return ferr

		}
		f.Capacity, f.Hours = r.PostFormValue("capacity"), r.PostFormValue("hours")
		for i := 0; i < planDayRows; i++ {
			f.Days[i] = planFormDay{r.PostFormValue(fmt.Sprintf("day%d_date", i)), r.PostFormValue(fmt.Sprintf("day%d_start", i)), r.PostFormValue(fmt.Sprintf("day%d_end", i))}
			f.Instructors[i] = planFormInstructor{r.PostFormValue(fmt.Sprintf("ins%d_number", i)), r.PostFormValue(fmt.Sprintf("ins%d_name", i)), r.PostFormValue(fmt.Sprintf("ins%d_hours", i))}
		}
		title := "開催回の編集"
		if f.New {
			title = "開催回の登録"
		}
		s.Render(w, r, web.Status(err), "session_form", &web.Page{Title: title, Nav: "plan", FY: x.FY, Error: web.Message(err), Data: f})
		return nil
	}
	msg := "開催回を保存しました。"
	if was != "" && was != training.SessionCancelled && x.Status == training.SessionCancelled {
		n, err := s.Train.NotifySessionCancelled(r.Context(), u.Actor(), u.Municipality, x.ID)
		if err != nil {
			return err

		}
		msg = fmt.Sprintf("開催回を中止にし、受講予定の %d 人に中止をお知らせしました。", n)
	}
	s.RedirectFlash(w, r, fmt.Sprintf("/sessions/%d", x.ID), msg)
	return nil
}

func (s *ui) planSessionCreate(w http.ResponseWriter, r *http.Request) error {
	return s.planSessionSave(w, r, &training.Session{})
}

func (s *ui) planSessionEdit(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	id, err := planID(r, "id")
	if err != nil {
		return err

	}
	x, err := s.Train.SessionByID(r.Context(), u.Municipality, id)
	if err != nil {
		return err

	}
	f, err := s.planSessionFormData(r.Context(), u, x)
	if err != nil {
		return err

	}
	s.Render(w, r, http.StatusOK, "session_form", &web.Page{Title: "開催回の編集", Nav: "plan", FY: x.FY, Data: f})
	return nil
}

func (s *ui) planSessionUpdate(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	id, err := planID(r, "id")
	if err != nil {
		return err

	}
	x, err := s.Train.SessionByID(r.Context(), u.Municipality, id)
	if err != nil {
		return err

	}
	return s.planSessionSave(w, r, x)
}

// planView is one session as a user may see it, for the page and the API.
type planView struct {
	S            *training.Session     `json:"session"`
	Program      *training.Program     `json:"-"`
	Days         []string              `json:"-"`
	Plan         *training.Plan        `json:"-"`
	Clashes      []training.Clash      `json:"clashes,omitempty"`
	Roster       []*training.Enrolment `json:"roster"`
	RosterNote   string                `json:"-"`
	ShowRoster   bool                  `json:"-"`
	Mine         *training.Enrolment   `json:"mine,omitempty"`
	Center       bool                  `json:"-"`
	Teaching     bool                  `json:"-"`
	CanApply     bool                  `json:"-"`
	CanRecommend bool                  `json:"-"`
	CanCancel    bool                  `json:"-"` // cancel others' enrolments shown in the roster
	CanDecide    bool                  `json:"-"`
	Quota        *training.Quota       `json:"-"`
	Others       []*training.Session   `json:"-"`
	ModeName     string                `json:"-"`
	Capacity     string                `json:"-"`
	Status       string                `json:"-"`
}

// planLoadSession loads a session and decides what the user may see of
// it. Outside the center a session exists only in a published plan, or for
// the people on it and the staff who teach it; otherwise it is not found.
func (s *ui) planLoadSession(ctx context.Context, u *auth.User, id int64) (*planView, error) {
	x, err := s.Train.SessionByID(ctx, u.Municipality, id)
	if err != nil {
		return nil, err
	}
	v := &planView{S: x, Center: planIsCenter(u), Days: training.DayLabels(x.Days), Roster: []*training.Enrolment{},
		Capacity: "定員なし", Status: training.SessionStatusLabel(x.Status)}
	if x.Capacity > 0 {
		v.Capacity = fmt.Sprintf("%d人", x.Capacity)
	}
	if v.Plan, err = s.Train.PlanFor(ctx, u.Municipality, x.FY); err != nil {
		return nil, err
	}
	if v.Program, err = s.Train.ProgramByID(ctx, u.Municipality, x.ProgramID); err != nil {
		return nil, err
	}
	v.ModeName = training.ModeLabel(v.Program.Mode)
	if u.StaffID != 0 {
		for _, in := range x.Instructors {
			if in.StaffID == u.StaffID {
				v.Teaching = true
			}
		}
		mine, err := s.Train.SessionRoster(ctx, u.Municipality, x.ID, staff.Scope{StaffID: u.StaffID})
		if err != nil {
			return nil, err
		}
		for _, e := range mine {
			if v.Mine == nil || e.Live() {
				v.Mine = e
			}
		}
	}
	if !v.Center && !v.Plan.Published() && v.Mine == nil && !v.Teaching {
		return nil, apperr.NotFoundf("開催回が見つかりません。")
	}
	var sc staff.Scope
	switch {
	case v.Center:
		v.ShowRoster, v.CanCancel = true, x.Status == training.SessionPlanned
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
	case u.Role == auth.Instructor && v.Teaching:
		v.ShowRoster, v.RosterNote = true, "担当する開催回の受講者です。"
	case u.Role == auth.Liaison || u.Role == auth.Supervisor:
		sc = auth.ScopeOf(u)
		v.ShowRoster = true
		v.RosterNote = strings.ReplaceAll(u.UnitPath, "/", " ") + "の職員のみ表示しています。"
		v.CanCancel = x.Status == training.SessionPlanned
		v.CanDecide = u.Role == auth.Supervisor
	default:
		sc = staff.Scope{StaffID: u.StaffID}
		if u.StaffID == 0 {
			sc = staff.Scope{None: true}
		}
	}
	if v.ShowRoster {
		if v.Roster, err = s.Train.SessionRoster(ctx, u.Municipality, x.ID, sc); err != nil {
			return nil, err
		}
		if v.Roster == nil {
			v.Roster = []*training.Enrolment{}
		}
	} else if v.Mine != nil {
		v.Roster = []*training.Enrolment{v.Mine}
	}
	open := v.Plan.Published() && x.Status == training.SessionPlanned && x.First() > s.planToday()
	v.CanApply = open && u.StaffID != 0 && v.Program.Mode == training.ModeApplication && (v.Mine == nil || !v.Mine.Live())
	if u.Role == auth.Liaison && v.Program.Mode == training.ModeRecommendation && v.Plan.Published() && x.Status == training.SessionPlanned {
		v.CanRecommend = true
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

func (s *ui) planSessionPage(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	raw := r.PathValue("id")
	ics := strings.HasSuffix(raw, ".ics")
	id, err := strconv.ParseInt(strings.TrimSuffix(raw, ".ics"), 10, 64)
	if err != nil || id <= 0 {
		return apperr.NotFoundf("ページが見つかりません。")

	}
	v, err := s.planLoadSession(r.Context(), u, id)
	if err != nil {
		return err

	}
	if ics {
		cal, err := s.Train.SessionCalendar(r.Context(), u.Municipality, v.S)
		if err != nil {
			return err
		}
		w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
		w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="session-%d.ics"`, id))
		w.Header().Set("Cache-Control", "no-store")
		notify.WriteICS(w, cal)
		return nil
	}
	s.Render(w, r, http.StatusOK, "session", &web.Page{Title: v.S.Label(), Nav: "plan", FY: v.S.FY, Data: v})
	return nil
}

// planResultMessage tells in one line what a nomination did.
func planResultMessage(res *training.EnrolResult) string {
	msg := fmt.Sprintf("受講決定 %d人、キャンセル待ち %d人を登録しました。", len(res.Enrolled), len(res.Waitlisted))
	if len(res.Skipped) > 0 {
		var parts []string
		for i, sk := range res.Skipped {
			if i == 8 {
				parts = append(parts, fmt.Sprintf("ほか%d人", len(res.Skipped)-8))
				break
			}
			parts = append(parts, sk.Number+"："+strings.TrimSuffix(sk.Reason, "。"))
		}
		msg += "登録しなかった職員：" + strings.Join(parts, "、") + "。"
	}
	return msg
}

func (s *ui) planNominate(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	id, err := planID(r, "id")
	if err != nil {
		return err

	}
	res, err := s.Train.Nominate(r.Context(), u.Actor(), u.Municipality, id, []string{r.PostFormValue("numbers")})
	if err != nil {
		return err

	}
	s.RedirectFlash(w, r, fmt.Sprintf("/sessions/%d", id), planResultMessage(res))
	return nil
}

func (s *ui) planNominateRoster(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	id, err := planID(r, "id")
	if err != nil {
		return err

	}
	x, err := s.Train.SessionByID(r.Context(), u.Municipality, id)
	if err != nil {
		return err

	}
	res, err := s.Train.NominateRoster(r.Context(), u.Actor(), u.Municipality, x.ProgramID, x.FY)
	if err != nil {
		return err

	}
	s.RedirectFlash(w, r, fmt.Sprintf("/sessions/%d", id), "対象者を開催回に割り振りました。"+planResultMessage(res))
	return nil
}

func (s *ui) planApply(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	id, err := planID(r, "id")
	if err != nil {
		return err

	}
	if u.StaffID == 0 {
		return apperr.Invalidf("このアカウントは職員と結び付いていないため、申し込めません。")

	}
	if _, err := s.Train.Apply(r.Context(), u.Actor(), u.Municipality, id, u.StaffID); err != nil {
		return err

	}
	s.RedirectFlash(w, r, planBack(r, "/my/trainings"), "受講を申し込みました。所属長の承認をお待ちください。")
	return nil
}

// planBack is the page to return to: a same-site path from the form.
func planBack(r *http.Request, def string) string {
	if b := r.PostFormValue("back"); b != "" && web.LocalPath(b, "/") == b {
		return b
	}
	return def
}

func (s *ui) planRecommend(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	id, err := planID(r, "id")
	if err != nil {
		return err

	}
	res, err := s.Train.Recommend(r.Context(), u.Actor(), u.Municipality, auth.ScopeOf(u), u.UnitID, id, []string{r.PostFormValue("numbers")})
	if err != nil {
		return err

	}
	s.RedirectFlash(w, r, planBack(r, fmt.Sprintf("/sessions/%d", id)), "推薦しました。"+planResultMessage(res))
	return nil
}

// planCancelScope is whose enrolments a user may cancel: the center anyone,
// a liaison or 所属長 their unit, everyone else their own.
func planCancelScope(u *auth.User) staff.Scope {
	if planIsCenter(u) {
		return staff.Scope{}
	}
	if u.Role == auth.Liaison || u.Role == auth.Supervisor {
		return auth.ScopeOf(u)
	}
	if u.StaffID == 0 {
		return staff.Scope{None: true}
	}
	return staff.Scope{StaffID: u.StaffID}
}

func (s *ui) planCancel(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	id, err := planID(r, "id")
	if err != nil {
		return err

	}
	sc := planCancelScope(u)
	e, err := s.Train.EnrolmentByID(r.Context(), u.Municipality, sc, id)
	if err != nil {
		return err

	}
	if err := s.Train.Cancel(r.Context(), u.Actor(), u.Municipality, sc, id, r.PostFormValue("reason")); err != nil {
		return err

	}
	s.RedirectFlash(w, r, planBack(r, fmt.Sprintf("/sessions/%d", e.SessionID)), fmt.Sprintf("%s さんの受講を取り消しました。", e.Name))
	return nil
}

func (s *ui) planMove(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	id, err := planID(r, "id")
	if err != nil {
		return err

	}
	to := web.Int64(r, "to")
	st, err := s.Train.Move(r.Context(), u.Actor(), u.Municipality, staff.Scope{}, id, to)
	if err != nil {
		return err

	}
	s.RedirectFlash(w, r, fmt.Sprintf("/sessions/%d", to), "開催回を移動しました（"+training.EnrolStatusLabel(st)+"）。")
	return nil
}

func (s *ui) planDecide(w http.ResponseWriter, r *http.Request, approve bool) error {
	u := web.UserOf(r)
	id, err := planID(r, "id")
	if err != nil {
		return err

	}
	st, err := s.Train.Decide(r.Context(), u.Actor(), u.Municipality, auth.ScopeOf(u), id, approve, r.PostFormValue("reason"))
	if err != nil {
		return err

	}
	msg := "申込を承認しました（" + training.EnrolStatusLabel(st) + "）。"
	if !approve {
		msg = "申込を不承認としました。"
	}
	s.RedirectFlash(w, r, planBack(r, "/approvals"), msg)
	return nil
}

func (s *ui) planApprove(w http.ResponseWriter, r *http.Request) error {
	return s.planDecide(w, r, true)
}
func (s *ui) planDecline(w http.ResponseWriter, r *http.Request) error {
	return s.planDecide(w, r, false)
}

type planApprovalRow struct {
	*training.Enrolment
	Days  []string
	Venue string
}

func (s *ui) planApprovals(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	list, err := s.Train.PendingApprovals(r.Context(), u.Municipality, auth.ScopeOf(u))
	if err != nil {
		return err

	}
	var rows []planApprovalRow
	for _, e := range list {
		x, err := s.Train.SessionByID(r.Context(), u.Municipality, e.SessionID)
		if err != nil {
			return err

		}
		rows = append(rows, planApprovalRow{Enrolment: e, Days: training.DayLabels(x.Days), Venue: x.Venue})
	}
	s.Render(w, r, http.StatusOK, "enrol_approvals", &web.Page{Title: "承認待ちの受講申込", Nav: "approvals", Data: rows})
	return nil
}

type planRecommendSession struct {
	*planSessionRow
	Mine []*training.Enrolment
}

type planRecommendData struct {
	FY       int
	Unit     string
	Plan     *training.Plan
	Quotas   []training.Quota
	Sessions []*planRecommendSession
}

func (s *ui) planRecommendations(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	ctx := r.Context()
	fy, err := s.planFY(r)
	if err != nil {
		return err

	}
	d := &planRecommendData{FY: fy, Unit: strings.ReplaceAll(u.UnitPath, "/", " ")}
	if d.Plan, err = s.Train.PlanFor(ctx, u.Municipality, fy); err != nil {
		return err

	}
	if d.Quotas, err = s.Train.Quotas(ctx, u.Municipality, fy, u.UnitID); err != nil {
		return err

	}
	if d.Plan.Published() {
		programs, err := s.Train.Programs(ctx, u.Municipality)
		if err != nil {
			return err

		}
		rec := map[int64]bool{}
		for _, p := range programs {
			rec[p.ID] = p.Mode == training.ModeRecommendation
		}
		list, err := s.Train.Sessions(ctx, u.Municipality, training.SessionFilter{FY: fy})
		if err != nil {
			return err

		}
		for _, x := range list {
			if !rec[x.ProgramID] || x.Status != training.SessionPlanned {
				continue
			}
			mine, err := s.Train.SessionRoster(ctx, u.Municipality, x.ID, auth.ScopeOf(u))
			if err != nil {
				return err

			}
			d.Sessions = append(d.Sessions, &planRecommendSession{planSessionRow: &planSessionRow{Session: x, Days: training.DayLabels(x.Days)}, Mine: mine})
		}
	}
	s.Render(w, r, http.StatusOK, "enrol_recommend", &web.Page{Title: "推薦", Nav: "recommendations", FY: fy, Data: d})
	return nil
}

type planMyData struct {
	Linked     bool
	Upcoming   []*planMyRow
	All        []*training.Enrolment
	Open       []*planSessionRow
	FeedURL    string
	FeedSince  string
	HasFeed    bool
	Today      string
	PlanPublic bool
}

type planMyRow struct {
	*training.Enrolment
	Days  []string
	Venue string
}

func (s *ui) planMyTrainings(w http.ResponseWriter, r *http.Request) error {
	return s.planMyRender(w, r, "")
}

func (s *ui) planMyRender(w http.ResponseWriter, r *http.Request, feedURL string) error {
	u := web.UserOf(r)
	ctx := r.Context()
	d := &planMyData{Linked: u.StaffID != 0, FeedURL: feedURL, Today: s.planToday()}
	if at, ok, err := s.Train.FeedTokenCreated(ctx, u.ID); err != nil {
		return err

	} else if ok {
		d.HasFeed, d.FeedSince = true, at.In(calendar.JST).Format("2006-01-02 15:04")
	}
	if d.Linked {
		all, err := s.Train.EnrolmentsOfStaff(ctx, u.Municipality, u.StaffID)
		if err != nil {
			return err

		}
		d.All = all
		livePrograms := map[string]bool{}
		for _, e := range all {
			if e.Live() {
				livePrograms[fmt.Sprint(e.ProgramID, "/", e.FY)] = true
			}
			if e.Status != training.EnrolEnrolled {
				continue
			}
			x, err := s.Train.SessionByID(ctx, u.Municipality, e.SessionID)
			if err != nil {
				return err

			}
			if x.Last() >= d.Today && x.Status != training.SessionCancelled {
				d.Upcoming = append(d.Upcoming, &planMyRow{Enrolment: e, Days: training.DayLabels(x.Days), Venue: x.Venue})
			}
		}
		sort.SliceStable(d.Upcoming, func(i, j int) bool { return d.Upcoming[i].FirstDay < d.Upcoming[j].FirstDay })
		fy := calendar.FiscalYear(s.Now().In(calendar.JST))
		plan, err := s.Train.PlanFor(ctx, u.Municipality, fy)
		if err != nil {
			return err

		}
		d.PlanPublic = plan.Published()
		if d.PlanPublic {
			programs, err := s.Train.Programs(ctx, u.Municipality)
			if err != nil {
				return err

			}
			apply := map[int64]bool{}
			for _, p := range programs {
				apply[p.ID] = p.Mode == training.ModeApplication && p.Active
			}
			list, err := s.Train.Sessions(ctx, u.Municipality, training.SessionFilter{FY: fy})
			if err != nil {
				return err

			}
			for _, x := range list {
				if apply[x.ProgramID] && x.Status == training.SessionPlanned && x.First() > d.Today && !livePrograms[fmt.Sprint(x.ProgramID, "/", x.FY)] {
					d.Open = append(d.Open, &planSessionRow{Session: x, Days: training.DayLabels(x.Days)})
				}
			}
		}
	}
	s.Render(w, r, http.StatusOK, "mytrainings", &web.Page{Title: "わたしの研修", Nav: "my", Data: d})
	return nil
}

func (s *ui) planFeedCreate(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	if u.StaffID == 0 {
		return apperr.Invalidf("このアカウントは職員と結び付いていないため、カレンダーを発行できません。")

	}
	tok, err := s.Train.NewFeedToken(r.Context(), u.Actor(), u.Municipality, u.ID)
	if err != nil {
		return err

	}
	scheme := "http"
	if s.Cfg.Secure || r.TLS != nil {
		scheme = "https"
	}
	return s. // The URL is shown once, on this response; only its hash is kept.
			planMyRender(w, r, scheme+"://"+r.Host+"/feed/"+tok+".ics")
}

func (s *ui) planFeedRevoke(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	if err := s.Train.RevokeFeedToken(r.Context(), u.Actor(), u.Municipality, u.ID); err != nil {
		return err

	}
	s.RedirectFlash(w, r, "/my/trainings#feed", "カレンダーのURLを無効にしました。")
	return nil
}

// planFeed serves a personal iCal feed. It is public: the secret in the URL
// is the credential, so calendar programs can subscribe without a login.
func (s *ui) planFeed(w http.ResponseWriter, r *http.Request) error {
	file := r.PathValue("file")
	tok, ok := strings.CutSuffix(file, ".ics")
	if !ok || tok == "" || len(tok) > 200 {
		http.NotFound(w, r)
		return nil
	}
	muni, staffID, err := s.Train.FeedOwner(r.Context(), tok)
	if err != nil {
		if apperr.CodeOf(err) != apperr.NotFound {
			s.Log.Error("feed", "err", err)
		}
		http.Error(w, "not found", http.StatusNotFound)
		return nil
	}
	cal, err := s.Train.FeedCalendar(r.Context(), muni, staffID)
	if err != nil {
		s.Log.Error("feed", "err", err)
		http.Error(w, "error", http.StatusInternalServerError)
		return nil
	}
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	// The feed lists the person's trainings: personal data, never stored
	// by a proxy; calendar clients fetch it again at each poll anyway.
	w.Header().Set("Cache-Control", "no-store")
	notify.WriteICS(w, cal)
	return nil
}

type planNoticesData struct {
	Linked bool
	Items  []*notify.Notification
	Unread int
}

func (s *ui) planNotifications(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	d := &planNoticesData{Linked: u.StaffID != 0}
	if d.Linked {
		var err error
		if d.Items, d.Unread, err = s.Train.Notifications(r.Context(), u.Municipality, u.StaffID, 100); err != nil {
			return err

		}
	}
	s.Render(w, r, http.StatusOK, "notifications", &web.Page{Title: "お知らせ", Nav: "notifications", Data: d})
	return nil
}

func (s *ui) planNotificationsRead(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	if u.StaffID == 0 {
		return apperr.NotFoundf("お知らせが見つかりません。")

	}
	if _, err := s.Train.MarkNotificationsRead(r.Context(), u.Actor(), u.Municipality, u.StaffID, web.Int64(r, "id")); err != nil {
		return err

	}
	s.RedirectFlash(w, r, "/notifications", "既読にしました。")
	return nil
}

// planAPISessionItem is a session in the API list.
type planAPISessionItem struct {
	*training.Session
	Clashes []training.Clash `json:"clashes,omitempty"`
}

func (s *ui) planAPISessions(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	fy, err := s.planFY(r)
	if err != nil {
		return err

	}
	d, err := s.loadPlan(r.Context(), u, fy)
	if err != nil {
		return err

	}
	items := []planAPISessionItem{}
	for _, b := range d.Programs {
		for _, x := range b.Sessions {
			items = append(items, planAPISessionItem{Session: x.Session, Clashes: x.Clashes})
		}
	}
	sort.SliceStable(items, func(i, j int) bool { return items[i].First() < items[j].First() })
	web.JSON(w, http.StatusOK, map[string]any{"fy": fy, "plan_status": d.Plan.Status, "items": items})
	return nil
}

func (s *ui) planAPISession(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	id, err := planID(r, "id")
	if err != nil {
		return err

	}
	v, err := s.planLoadSession(r.Context(), u, id)
	if err != nil {
		return err

	}
	web.JSON(w, http.StatusOK, v)
	return nil
}

// planDecode reads a JSON body into v.
func planDecode(r *http.Request, v any) error {
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return apperr.Invalidf("JSONの形式が正しくありません。")
	}
	return nil
}

func (s *ui) planAPINominate(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	id, err := planID(r, "id")
	if err != nil {
		return err

	}
	var body struct {
		Numbers []string `json:"numbers"`
		Roster  bool     `json:"roster"`
	}
	if err := planDecode(r, &body); err != nil {
		return err

	}
	var res *training.EnrolResult
	if body.Roster {
		x, err := s.Train.SessionByID(r.Context(), u.Municipality, id)
		if err != nil {
			return err

		}
		res, err = s.Train.NominateRoster(r.Context(), u.Actor(), u.Municipality, x.ProgramID, x.FY)
		if err != nil {
			return err

		}
	} else if res, err = s.Train.Nominate(r.Context(), u.Actor(), u.Municipality, id, body.Numbers); err != nil {
		return err

	}
	web.JSON(w, http.StatusOK, res)
	return nil
}

func (s *ui) planAPICancel(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	id, err := planID(r, "id")
	if err != nil {
		return err

	}
	var body struct {
		Reason string `json:"reason"`
	}
	if err := planDecode(r, &body); err != nil {
		return err

	}
	sc := planCancelScope(u)
	if err := s.Train.Cancel(r.Context(), u.Actor(), u.Municipality, sc, id, body.Reason); err != nil {
		return err

	}
	e, err := s.Train.EnrolmentByID(r.Context(), u.Municipality, sc, id)
	if err != nil {
		return err

	}
	web.JSON(w, http.StatusOK, e)
	return nil
}

func (s *ui) planAPIMyEnrolments(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	list := []*training.Enrolment{}
	if u.StaffID != 0 {
		all, err := s.Train.EnrolmentsOfStaff(r.Context(), u.Municipality, u.StaffID)
		if err != nil {
			return err

		}
		list = append(list, all...)
	}
	web.JSON(w, http.StatusOK, list)
	return nil
}
