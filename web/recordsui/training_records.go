package recordsui

import (
	"crypto/subtle"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"rsc.io/qr"

	"hagukumi/apperr"
	"hagukumi/auth"
	"hagukumi/calendar"
	"hagukumi/staff"
	"hagukumi/training"
	"hagukumi/web"
)

// Who may use the record routes (PRODUCT T5–T7, T10). Object-level checks
// follow in the handlers: an instructor only for the sessions they teach, a
// liaison or supervisor only for the staff of their unit, anyone else only
// for themself; outside that the answer is 404.

// registerRecordRoutes registers attendance, completion, history,
// certificates, surveys, reports and instructors.
func (s *ui) routes() {
	// T5 attendance: roster, bulk marking, QR and tablet check-in.
	s.Handle(web.Route{Pattern: "GET /sessions/{id}/attendance", Roles: auth.AttendanceReaders}, s.attendPage)
	s.Handle(web.Route{Pattern: "POST /sessions/{id}/attendance", Roles: auth.Teachers}, s.attendSave)
	s.Handle(web.Route{Pattern: "GET /sessions/{id}/qr.png", Roles: auth.Teachers}, s.attendQR)
	s.Handle(web.Route{Pattern: "GET /sessions/{id}/tablet", Roles: auth.Teachers}, s.attendTabletPage)
	s.Handle(web.Route{Pattern: "POST /sessions/{id}/tablet", Roles: auth.Teachers}, s.attendTabletCheckIn)
	s.Handle(web.Route{Pattern: "GET /checkin/{id}/{token}", Roles: auth.Everyone}, s.checkinPage)
	s.Handle(web.Route{Pattern: "POST /checkin/{id}/{token}", Roles: auth.Everyone}, s.checkinPost)
	// T6 history, external trainings, certificates.
	s.Handle(web.Route{Pattern: "GET /staff/{number}/history", Roles: auth.Trainees}, s.historyStaffPage)
	s.Handle(web.Route{Pattern: "GET /my/history", Roles: auth.Everyone, Staff: true}, s.historyMyPage)
	s.Handle(web.Route{Pattern: "GET /staff/{number}/external", Roles: auth.Center}, s.externalPage)
	s.Handle(web.Route{Pattern: "POST /staff/{number}/external", Roles: auth.Center}, s.externalSave)
	s.Handle(web.Route{Pattern: "GET /certificates/{session}/{number}", Roles: auth.Everyone}, s.certificatePage)
	// T7 surveys and reports.
	s.Handle(web.Route{Pattern: "GET /programs/{code}/survey", Roles: auth.Center}, s.surveyEditPage)
	s.Handle(web.Route{Pattern: "POST /programs/{code}/survey", Roles: auth.Center}, s.surveySave)
	s.Handle(web.Route{Pattern: "GET /programs/{code}/survey/results", Roles: auth.Center}, s.surveyResultsPage)
	s.Handle(web.Route{Pattern: "GET /sessions/{id}/survey", Roles: auth.Everyone}, s.surveyAnswerPage)
	s.Handle(web.Route{Pattern: "POST /sessions/{id}/survey", Roles: auth.Everyone}, s.surveyAnswer)
	s.Handle(web.Route{Pattern: "GET /sessions/{id}/report", Roles: auth.Everyone}, s.reportPage)
	s.Handle(web.Route{Pattern: "POST /sessions/{id}/report", Roles: auth.Everyone}, s.reportSave)
	s.Handle(web.Route{Pattern: "GET /reports", Roles: auth.ReportReaders, Menu: "報告書", Order: 70, Nav: "reports"}, s.reportsQueue)
	s.Handle(web.Route{Pattern: "POST /reports/{id}/review", Roles: auth.Supervisors}, s.reportReview)
	// T10 staff instructors.
	s.Handle(web.Route{Pattern: "GET /instructors", Roles: auth.Center, Menu: "職員講師", Order: 100, Nav: "instructors"}, s.instructorsPage)
	s.Handle(web.Route{Pattern: "GET /my/topics", Roles: auth.Everyone, Staff: true}, s.instructorTopicsPage)
	s.Handle(web.Route{Pattern: "POST /my/topics", Roles: auth.Everyone, Staff: true}, s.instructorTopicsSave)
	// JSON API.
	s.Handle(web.Route{Pattern: "GET /api/v1/staff/{number}/history", Roles: auth.Trainees, Summary: "職員の受講履歴（年度ごとの時間数と研修の一覧、外部研修を含む）"}, s.apiHistory)
	s.Handle(web.Route{Pattern: "GET /api/v1/sessions/{id}/attendance", Roles: auth.AttendanceReaders, Summary: "開催回の受講者と出欠（所属研修担当は自所属のみ）"}, s.apiAttendance)
	s.Handle(web.Route{Pattern: "POST /api/v1/sessions/{id}/attendance", Roles: auth.Teachers, Summary: "出欠の一括登録。本文は [{number, status: present|partial|absent|\"\", hours, reason: 公務|病気|休暇|その他, note}]"}, s.apiAttendanceSave)
	s.Handle(web.Route{Pattern: "GET /api/v1/programs/{code}/survey/results", Roles: auth.Center, Summary: "アンケート結果（fy, session）。5段階評価の平均と分布、選択肢の件数、自由記述"}, s.apiSurveyResults)
	s.Handle(web.Route{Pattern: "GET /api/v1/programs/{code}/not-attended", Roles: auth.RosterReaders, Summary: "年度（fy）の未受講者：対象者または受講者で、開催済みの回に出席していない職員"}, s.apiNotAttended)
}

