package web

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
)

// Who may use the record routes (PRODUCT T5–T7, T10). Object-level checks
// follow in the handlers: an instructor only for the sessions they teach, a
// liaison or supervisor only for the staff of their unit, anyone else only
// for themself; outside that the answer is 404.
var (
	recCenterInstructor = []auth.Role{auth.CenterAdmin, auth.CenterStaff, auth.Instructor}
	recRosterReaders    = []auth.Role{auth.CenterAdmin, auth.CenterStaff, auth.Liaison, auth.Instructor}
	recHistoryReaders   = []auth.Role{auth.CenterAdmin, auth.CenterStaff, auth.Liaison, auth.Supervisor, auth.Staff, auth.Instructor}
	recReportReaders    = []auth.Role{auth.CenterAdmin, auth.CenterStaff, auth.Liaison, auth.Supervisor}
	recCenterLiaison    = []auth.Role{auth.CenterAdmin, auth.CenterStaff, auth.Liaison}
	recSupervisors      = []auth.Role{auth.Supervisor}
)

// registerRecordRoutes registers attendance, completion, history,
// certificates, surveys, reports and instructors.
func (s *Server) registerRecordRoutes() {
	// T5 attendance: roster, bulk marking, QR and tablet check-in.
	s.handle("GET /sessions/{id}/attendance", recRosterReaders, s.attendPage)
	s.handle("POST /sessions/{id}/attendance", recCenterInstructor, s.attendSave)
	s.handle("GET /sessions/{id}/qr.png", recCenterInstructor, s.attendQR)
	s.handle("GET /sessions/{id}/tablet", recCenterInstructor, s.attendTabletPage)
	s.handle("POST /sessions/{id}/tablet", recCenterInstructor, s.attendTabletCheckIn)
	s.handle("GET /checkin/{id}/{token}", anyUser, s.checkinPage)
	s.handle("POST /checkin/{id}/{token}", anyUser, s.checkinPost)
	// T6 history, external trainings, certificates.
	s.handle("GET /staff/{number}/history", recHistoryReaders, s.historyStaffPage)
	s.handle("GET /my/history", anyUser, s.historyMyPage)
	s.handle("GET /staff/{number}/external", center, s.externalPage)
	s.handle("POST /staff/{number}/external", center, s.externalSave)
	s.handle("GET /certificates/{session}/{number}", anyUser, s.certificatePage)
	// T7 surveys and reports.
	s.handle("GET /programs/{code}/survey", center, s.surveyEditPage)
	s.handle("POST /programs/{code}/survey", center, s.surveySave)
	s.handle("GET /programs/{code}/survey/results", center, s.surveyResultsPage)
	s.handle("GET /sessions/{id}/survey", anyUser, s.surveyAnswerPage)
	s.handle("POST /sessions/{id}/survey", anyUser, s.surveyAnswer)
	s.handle("GET /sessions/{id}/report", anyUser, s.reportPage)
	s.handle("POST /sessions/{id}/report", anyUser, s.reportSave)
	s.handle("GET /reports", recReportReaders, s.reportsQueue)
	s.handle("POST /reports/{id}/review", recSupervisors, s.reportReview)
	// T10 staff instructors.
	s.handle("GET /instructors", center, s.instructorsPage)
	s.handle("GET /my/topics", anyUser, s.instructorTopicsPage)
	s.handle("POST /my/topics", anyUser, s.instructorTopicsSave)
	// JSON API.
	s.handle("GET /api/v1/staff/{number}/history", recHistoryReaders, s.apiHistory)
	s.handle("GET /api/v1/sessions/{id}/attendance", recRosterReaders, s.apiAttendance)
	s.handle("POST /api/v1/sessions/{id}/attendance", recCenterInstructor, s.apiAttendanceSave)
	s.handle("GET /api/v1/programs/{code}/survey/results", center, s.apiSurveyResults)
	s.handle("GET /api/v1/programs/{code}/not-attended", recCenterLiaison, s.apiNotAttended)
}