func recIsCenter(u *auth.User) bool { return u.Role == auth.CenterAdmin || u.Role == auth.CenterStaff }

// recNoStaff is the answer to self-service pages for an account that is not
// linked to a staff member.
func recNoStaff() error {
	return apperr.NotFoundf("このアカウントは職員情報と紐付いていないため、このページは使えません。")
}

func recPathID(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, apperr.NotFoundf("ページが見つかりません。")
	}
	return id, nil
}

func recFY(s *ui, r *http.Request) int {
	if fy := web.Int(r, "fy"); fy >= 1989 && fy <= 2200 {
		return fy
	}
	return calendar.FiscalYear(s.Now())
}

func recToday(s *ui) string { return s.Now().In(calendar.JST).Format("2006-01-02") }

// recAccess is what a user may do with one session's roster.
type recAccess struct {
	X     *training.Session
	Edit  bool        // mark attendance, QR, tablet
	Scope staff.Scope // whose rows are shown
}

// recSession loads the session of the URL for its roster: center staff see
// and mark every session, an instructor only those they teach, a liaison
// sees their department's rows. Anyone else gets 404.
func (s *ui) recSession(r *http.Request) (*recAccess, error) {
	u := web.UserOf(r)
	id, err := recPathID(r, "id")
	if err != nil {
		return nil, err
	}
	x, err := s.Train.SessionByID(r.Context(), u.Municipality, id)
	if err != nil {
		return nil, err
	}
	switch {
	case recIsCenter(u):
		return &recAccess{X: x, Edit: true}, nil
	case u.Role == auth.Instructor:
		ok, err := s.Train.Teaches(r.Context(), u.Municipality, id, u.StaffID)
		if err != nil {
			return nil, err
		}
		if ok {
			return &recAccess{X: x, Edit: true}, nil
		}
	case u.Role == auth.Liaison:
		return &recAccess{X: x, Scope: auth.ScopeOf(u)}, nil
	}
	return nil, apperr.NotFoundf("開催回が見つかりません。")
}

// ---- Attendance (T5) ----

type recAttendData struct {
	A          *recAccess
	Rows       []training.AttendanceRow
	Reasons    []string
	Rule       string
	Carry      []training.NotAttendedEntry
	ShowCarry  bool
	CheckinURL string
	Counts     map[string]int
}

func (s *ui) recAttendData(r *http.Request, a *recAccess) (*recAttendData, error) {
	u := web.UserOf(r)
	ctx := r.Context()
	d := &recAttendData{A: a, Reasons: training.AbsenceReasons, Counts: map[string]int{}}
	var err error
	if d.Rows, err = s.Train.Attendance(ctx, u.Municipality, a.X.ID, a.Scope); err != nil {
		return nil, err
	}
	for _, row := range d.Rows {
		d.Counts[row.Status]++
	}
	p, err := s.Train.ProgramByID(ctx, u.Municipality, a.X.ProgramID)
	if err != nil {
		return nil, err
	}
	d.Rule = training.CompletionRuleOf(p).Sentence()
	// Those who missed the program's earlier sessions this year are carried
	// to this one; the center and liaisons act on that list.
	if recIsCenter(u) || u.Role == auth.Liaison {
		d.ShowCarry = true
		if d.Carry, err = s.Train.NotAttended(ctx, u.Municipality, p, a.X.FY, a.X.First(), a.Scope); err != nil {
			return nil, err
		}
	}
	if a.Edit {
		tok, err := s.Train.CheckinToken(ctx, u.Municipality, a.X.ID)
		if err != nil {
			return nil, err
		}
		if tok != "" {
			d.CheckinURL = s.recBaseURL(r) + fmt.Sprintf("/checkin/%d/%s", a.X.ID, tok)
		}
	}
	return d, nil
}

func (s *ui) recBaseURL(r *http.Request) string {
	scheme := "http"
	if s.Cfg.Secure || r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

func (s *ui) attendPage(w http.ResponseWriter, r *http.Request) error {
	a, err := s.recSession(r)
	if err != nil {
		return err

	}
	d, err := s.recAttendData(r, a)
	if err != nil {
		return err

	}
	s.Render(w, r, http.StatusOK, "attendance", &web.Page{Title: "出欠 " + a.X.Label(), Nav: "training", FY: a.X.FY, Data: d})
	return nil
}

// recMarksFromForm reads the roster form: one hidden n per person, then
// st_, h_, r_ and note_ fields named by 職員番号.
func recMarksFromForm(r *http.Request) ([]training.Mark, error) {
	if err := r.ParseForm(); err != nil {
		return nil, err
	}
	allPresent := r.PostFormValue("all_present") != ""
	var marks []training.Mark
	for _, n := range r.PostForm["n"] {
		m := training.Mark{Number: n, Status: r.PostFormValue("st_" + n), Reason: r.PostFormValue("r_" + n), Note: r.PostFormValue("note_" + n)}
		if allPresent && m.Status == "" {
			m.Status = training.AttendPresent
		}
		if h := strings.TrimSpace(r.PostFormValue("h_" + n)); h != "" && m.Status == training.AttendPartial {
			v, err := strconv.ParseFloat(h, 64)
			if err != nil {
				return marks, apperr.Invalidf("%s: 出席時間は数字で入力してください（例 3.5）。", n)
			}
			m.Hours = v
		}
		marks = append(marks, m)
	}
	return marks, nil
}

func (s *ui) attendSave(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	a, err := s.recSession(r)
	if err != nil {
		return err

	}
	marks, err := recMarksFromForm(r)
	if err == nil {
		err = s.Train.MarkAttendance(r.Context(), u.Actor(), u.Municipality, a.X.ID, marks)
	}
	if err != nil {
		if web.Status(err) != http.StatusBadRequest {
			return err

		}
		// Show the form again with what was entered, and the reason.
		d, derr := s.recAttendData(r, a)
		if derr != nil {
			return derr

		}
		posted := map[string]training.Mark{}
		for _, m := range marks {
			posted[m.Number] = m
		}
		for i := range d.Rows {
			if m, ok := posted[d.Rows[i].Number]; ok {
				d.Rows[i].Status, d.Rows[i].Hours, d.Rows[i].Reason, d.Rows[i].Note = m.Status, m.Hours, m.Reason, m.Note
			}
		}
		s.Render(w, r, http.StatusBadRequest, "attendance", &web.Page{Title: "出欠 " + a.X.Label(), Nav: "training", FY: a.X.FY, Error: web.Message(err), Data: d})
		return nil
	}
	s.RedirectFlash(w, r, fmt.Sprintf("/sessions/%d/attendance", a.X.ID), "出欠を保存しました。")
	return nil
}

func (s *ui) attendQR(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	a, err := s.recSession(r)
	if err != nil {
		return err

	}
	tok, err := s.Train.CheckinToken(r.Context(), u.Municipality, a.X.ID)
	if err != nil || tok == "" {
		return apperr.NotFoundf("この開催回には受付用のコードがありません。")

	}
	code, err := qr.Encode(s.recBaseURL(r)+fmt.Sprintf("/checkin/%d/%s", a.X.ID, tok), qr.M)
	if err != nil {
		return err

	}
	code.Scale = 8
	w.Header().Set("Content-Type", "image/png")
	// The image holds the session's secret: never kept by a cache.
	w.Header().Set("Cache-Control", "no-store")
	w.Write(code.PNG())
	return nil
}

type recTabletData struct {
	X       *training.Session
	Present int
	Total   int
}

func (s *ui) recTablet(w http.ResponseWriter, r *http.Request, a *recAccess, status int, errMsg string) error {
	u := web.UserOf(r)
	rows, err := s.Train.Attendance(r.Context(), u.Municipality, a.X.ID, staff.Scope{})
	if err != nil {
		return err

	}
	d := recTabletData{X: a.X, Total: len(rows)}
	for _, row := range rows {
		if training.Attended(row.Status) {
			d.Present++
		}
	}
	s.Render(w, r, status, "attendance_tablet", &web.Page{Title: "受付 " + a.X.Label(), Nav: "training", FY: a.X.FY, Error: errMsg, Data: d})
	return nil
}

func (s *ui) attendTabletPage(w http.ResponseWriter, r *http.Request) error {
	a, err := s.recSession(r)
	if err != nil {
		return err

	}
	return s.recTablet(w, r, a, http.StatusOK, "")
}

func (s *ui) attendTabletCheckIn(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	a, err := s.recSession(r)
	if err != nil {
		return err

	}
	number := strings.TrimSpace(r.PostFormValue("number"))
	if number == "" {
		return s.recTablet(w, r, a, http.StatusBadRequest, "職員番号を入力してください。")

	}
	m, err := s.Staff.ByNumber(r.Context(), u.Municipality, staff.Scope{}, number)
	var already bool
	if err == nil {
		already, err = s.Train.CheckIn(r.Context(), u.Actor(), u.Municipality, a.X.ID, m.ID, training.ViaTablet)
	}
	if err != nil {
		if st := web.Status(err); st < 500 {
			return s.recTablet(w, r, a, st, "職員番号 "+number+": "+web.Message(err))

		}
		return err

	}
	msg := m.Name() + " さんの出席を受け付けました。"
	if already {
		msg = m.Name() + " さんは受付済みです。"
	}
	s.RedirectFlash(w, r, fmt.Sprintf("/sessions/%d/tablet", a.X.ID), msg)
	return nil
}

type recCheckinData struct {
	X       *training.Session
	Me      *staff.Member
	Present bool
	Open    bool
	Action  string
}

// recCheckin checks the token of a QR link in constant time and that the
// user is enrolled; a wrong token and a stranger both get 404.
func (s *ui) recCheckin(r *http.Request) (*recCheckinData, error) {
	u := web.UserOf(r)
	ctx := r.Context()
	id, err := recPathID(r, "id")
	if err != nil {
		return nil, err
	}
	notFound := apperr.NotFoundf("受付用のリンクが正しくないか、この研修の受講者として登録されていません。")
	tok, err := s.Train.CheckinToken(ctx, u.Municipality, id)
	if apperr.CodeOf(err) == apperr.NotFound {
		return nil, notFound
	} else if err != nil {
		return nil, err
	}
	given := r.PathValue("token")
	if tok == "" || subtle.ConstantTimeCompare([]byte(tok), []byte(given)) != 1 {
		return nil, notFound
	}
	if u.StaffID == 0 {
		return nil, recNoStaff()
	}
	ok, err := s.Train.Participates(ctx, u.Municipality, id, u.StaffID)
	if err != nil {
		return nil, err
	}
	rows, err := s.Train.Attendance(ctx, u.Municipality, id, staff.Scope{StaffID: u.StaffID})
	if err != nil {
		return nil, err
	}
	if !ok && len(rows) == 0 {
		return nil, notFound
	}
	x, err := s.Train.SessionByID(ctx, u.Municipality, id)
	if err != nil {
		return nil, err
	}
	me, err := s.Staff.ByID(ctx, u.Municipality, u.StaffID)
	if err != nil {
		return nil, err
	}
	d := &recCheckinData{X: x, Me: me, Open: training.CheckInOpen(x, s.Now()), Action: r.URL.Path}
	d.Present = len(rows) == 1 && rows[0].Status == training.AttendPresent
	return d, nil
}

func (s *ui) checkinPage(w http.ResponseWriter, r *http.Request) error {
	d, err := s.recCheckin(r)
	if err != nil {
		return err

	}
	s.Render(w, r, http.StatusOK, "checkin", &web.Page{Title: "研修の受付", FY: d.X.FY, Data: d})
	return nil
}

func (s *ui) checkinPost(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	d, err := s.recCheckin(r)
	if err != nil {
		return err

	}
	already, err := s.Train.CheckIn(r.Context(), u.Actor(), u.Municipality, d.X.ID, u.StaffID, training.ViaQR)
	if err != nil {
		if st := web.Status(err); st < 500 {
			s.Render(w, r, st, "checkin", &web.Page{Title: "研修の受付", FY: d.X.FY, Error: web.Message(err), Data: d})
			return nil
		}
		return err

	}
	msg := "出席を受け付けました。研修を始めるまでお待ちください。"
	if already {
		msg = "既に受付済みです。"
	}
	s.RedirectFlash(w, r, r.URL.Path, msg)
	return nil
}

// ---- History, external trainings, certificates (T6) ----

type recHistoryData struct {
	M           *staff.Member
	H           *training.StaffHistory
	Today       string
	Self        bool
	CanExternal bool
	CertLinks   bool
}

func (s *ui) recHistory(w http.ResponseWriter, r *http.Request, m *staff.Member) error {
	u := web.UserOf(r)
	h, err := s.Train.TrainingHistory(r.Context(), u.Municipality, m.ID)
	if err != nil {
		return err

	}
	self := u.StaffID == m.ID
	d := recHistoryData{M: m, H: h, Today: recToday(s), Self: self, CanExternal: recIsCenter(u),
		CertLinks: self || recIsCenter(u) || (u.Role == auth.Liaison && auth.ScopeOf(u).Covers(m.Unit))}
	title := m.Name() + " の受講履歴"
	if self {
		title = "わたしの受講履歴"
	}
	s.Render(w, r, http.StatusOK, "history", &web.Page{Title: title, Nav: "history", Data: d})
	return nil
}

func (s *ui) historyStaffPage(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	m, err := s.Staff.ByNumber(r.Context(), u.Municipality, auth.ScopeOf(u), r.PathValue("number"))
	if err != nil {
		return err

	}
	return s.recHistory(w, r, m)
}

func (s *ui) historyMyPage(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	if u.StaffID == 0 {
		return recNoStaff()

	}
	m, err := s.Staff.ByID(r.Context(), u.Municipality, u.StaffID)
	if err != nil {
		return err

	}
	return s.recHistory(w, r, m)
}

func (s *ui) apiHistory(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	m, err := s.Staff.ByNumber(r.Context(), u.Municipality, auth.ScopeOf(u), r.PathValue("number"))
	if err != nil {
		return err

	}
	h, err := s.Train.TrainingHistory(r.Context(), u.Municipality, m.ID)
	if err != nil {
		return err

	}
	web.JSON(w, http.StatusOK, map[string]any{"number": m.Number, "name": m.Name(), "unit": m.Unit, "by_fy": h.ByFY, "items": h.Items})
	return nil
}

type recExternalData struct {
	M     *staff.Member
	List  []training.External
	Form  training.External
	Today string
}

func (s *ui) recExternal(w http.ResponseWriter, r *http.Request, status int, errMsg string, form training.External) error {
	u := web.UserOf(r)
	m, err := s.Staff.ByNumber(r.Context(), u.Municipality, auth.ScopeOf(u), r.PathValue("number"))
	if err != nil {
		return err

	}
	list, err := s.Train.Externals(r.Context(), u.Municipality, m.ID)
	if err != nil {
		return err

	}
	s.Render(w, r, status, "external", &web.Page{Title: m.Name() + " の外部研修", Nav: "history", Error: errMsg,
		Data: recExternalData{M: m, List: list, Form: form, Today: recToday(s)}})
	return nil
}

func (s *ui) externalPage(w http.ResponseWriter, r *http.Request) error {
	return s.recExternal(w, r, http.StatusOK, "", training.External{})
}

func (s *ui) externalSave(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	m, err := s.Staff.ByNumber(r.Context(), u.Municipality, auth.ScopeOf(u), r.PathValue("number"))
	if err != nil {
		return err

	}
	back := "/staff/" + m.Number + "/external"
	if r.PostFormValue("action") == "delete" {
		if err := s.Train.DeleteExternal(r.Context(), u.Actor(), u.Municipality, m.ID, web.Int64(r, "id")); err != nil {
			return err

		}
		s.RedirectFlash(w, r, back, "外部研修の記録を削除しました。")
		return nil
	}
	x := training.External{StaffID: m.ID, Title: r.PostFormValue("title"), Organiser: r.PostFormValue("organiser"),
		Start: r.PostFormValue("start"), End: r.PostFormValue("end"), Notes: r.PostFormValue("notes")}
	hours, herr := strconv.ParseFloat(strings.TrimSpace(r.PostFormValue("hours")), 64)
	x.Hours = hours
	if herr != nil {
		return s.recExternal(w, r, http.StatusBadRequest, "時間数を数字で入力してください（例 6.5）。", x)

	}
	if err := s.Train.AddExternal(r.Context(), u.Actor(), u.Municipality, &x); err != nil {
		if web.Status(err) == http.StatusBadRequest {
			return s.recExternal(w, r, http.StatusBadRequest, web.Message(err), x)

		}
		return err

	}
	s.RedirectFlash(w, r, back, "外部研修を登録しました。")
	return nil
}

type recCertData struct {
	C      *training.Certificate
	Muni   staff.Municipality
	Issued string
	Period string
}

// certificatePage prints a 修了証: for the person, the center and the
// person's liaison only; anyone else, and anyone who did not complete, 404.
func (s *ui) certificatePage(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	ctx := r.Context()
	sessionID, err := recPathID(r, "session")
	if err != nil {
		return err

	}
	m, err := s.Staff.ByNumber(ctx, u.Municipality, staff.Scope{}, r.PathValue("number"))
	if err != nil {
		return err

	}
	allowed := recIsCenter(u) || (u.StaffID != 0 && u.StaffID == m.ID) || (u.Role == auth.Liaison && auth.ScopeOf(u).Covers(m.Unit))
	if !allowed {
		return apperr.NotFoundf("修了証が見つかりません。")

	}
	c, err := s.Train.CertificateOf(ctx, u.Municipality, sessionID, m.ID)
	if err != nil {
		return err

	}
	muni, err := s.Staff.GetMunicipality(ctx, u.Municipality)
	if err != nil {
		return err

	}
	d := recCertData{C: c, Muni: muni, Issued: recWareki(c.CompletedOn), Period: recWareki(c.First)}
	if c.Last != "" && c.Last != c.First {
		d.Period += "～" + recWareki(c.Last)
	}
	s.Render(w, r, http.StatusOK, "certificate", &web.Page{Title: "修了証 " + c.Number, FY: c.FY, Data: d})
	return nil
}

func recWareki(iso string) string {
	t, err := calendar.ParseDate(iso)
	if err != nil {
		return iso
	}
	return calendar.FormatWareki(t)
}

// ---- Surveys (T7) ----

type recQuestionRow struct {
	training.Question
	ChoicesText string
}

type recSurveyEditData struct {
	P      *training.Program
	Title  string
	Rows   []recQuestionRow
	Kinds  []struct{ Kind, Label string }
	Answer int
}

func (s *ui) recSurveyEdit(w http.ResponseWriter, r *http.Request, p *training.Program, status int, errMsg, title string, qs []training.Question) error {
	u := web.UserOf(r)
	d := recSurveyEditData{P: p, Title: title, Kinds: training.QuestionKinds}
	if qs == nil {
		sv, err := s.Train.SurveyOf(r.Context(), u.Municipality, p.ID)
		if err == nil {
			d.Title, qs, d.Answer = sv.Title, sv.Questions, sv.Responses
		} else if apperr.CodeOf(err) != apperr.NotFound {
			return err

		}
	}
	for _, q := range qs {
		d.Rows = append(d.Rows, recQuestionRow{q, strings.Join(q.Choices, "\n")})
	}
	// Three empty rows to add questions without JavaScript.
	for i := 0; i < 3; i++ {
		d.Rows = append(d.Rows, recQuestionRow{Question: training.Question{Ord: len(d.Rows) + 1, Kind: training.QuestionScale}})
	}
	if d.Title == "" {
		d.Title = "受講後アンケート"
	}
	s.Render(w, r, status, "survey_edit", &web.Page{Title: "アンケートの作成 " + p.Name, Nav: "training", Error: errMsg, Data: d})
	return nil
}

func (s *ui) recProgram(r *http.Request) (*training.Program, error) {
	return s.Train.ProgramByCode(r.Context(), web.UserOf(r).Municipality, r.PathValue("code"))
}

func (s *ui) surveyEditPage(w http.ResponseWriter, r *http.Request) error {
	p, err := s.recProgram(r)
	if err != nil {
		return err

	}
	return s.recSurveyEdit(w, r, p, http.StatusOK, "", "", nil)
}

func (s *ui) surveySave(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	p, err := s.recProgram(r)
	if err != nil {
		return err

	}
	n := web.Int(r, "rows")
	if n > 60 {
		n = 60
	}
	var qs []training.Question
	for i := 0; i < n; i++ {
		k := strconv.Itoa(i)
		ord, _ := strconv.Atoi(r.PostFormValue("ord_" + k))
		qs = append(qs, training.Question{Ord: ord, Kind: r.PostFormValue("kind_" + k), Text: r.PostFormValue("text_" + k),
			Choices: []string{r.PostFormValue("choices_" + k)}, Required: r.PostFormValue("req_"+k) != ""})
	}
	title := r.PostFormValue("title")
	nv, err := s.Train.SaveSurvey(r.Context(), u.Actor(), u.Municipality, p.ID, title, qs)
	if err != nil {
		if web.Status(err) == http.StatusBadRequest {
			var keep []training.Question
			for _, q := range qs {
				if strings.TrimSpace(q.Text) != "" {
					keep = append(keep, q)
				}
			}
			return s.recSurveyEdit(w, r, p, http.StatusBadRequest, web.Message(err), title, keep)

		}
		return err

	}
	msg := "アンケートを保存しました。"
	if nv {
		msg = "回答が既にあるため、アンケートを新しい版として保存しました。これまでの回答は元の設問のまま集計されます。"
	}
	s.RedirectFlash(w, r, "/programs/"+p.Code+"/survey", msg)
	return nil
}

type recSurveyAnswerData struct {
	X        *training.Session
	Survey   *training.Survey
	Answered bool
	Open     bool
	Values   map[int64]string
	Scale    []string
}

// recAttendee loads the session of the URL for its attendee's self-service
// (survey, report): anyone not taking part gets 404.
func (s *ui) recAttendee(r *http.Request) (*training.Session, error) {
	u := web.UserOf(r)
	if u.StaffID == 0 {
		return nil, recNoStaff()
	}
	id, err := recPathID(r, "id")
	if err != nil {
		return nil, err
	}
	ok, err := s.Train.Participates(r.Context(), u.Municipality, id, u.StaffID)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, apperr.NotFoundf("この研修の受講者として登録されていません。")
	}
	x, err := s.Train.SessionByID(r.Context(), u.Municipality, id)
	if err == nil && x.Status == training.SessionCancelled {
		return nil, apperr.NotFoundf("この開催回は中止されました。")
	}
	return x, err
}