// The API routes of this file are described here, beside their
// registration, and join apiSummaries (the OpenAPI document) at start-up.
func init() {
	for pattern, summary := range map[string]string{
		"GET /api/v1/staff/{number}/history":         "職員の受講履歴（年度ごとの時間数と研修の一覧、外部研修を含む）",
		"GET /api/v1/sessions/{id}/attendance":       "開催回の受講者と出欠（所属研修担当は自所属のみ）",
		"POST /api/v1/sessions/{id}/attendance":      "出欠の一括登録。本文は [{number, status: present|partial|absent|\"\", hours, reason: 公務|病気|休暇|その他, note}]",
		"GET /api/v1/programs/{code}/survey/results": "アンケート結果（fy, session）。5段階評価の平均と分布、選択肢の件数、自由記述",
		"GET /api/v1/programs/{code}/not-attended":   "年度（fy）の未受講者：対象者または受講者で、開催済みの回に出席していない職員",
	} {
		apiSummaries[pattern] = summary
	}
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

func recFY(s *Server, r *http.Request) int {
	if fy := intParam(r, "fy"); fy >= 1989 && fy <= 2200 {
		return fy
	}
	return calendar.FiscalYear(s.Now())
}

func recToday(s *Server) string { return s.Now().In(jst).Format("2006-01-02") }

// recAccess is what a user may do with one session's roster.
type recAccess struct {
	X     *training.Session
	Edit  bool        // mark attendance, QR, tablet
	Scope staff.Scope // whose rows are shown
}

// recSession loads the session of the URL for its roster: center staff see
// and mark every session, an instructor only those they teach, a liaison
// sees their department's rows. Anyone else gets 404.
func (s *Server) recSession(r *http.Request) (*recAccess, error) {
	u := userOf(r)
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

func (s *Server) recAttendData(r *http.Request, a *recAccess) (*recAttendData, error) {
	u := userOf(r)
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

func (s *Server) recBaseURL(r *http.Request) string {
	scheme := "http"
	if s.Cfg.Secure || r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

func (s *Server) attendPage(w http.ResponseWriter, r *http.Request) {
	a, err := s.recSession(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d, err := s.recAttendData(r, a)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "attendance", &Page{Title: "出欠 " + a.X.Label(), Nav: "training", FY: a.X.FY, Data: d})
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

func (s *Server) attendSave(w http.ResponseWriter, r *http.Request) {
	u := userOf(r)
	a, err := s.recSession(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	marks, err := recMarksFromForm(r)
	if err == nil {
		err = s.Train.MarkAttendance(r.Context(), u.Actor(), u.Municipality, a.X.ID, marks)
	}
	if err != nil {
		if statusOf(err) != http.StatusBadRequest {
			s.fail(w, r, err)
			return
		}
		// Show the form again with what was entered, and the reason.
		d, derr := s.recAttendData(r, a)
		if derr != nil {
			s.fail(w, r, derr)
			return
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
		s.render(w, r, http.StatusBadRequest, "attendance", &Page{Title: "出欠 " + a.X.Label(), Nav: "training", FY: a.X.FY, Error: messageOf(err), Data: d})
		return
	}
	s.redirectFlash(w, r, fmt.Sprintf("/sessions/%d/attendance", a.X.ID), "出欠を保存しました。")
}

func (s *Server) attendQR(w http.ResponseWriter, r *http.Request) {
	u := userOf(r)
	a, err := s.recSession(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	tok, err := s.Train.CheckinToken(r.Context(), u.Municipality, a.X.ID)
	if err != nil || tok == "" {
		s.fail(w, r, apperr.NotFoundf("この開催回には受付用のコードがありません。"))
		return
	}
	code, err := qr.Encode(s.recBaseURL(r)+fmt.Sprintf("/checkin/%d/%s", a.X.ID, tok), qr.M)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	code.Scale = 8
	w.Header().Set("Content-Type", "image/png")
	// The image holds the session's secret: never kept by a cache.
	w.Header().Set("Cache-Control", "no-store")
	w.Write(code.PNG())
}

type recTabletData struct {
	X       *training.Session
	Present int
	Total   int
}

func (s *Server) recTablet(w http.ResponseWriter, r *http.Request, a *recAccess, status int, errMsg string) {
	u := userOf(r)
	rows, err := s.Train.Attendance(r.Context(), u.Municipality, a.X.ID, staff.Scope{})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := recTabletData{X: a.X, Total: len(rows)}
	for _, row := range rows {
		if training.Attended(row.Status) {
			d.Present++
		}
	}
	s.render(w, r, status, "attendance_tablet", &Page{Title: "受付 " + a.X.Label(), Nav: "training", FY: a.X.FY, Error: errMsg, Data: d})
}

func (s *Server) attendTabletPage(w http.ResponseWriter, r *http.Request) {
	a, err := s.recSession(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.recTablet(w, r, a, http.StatusOK, "")
}

func (s *Server) attendTabletCheckIn(w http.ResponseWriter, r *http.Request) {
	u := userOf(r)
	a, err := s.recSession(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	number := strings.TrimSpace(r.PostFormValue("number"))
	if number == "" {
		s.recTablet(w, r, a, http.StatusBadRequest, "職員番号を入力してください。")
		return
	}
	m, err := s.Staff.ByNumber(r.Context(), u.Municipality, staff.Scope{}, number)
	var already bool
	if err == nil {
		already, err = s.Train.CheckIn(r.Context(), u.Actor(), u.Municipality, a.X.ID, m.ID, training.ViaTablet)
	}
	if err != nil {
		if st := statusOf(err); st < 500 {
			s.recTablet(w, r, a, st, "職員番号 "+number+": "+messageOf(err))
			return
		}
		s.fail(w, r, err)
		return
	}
	msg := m.Name() + " さんの出席を受け付けました。"
	if already {
		msg = m.Name() + " さんは受付済みです。"
	}
	s.redirectFlash(w, r, fmt.Sprintf("/sessions/%d/tablet", a.X.ID), msg)
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
func (s *Server) recCheckin(r *http.Request) (*recCheckinData, error) {
	u := userOf(r)
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
	rows, err := s.Train.Attendance(ctx, u.Municipality, id, auth.OwnScope(u))
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

func (s *Server) checkinPage(w http.ResponseWriter, r *http.Request) {
	d, err := s.recCheckin(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "checkin", &Page{Title: "研修の受付", FY: d.X.FY, Data: d})
}

func (s *Server) checkinPost(w http.ResponseWriter, r *http.Request) {
	u := userOf(r)
	d, err := s.recCheckin(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	already, err := s.Train.CheckIn(r.Context(), u.Actor(), u.Municipality, d.X.ID, u.StaffID, training.ViaQR)
	if err != nil {
		if st := statusOf(err); st < 500 {
			s.render(w, r, st, "checkin", &Page{Title: "研修の受付", FY: d.X.FY, Error: messageOf(err), Data: d})
			return
		}
		s.fail(w, r, err)
		return
	}
	msg := "出席を受け付けました。研修を始めるまでお待ちください。"
	if already {
		msg = "既に受付済みです。"
	}
	s.redirectFlash(w, r, r.URL.Path, msg)
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

func (s *Server) recHistory(w http.ResponseWriter, r *http.Request, m *staff.Member) {
	u := userOf(r)
	h, err := s.Train.TrainingHistory(r.Context(), u.Municipality, m.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	self := u.StaffID == m.ID
	d := recHistoryData{M: m, H: h, Today: recToday(s), Self: self, CanExternal: recIsCenter(u),
		CertLinks: self || recIsCenter(u) || (u.Role == auth.Liaison && auth.ScopeOf(u).Covers(m.Unit))}
	title := m.Name() + " の受講履歴"
	if self {
		title = "わたしの受講履歴"
	}
	s.render(w, r, http.StatusOK, "history", &Page{Title: title, Nav: "history", Data: d})
}

func (s *Server) historyStaffPage(w http.ResponseWriter, r *http.Request) {
	u := userOf(r)
	m, err := s.Staff.ByNumber(r.Context(), u.Municipality, auth.ScopeOf(u), r.PathValue("number"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.recHistory(w, r, m)
}

func (s *Server) historyMyPage(w http.ResponseWriter, r *http.Request) {
	u := userOf(r)
	if u.StaffID == 0 {
		s.fail(w, r, recNoStaff())
		return
	}
	m, err := s.Staff.ByID(r.Context(), u.Municipality, u.StaffID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.recHistory(w, r, m)
}

func (s *Server) apiHistory(w http.ResponseWriter, r *http.Request) {
	u := userOf(r)
	m, err := s.Staff.ByNumber(r.Context(), u.Municipality, auth.ScopeOf(u), r.PathValue("number"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	h, err := s.Train.TrainingHistory(r.Context(), u.Municipality, m.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"number": m.Number, "name": m.Name(), "unit": m.Unit, "by_fy": h.ByFY, "items": h.Items})
}

type recExternalData struct {
	M     *staff.Member
	List  []training.External
	Form  training.External
	Today string
}

func (s *Server) recExternal(w http.ResponseWriter, r *http.Request, status int, errMsg string, form training.External) {
	u := userOf(r)
	m, err := s.Staff.ByNumber(r.Context(), u.Municipality, auth.ScopeOf(u), r.PathValue("number"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	list, err := s.Train.Externals(r.Context(), u.Municipality, m.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, status, "external", &Page{Title: m.Name() + " の外部研修", Nav: "history", Error: errMsg,
		Data: recExternalData{M: m, List: list, Form: form, Today: recToday(s)}})
}

func (s *Server) externalPage(w http.ResponseWriter, r *http.Request) {
	s.recExternal(w, r, http.StatusOK, "", training.External{})
}

func (s *Server) externalSave(w http.ResponseWriter, r *http.Request) {
	u := userOf(r)
	m, err := s.Staff.ByNumber(r.Context(), u.Municipality, auth.ScopeOf(u), r.PathValue("number"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	back := "/staff/" + m.Number + "/external"
	if r.PostFormValue("action") == "delete" {
		if err := s.Train.DeleteExternal(r.Context(), u.Actor(), u.Municipality, m.ID, int64Param(r, "id")); err != nil {
			s.fail(w, r, err)
			return
		}
		s.redirectFlash(w, r, back, "外部研修の記録を削除しました。")
		return
	}
	x := training.External{StaffID: m.ID, Title: r.PostFormValue("title"), Organiser: r.PostFormValue("organiser"),
		Start: r.PostFormValue("start"), End: r.PostFormValue("end"), Notes: r.PostFormValue("notes")}
	hours, herr := strconv.ParseFloat(strings.TrimSpace(r.PostFormValue("hours")), 64)
	x.Hours = hours
	if herr != nil {
		s.recExternal(w, r, http.StatusBadRequest, "時間数を数字で入力してください（例 6.5）。", x)
		return
	}
	if err := s.Train.AddExternal(r.Context(), u.Actor(), u.Municipality, &x); err != nil {
		if statusOf(err) == http.StatusBadRequest {
			s.recExternal(w, r, http.StatusBadRequest, messageOf(err), x)
			return
		}
		s.fail(w, r, err)
		return
	}
	s.redirectFlash(w, r, back, "外部研修を登録しました。")
}

type recCertData struct {
	C      *training.Certificate
	Muni   staff.Municipality
	Issued string
	Period string
}

// certificatePage prints a 修了証: for the person, the center and the
// person's liaison only; anyone else, and anyone who did not complete, 404.
func (s *Server) certificatePage(w http.ResponseWriter, r *http.Request) {
	u := userOf(r)
	ctx := r.Context()
	sessionID, err := recPathID(r, "session")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	m, err := s.Staff.ByNumber(ctx, u.Municipality, staff.Scope{}, r.PathValue("number"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	allowed := recIsCenter(u) || (u.StaffID != 0 && u.StaffID == m.ID) || (u.Role == auth.Liaison && auth.ScopeOf(u).Covers(m.Unit))
	if !allowed {
		s.fail(w, r, apperr.NotFoundf("修了証が見つかりません。"))
		return
	}
	c, err := s.Train.CertificateOf(ctx, u.Municipality, sessionID, m.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	muni, err := s.Staff.GetMunicipality(ctx, u.Municipality)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := recCertData{C: c, Muni: muni, Issued: recWareki(c.CompletedOn), Period: recWareki(c.First)}
	if c.Last != "" && c.Last != c.First {
		d.Period += "～" + recWareki(c.Last)
	}
	s.render(w, r, http.StatusOK, "certificate", &Page{Title: "修了証 " + c.Number, FY: c.FY, Data: d})
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

func (s *Server) recSurveyEdit(w http.ResponseWriter, r *http.Request, p *training.Program, status int, errMsg, title string, qs []training.Question) {
	u := userOf(r)
	d := recSurveyEditData{P: p, Title: title, Kinds: training.QuestionKinds}
	if qs == nil {
		sv, err := s.Train.SurveyOf(r.Context(), u.Municipality, p.ID)
		if err == nil {
			d.Title, qs, d.Answer = sv.Title, sv.Questions, sv.Responses
		} else if apperr.CodeOf(err) != apperr.NotFound {
			s.fail(w, r, err)
			return
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
	s.render(w, r, status, "survey_edit", &Page{Title: "アンケートの作成 " + p.Name, Nav: "training", Error: errMsg, Data: d})
}

func (s *Server) recProgram(r *http.Request) (*training.Program, error) {
	return s.Train.ProgramByCode(r.Context(), userOf(r).Municipality, r.PathValue("code"))
}

func (s *Server) surveyEditPage(w http.ResponseWriter, r *http.Request) {
	p, err := s.recProgram(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.recSurveyEdit(w, r, p, http.StatusOK, "", "", nil)
}

func (s *Server) surveySave(w http.ResponseWriter, r *http.Request) {
	u := userOf(r)
	p, err := s.recProgram(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	n := intParam(r, "rows")
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
		if statusOf(err) == http.StatusBadRequest {
			var keep []training.Question
			for _, q := range qs {
				if strings.TrimSpace(q.Text) != "" {
					keep = append(keep, q)
				}
			}
			s.recSurveyEdit(w, r, p, http.StatusBadRequest, messageOf(err), title, keep)
			return
		}
		s.fail(w, r, err)
		return
	}
	msg := "アンケートを保存しました。"
	if nv {
		msg = "回答が既にあるため、アンケートを新しい版として保存しました。これまでの回答は元の設問のまま集計されます。"
	}
	s.redirectFlash(w, r, "/programs/"+p.Code+"/survey", msg)
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
func (s *Server) recAttendee(r *http.Request) (*training.Session, error) {
	u := userOf(r)
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

func (s *Server) recSurveyAnswer(w http.ResponseWriter, r *http.Request, status int, errMsg string, values map[int64]string) {
	u := userOf(r)
	x, err := s.recAttendee(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := recSurveyAnswerData{X: x, Open: x.First() <= recToday(s), Values: values, Scale: []string{"1", "2", "3", "4", "5"}}
	if d.Survey, err = s.Train.SurveyOf(r.Context(), u.Municipality, x.ProgramID); err != nil {
		s.fail(w, r, err)
		return
	}
	if d.Answered, err = s.Train.Answered(r.Context(), u.Municipality, x.ID, u.StaffID); err != nil {
		s.fail(w, r, err)
		return
	}
	if d.Values == nil {
		d.Values = map[int64]string{}
	}
	s.render(w, r, status, "survey_answer", &Page{Title: "アンケート " + x.Label(), Nav: "history", FY: x.FY, Error: errMsg, Data: d})
}

func (s *Server) surveyAnswerPage(w http.ResponseWriter, r *http.Request) {
	s.recSurveyAnswer(w, r, http.StatusOK, "", nil)
}

func (s *Server) surveyAnswer(w http.ResponseWriter, r *http.Request) {
	u := userOf(r)
	x, err := s.recAttendee(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if x.First() > recToday(s) {
		s.recSurveyAnswer(w, r, http.StatusBadRequest, "アンケートは研修の開始後に回答できます。", nil)
		return
	}
	sv, err := s.Train.SurveyOf(r.Context(), u.Municipality, x.ProgramID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	answers := map[int64]string{}
	for _, q := range sv.Questions {
		answers[q.ID] = r.PostFormValue(fmt.Sprintf("q_%d", q.ID))
	}
	if err := s.Train.AnswerSurvey(r.Context(), u.Actor(), u.Municipality, x.ID, u.StaffID, answers); err != nil {
		if st := statusOf(err); st == http.StatusBadRequest || st == http.StatusConflict {
			s.recSurveyAnswer(w, r, st, messageOf(err), answers)
			return
		}
		s.fail(w, r, err)
		return
	}
	s.redirectFlash(w, r, fmt.Sprintf("/sessions/%d/survey", x.ID), "アンケートに回答しました。ご協力ありがとうございました。")
}

type recResultsData struct {
	P        *training.Program
	FY       int
	Session  int64
	Results  []training.SurveyResult
	Sessions []training.SessionSummary
	Years    []int
}

func (s *Server) recResults(r *http.Request) (*recResultsData, error) {
	u := userOf(r)
	p, err := s.recProgram(r)
	if err != nil {
		return nil, err
	}
	d := &recResultsData{P: p, FY: recFY(s, r), Session: int64Param(r, "session")}
	if d.Results, d.Sessions, err = s.Train.SurveyResults(r.Context(), u.Municipality, p.ID, d.FY, d.Session); err != nil {
		return nil, err
	}
	cur := calendar.FiscalYear(s.Now())
	for y := cur + 1; y >= cur-4; y-- {
		d.Years = append(d.Years, y)
	}
	return d, nil
}

func (s *Server) surveyResultsPage(w http.ResponseWriter, r *http.Request) {
	d, err := s.recResults(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "survey_results", &Page{Title: "アンケート結果 " + d.P.Name, Nav: "training", FY: d.FY, Data: d})
}

func (s *Server) apiSurveyResults(w http.ResponseWriter, r *http.Request) {
	d, err := s.recResults(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"program_code": d.P.Code, "fy": d.FY, "surveys": d.Results, "sessions": d.Sessions})
}

// ---- Reports (T7) ----

type recReportData struct {
	X    *training.Session
	R    *training.Report
	Open bool
	Body string
}

func (s *Server) recReport(w http.ResponseWriter, r *http.Request, status int, errMsg, body string) {
	u := userOf(r)
	x, err := s.recAttendee(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	rep, err := s.Train.ReportOf(r.Context(), u.Municipality, x.ID, u.StaffID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := recReportData{X: x, R: rep, Open: x.First() <= recToday(s), Body: rep.Body}
	if errMsg != "" {
		d.Body = body
	}
	s.render(w, r, status, "report_edit", &Page{Title: "受講報告書 " + x.Label(), Nav: "history", FY: x.FY, Error: errMsg, Data: d})
}

func (s *Server) reportPage(w http.ResponseWriter, r *http.Request) {
	s.recReport(w, r, http.StatusOK, "", "")
}

func (s *Server) reportSave(w http.ResponseWriter, r *http.Request) {
	u := userOf(r)
	x, err := s.recAttendee(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	body := r.PostFormValue("body")
	if x.First() > recToday(s) {
		s.recReport(w, r, http.StatusBadRequest, "受講報告書は研修の開始後に作成できます。", body)
		return
	}
	submit := r.PostFormValue("action") == "submit"
	if err := s.Train.SaveReport(r.Context(), u.Actor(), u.Municipality, x.ID, u.StaffID, body, submit); err != nil {
		if st := statusOf(err); st == http.StatusBadRequest || st == http.StatusConflict {
			s.recReport(w, r, st, messageOf(err), body)
			return
		}
		s.fail(w, r, err)
		return
	}
	msg := "下書きを保存しました。"
	if submit {
		msg = "受講報告書を提出しました。所属長の確認をお待ちください。"
	}
	s.redirectFlash(w, r, fmt.Sprintf("/sessions/%d/report", x.ID), msg)
}

type recReportsData struct {
	Status    string
	Reports   []*training.Report
	CanReview bool
	Tabs      []struct{ Status, Label string }
}

func (s *Server) reportsQueue(w http.ResponseWriter, r *http.Request) {
	u := userOf(r)
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
		s.fail(w, r, err)
		return
	}
	d := recReportsData{Status: status, Reports: list, CanReview: u.Role == auth.Supervisor,
		Tabs: []struct{ Status, Label string }{{training.ReportSubmitted, "確認待ち"}, {training.ReportReturned, "差戻し"}, {training.ReportAccepted, "承認済み"}, {"all", "すべて"}}}
	s.render(w, r, http.StatusOK, "reports", &Page{Title: "受講報告書の確認", Nav: "reports", Data: d})
}

func (s *Server) reportReview(w http.ResponseWriter, r *http.Request) {
	u := userOf(r)
	id, err := recPathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	decision := r.PostFormValue("decision")
	if decision != "accept" && decision != "return" {
		s.fail(w, r, apperr.Invalidf("承認か差戻しを選んでください。"))
		return
	}
	if err := s.Train.ReviewReport(r.Context(), u.Actor(), u.Municipality, auth.ScopeOf(u), u.StaffID, id, decision == "accept", r.PostFormValue("comment")); err != nil {
		s.fail(w, r, err)
		return
	}
	msg := "受講報告書を承認しました。"
	if decision == "return" {
		msg = "受講報告書を差し戻しました。"
	}
	s.redirectFlash(w, r, "/reports", msg)
}

// ---- Staff instructors (T10) ----

type recPoolData struct {
	Pool  []*training.PoolEntry
	Today string
}

func (s *Server) instructorsPage(w http.ResponseWriter, r *http.Request) {
	u := userOf(r)
	pool, err := s.Train.InstructorPool(r.Context(), u.Municipality)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "instructors", &Page{Title: "職員講師", Nav: "instructors", Data: recPoolData{Pool: pool, Today: recToday(s)}})
}

type recTopicsData struct {
	Topics     []training.Topic
	Teaching   []training.Teaching
	ByFY       []training.FYTaught
	Form       training.Topic
	Instructor bool
}

func (s *Server) recTopics(w http.ResponseWriter, r *http.Request, status int, errMsg string, form training.Topic) {
	u := userOf(r)
	if u.StaffID == 0 {
		s.fail(w, r, recNoStaff())
		return
	}
	d := recTopicsData{Form: form, Instructor: u.Role == auth.Instructor}
	var err error
	if d.Topics, err = s.Train.TopicsOf(r.Context(), u.Municipality, u.StaffID); err != nil {
		s.fail(w, r, err)
		return
	}
	if d.Teaching, err = s.Train.TeachingOf(r.Context(), u.Municipality, u.StaffID); err != nil {
		s.fail(w, r, err)
		return
	}
	d.ByFY = training.TaughtByFY(d.Teaching, recToday(s))
	s.render(w, r, status, "instructor_topics", &Page{Title: "講師としての登録", Nav: "topics", Error: errMsg, Data: d})
}

func (s *Server) instructorTopicsPage(w http.ResponseWriter, r *http.Request) {
	s.recTopics(w, r, http.StatusOK, "", training.Topic{})
}

func (s *Server) instructorTopicsSave(w http.ResponseWriter, r *http.Request) {
	u := userOf(r)
	if u.StaffID == 0 {
		s.fail(w, r, recNoStaff())
		return
	}
	ctx := r.Context()
	id := int64Param(r, "id")
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
		if err = s.Train.AddTopic(ctx, u.Actor(), u.Municipality, u.StaffID, &t); err != nil && statusOf(err) == http.StatusBadRequest {
			s.recTopics(w, r, http.StatusBadRequest, messageOf(err), t)
			return
		}
		msg = "テーマを登録しました。"
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirectFlash(w, r, "/my/topics", msg)
}

// ---- JSON API ----

func (s *Server) apiAttendance(w http.ResponseWriter, r *http.Request) {
	a, err := s.recSession(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.recWriteAttendance(w, r, a)
}

func (s *Server) recWriteAttendance(w http.ResponseWriter, r *http.Request, a *recAccess) {
	rows, err := s.Train.Attendance(r.Context(), userOf(r).Municipality, a.X.ID, a.Scope)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if rows == nil {
		rows = []training.AttendanceRow{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"session": a.X, "rows": rows})
}

func (s *Server) apiAttendanceSave(w http.ResponseWriter, r *http.Request) {
	u := userOf(r)
	a, err := s.recSession(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var marks []training.Mark
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&marks); err != nil {
		s.fail(w, r, apperr.Invalidf("本文は [{\"number\": \"…\", \"status\": \"present|partial|absent\", \"hours\": 0, \"reason\": \"…\"}] の形のJSONで送ってください。"))
		return
	}
	if err := s.Train.MarkAttendance(r.Context(), u.Actor(), u.Municipality, a.X.ID, marks); err != nil {
		s.fail(w, r, err)
		return
	}
	s.recWriteAttendance(w, r, a)
}

func (s *Server) apiNotAttended(w http.ResponseWriter, r *http.Request) {
	u := userOf(r)
	p, err := s.recProgram(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	list, err := s.Train.NotAttended(r.Context(), u.Municipality, p, recFY(s, r), "", auth.ScopeOf(u))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, list)
}