func (s *ui) recSurveyAnswer(w http.ResponseWriter, r *http.Request, status int, errMsg string, values map[int64]string) error {
	u := web.UserOf(r)
	x, err := s.recAttendee(r)
	if err != nil {
		return err

	}
	d := recSurveyAnswerData{X: x, Open: x.First() <= recToday(s), Values: values, Scale: []string{"1", "2", "3", "4", "5"}}
	if d.Survey, err = s.Train.SurveyOf(r.Context(), u.Municipality, x.ProgramID); err != nil {
		return err

	}
	if d.Answered, err = s.Train.Answered(r.Context(), u.Municipality, x.ID, u.StaffID); err != nil {
		return err

	}
	if d.Values == nil {
		d.Values = map[int64]string{}
	}
	s.Render(w, r, status, "survey_answer", &web.Page{Title: "アンケート " + x.Label(), Nav: "history", FY: x.FY, Error: errMsg, Data: d})
	return nil
}

func (s *ui) surveyAnswerPage(w http.ResponseWriter, r *http.Request) error {
	return s.recSurveyAnswer(w, r, http.StatusOK, "", nil)
}

func (s *ui) surveyAnswer(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	x, err := s.recAttendee(r)
	if err != nil {
		return err

	}
	if x.First() > recToday(s) {
		return s.recSurveyAnswer(w, r, http.StatusBadRequest, "アンケートは研修の開始後に回答できます。", nil)

	}
	sv, err := s.Train.SurveyOf(r.Context(), u.Municipality, x.ProgramID)
	if err != nil {
		return err

	}
	answers := map[int64]string{}
	for _, q := range sv.Questions {
		answers[q.ID] = r.PostFormValue(fmt.Sprintf("q_%d", q.ID))
	}
	if err := s.Train.AnswerSurvey(r.Context(), u.Actor(), u.Municipality, x.ID, u.StaffID, answers); err != nil {
		if st := web.Status(err); st == http.StatusBadRequest || st == http.StatusConflict {
			return s.recSurveyAnswer(w, r, st, web.Message(err), answers)

		}
		return err

	}
	s.RedirectFlash(w, r, fmt.Sprintf("/sessions/%d/survey", x.ID), "アンケートに回答しました。ご協力ありがとうございました。")
	return nil
}

type recResultsData struct {
	P        *training.Program
	FY       int
	Session  int64
	Results  []training.SurveyResult
	Sessions []training.SessionSummary
	Years    []int
}

func (s *ui) recResults(r *http.Request) (*recResultsData, error) {
	u := web.UserOf(r)
	p, err := s.recProgram(r)
	if err != nil {
		return nil, err
	}
	d := &recResultsData{P: p, FY: recFY(s, r), Session: web.Int64(r, "session")}
	if d.Results, d.Sessions, err = s.Train.SurveyResults(r.Context(), u.Municipality, p.ID, d.FY, d.Session); err != nil {
		return nil, err
	}
	cur := calendar.FiscalYear(s.Now())
	for y := cur + 1; y >= cur-4; y-- {
		d.Years = append(d.Years, y)
	}
	return d, nil
}

func (s *ui) surveyResultsPage(w http.ResponseWriter, r *http.Request) error {
	d, err := s.recResults(r)
	if err != nil {
		return err

	}
	s.Render(w, r, http.StatusOK, "survey_results", &web.Page{Title: "アンケート結果 " + d.P.Name, Nav: "training", FY: d.FY, Data: d})
	return nil
}

func (s *ui) apiSurveyResults(w http.ResponseWriter, r *http.Request) error {
	d, err := s.recResults(r)
	if err != nil {
		return err

	}
	web.JSON(w, http.StatusOK, map[string]any{"program_code": d.P.Code, "fy": d.FY, "surveys": d.Results, "sessions": d.Sessions})
	return nil
}

// ---- Reports (T7) ----

type recReportData struct {
	X    *training.Session
	R    *training.Report
	Open bool
	Body string
}

func (s *ui) recReport(w http.ResponseWriter, r *http.Request, status int, errMsg, body string) error {
	u := web.UserOf(r)
	x, err := s.recAttendee(r)
	if err != nil {
		return err

	}
	rep, err := s.Train.ReportOf(r.Context(), u.Municipality, x.ID, u.StaffID)
	if err != nil {
		return err

	}
	d := recReportData{X: x, R: rep, Open: x.First() <= recToday(s), Body: rep.Body}
	if errMsg != "" {
		d.Body = body
	}
	s.Render(w, r, status, "report_edit", &web.Page{Title: "受講報告書 " + x.Label(), Nav: "history", FY: x.FY, Error: errMsg, Data: d})
	return nil
}

func (s *ui) reportPage(w http.ResponseWriter, r *http.Request) error {
	return s.recReport(w, r, http.StatusOK, "", "")
}

func (s *ui) reportSave(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	x, err := s.recAttendee(r)
	if err != nil {
		return err

	}
	body := r.PostFormValue("body")
	if x.First() > recToday(s) {
		return s.recReport(w, r, http.StatusBadRequest, "受講報告書は研修の開始後に作成できます。", body)

	}
	submit := r.PostFormValue("action") == "submit"
	if err := s.Train.SaveReport(r.Context(), u.Actor(), u.Municipality, x.ID, u.StaffID, body, submit); err != nil {
		if st := web.Status(err); st == http.StatusBadRequest || st == http.StatusConflict {
			return s.recReport(w, r, st, web.Message(err), body)

		}
		return err

	}
	msg := "下書きを保存しました。"
	if submit {
		msg = "受講報告書を提出しました。所属長の確認をお待ちください。"
	}
	s.RedirectFlash(w, r, fmt.Sprintf("/sessions/%d/report", x.ID), msg)
	return nil
}

type recReportsData struct {
	Status    string
	Reports   []*training.Report
	CanReview bool
	Tabs      []struct{ Status, Label string }
}

func (s *ui) reportsQueue(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	status := r.FormValue("status")
	switch status {
	case "", training.ReportSubmitted:
		status = training.ReportSubmitted
	case training.ReportReturned, training.ReportAccepted, "all":
	default:
		status = training.ReportSubmitted
	}
	q := status
	if q == "all" {
		q = ""
	}
	list, err := s.Train.Reports(r.Context(), u.Municipality, auth.ScopeOf(u), q)
	if err != nil {
		return err

	}
	d := recReportsData{Status: status, Reports: list, CanReview: u.Role == auth.Supervisor,
		Tabs: []struct{ Status, Label string }{{training.ReportSubmitted, "確認待ち"}, {training.ReportReturned, "差戻し"}, {training.ReportAccepted, "承認済み"}, {"all", "すべて"}}}
	s.Render(w, r, http.StatusOK, "reports", &web.Page{Title: "受講報告書の確認", Nav: "reports", Data: d})
	return nil
}

func (s *ui) reportReview(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	id, err := recPathID(r, "id")
	if err != nil {
		return err

	}
	decision := r.PostFormValue("decision")
	if decision != "accept" && decision != "return" {
		return apperr.Invalidf("承認か差戻しを選んでください。")

	}
	if err := s.Train.ReviewReport(r.Context(), u.Actor(), u.Municipality, auth.ScopeOf(u), u.StaffID, id, decision == "accept", r.PostFormValue("comment")); err != nil {
		return err

	}
	msg := "受講報告書を承認しました。"
	if decision == "return" {
		msg = "受講報告書を差し戻しました。"
	}
	s.RedirectFlash(w, r, "/reports", msg)
	return nil
}

// ---- Staff instructors (T10) ----

type recPoolData struct {
	Pool  []*training.PoolEntry
	Today string
}

func (s *ui) instructorsPage(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	pool, err := s.Train.InstructorPool(r.Context(), u.Municipality)
	if err != nil {
		return err

	}
	s.Render(w, r, http.StatusOK, "instructors", &web.Page{Title: "職員講師", Nav: "instructors", Data: recPoolData{Pool: pool, Today: recToday(s)}})
	return nil
}

type recTopicsData struct {
	Topics     []training.Topic
	Teaching   []training.Teaching
	ByFY       []training.FYTaught
	Form       training.Topic
	Instructor bool
}

func (s *ui) recTopics(w http.ResponseWriter, r *http.Request, status int, errMsg string, form training.Topic) error {
	u := web.UserOf(r)
	if u.StaffID == 0 {
		return recNoStaff()

	}
	d := recTopicsData{Form: form, Instructor: u.Role == auth.Instructor}
	var err error
	if d.Topics, err = s.Train.TopicsOf(r.Context(), u.Municipality, u.StaffID); err != nil {
		return err

	}
	if d.Teaching, err = s.Train.TeachingOf(r.Context(), u.Municipality, u.StaffID); err != nil {
		return err

	}
	d.ByFY = training.TaughtByFY(d.Teaching, recToday(s))
	s.Render(w, r, status, "instructor_topics", &web.Page{Title: "講師としての登録", Nav: "topics", Error: errMsg, Data: d})
	return nil
}

func (s *ui) instructorTopicsPage(w http.ResponseWriter, r *http.Request) error {
	return s.recTopics(w, r, http.StatusOK, "", training.Topic{})
}

func (s *ui) instructorTopicsSave(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	if u.StaffID == 0 {
		return recNoStaff()

	}
	ctx := r.Context()
	id := web.Int64(r, "id")
	var err error
	msg := ""
	switch r.PostFormValue("action") {
	case "delete":
		err, msg = s.Train.DeleteTopic(ctx, u.Actor(), u.Municipality, u.StaffID, id), "テーマを削除しました。"
	case "public", "private":
		pub := r.PostFormValue("action") == "public"
		err, msg = s.Train.SetTopicPublic(ctx, u.Actor(), u.Municipality, u.StaffID, id, pub), "公開の設定を変更しました。"
	default:
		t := training.Topic{Topic: r.PostFormValue("topic"), Description: r.PostFormValue("description"), Public: r.PostFormValue("public") != ""}
		if err = s.Train.AddTopic(ctx, u.Actor(), u.Municipality, u.StaffID, &t); err != nil && web.Status(err) == http.StatusBadRequest {
			return s.recTopics(w, r, http.StatusBadRequest, web.Message(err), t)

		}
		msg = "テーマを登録しました。"
	}
	if err != nil {
		return err

	}
	s.RedirectFlash(w, r, "/my/topics", msg)
	return nil
}

// ---- JSON API ----

func (s *ui) apiAttendance(w http.ResponseWriter, r *http.Request) error {
	a, err := s.recSession(r)
	if err != nil {
		return err

	}
	return s.recWriteAttendance(w, r, a)
}

func (s *ui) recWriteAttendance(w http.ResponseWriter, r *http.Request, a *recAccess) error {
	rows, err := s.Train.Attendance(r.Context(), web.UserOf(r).Municipality, a.X.ID, a.Scope)
	if err != nil {
		return err

	}
	if rows == nil {
		rows = []training.AttendanceRow{}
	}
	web.JSON(w, http.StatusOK, map[string]any{"session": a.X, "rows": rows})
	return nil
}

func (s *ui) apiAttendanceSave(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	a, err := s.recSession(r)
	if err != nil {
		return err

	}
	var marks []training.Mark
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&marks); err != nil {
		return apperr.Invalidf("本文は [{\"number\": \"…\", \"status\": \"present|partial|absent\", \"hours\": 0, \"reason\": \"…\"}] の形のJSONで送ってください。")

	}
	if err := s.Train.MarkAttendance(r.Context(), u.Actor(), u.Municipality, a.X.ID, marks); err != nil {
		return err

	}
	return s.recWriteAttendance(w, r, a)
}

func (s *ui) apiNotAttended(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	p, err := s.recProgram(r)
	if err != nil {
		return err

	}
	list, err := s.Train.NotAttended(r.Context(), u.Municipality, p, recFY(s, r), "", auth.ScopeOf(u))
	if err != nil {
		return err

	}
	web.JSON(w, http.StatusOK, list)
	return nil
}
