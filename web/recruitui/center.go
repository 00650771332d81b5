package recruitui

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"hagukumi/apperr"
	"hagukumi/calendar"
	"hagukumi/recruit"
	"hagukumi/web"
)

type eventsData struct {
	FY       int
	Events   []recruit.Event
	JobTypes []string
}

// events lists the fiscal year's briefings, with the form of a new one.
func (s *ui) events(w http.ResponseWriter, r *http.Request) error {
	fy, err := web.FY(r, s.Now())
	if err != nil {
		return err
	}
	list, err := s.st.Events(r.Context(), web.UserOf(r).Municipality, fy)
	if err != nil {
		return err
	}
	s.Render(w, r, http.StatusOK, "recruit_events", &web.Page{Title: "採用広報", Nav: "recruit", FY: fy, Data: eventsData{FY: fy, Events: list, JobTypes: recruit.JobTypes}})
	return nil
}

// localTime reads a datetime-local field ("2026-06-20T13:30") in Japan.
func localTime(v string) (time.Time, bool) {
	v = strings.TrimSpace(v)
	for _, f := range []string{"2006-01-02T15:04", "2006-01-02T15:04:05", "2006-01-02 15:04"} {
		if t, err := time.ParseInLocation(f, v, calendar.JST); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}

func optTime(v string) *time.Time {
	if t, ok := localTime(v); ok {
		return &t
	}
	return nil
}

func sessionOf(r *http.Request) recruit.Session {
	x := recruit.Session{Place: r.PostFormValue("place"), OnlineURL: r.PostFormValue("online_url")}
	x.StartsAt, _ = localTime(r.PostFormValue("starts_at"))
	x.Capacity, _ = strconv.Atoi(strings.TrimSpace(r.PostFormValue("capacity")))
	return x
}

// createEvent registers a briefing with its first session from the form.
func (s *ui) createEvent(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return apperr.Invalidf("フォームを読み取れませんでした。")
	}
	e := recruit.Event{Title: r.PostFormValue("title"), Body: r.PostFormValue("body"), JobTypes: r.PostForm["job_types"],
		Published: r.PostFormValue("published") == "on", Sessions: []recruit.Session{sessionOf(r)},
		OpensAt: optTime(r.PostFormValue("opens_at")), ClosesAt: optTime(r.PostFormValue("closes_at"))}
	if e.JobTypes == nil {
		e.JobTypes = []string{}
	}
	u := web.UserOf(r)
	if err := s.st.CreateEvent(r.Context(), u.Actor(), u.Municipality, &e); err != nil {
		if web.IsValidation(err) {
			s.RedirectFlash(w, r, "/recruit", web.Message(err))
			return nil
		}
		return err
	}
	s.RedirectFlash(w, r, fmt.Sprintf("/recruit/events/%d", e.ID), fmt.Sprintf("説明会「%s」を登録しました。", e.Title))
	return nil
}

type eventData struct {
	Event         recruit.Event
	Registrations []recruit.Registration
	Sessions      map[int64]string
	RetentionEnd  time.Time
	PublicURL     string
}

// eventOf reads the {id} event of the signed-in user's municipality.
func (s *ui) eventOf(r *http.Request) (recruit.Event, error) {
	id, err := web.ID(r, "id")
	if err != nil {
		return recruit.Event{}, err
	}
	return s.st.Event(r.Context(), web.UserOf(r).Municipality, id)
}

func sessionLabels(e recruit.Event) map[int64]string {
	m := map[int64]string{}
	for i := range e.Sessions {
		m[e.Sessions[i].ID] = e.Sessions[i].Label()
	}
	return m
}

// event shows a briefing: sessions, speakers, settings and registrations.
func (s *ui) event(w http.ResponseWriter, r *http.Request) error {
	e, err := s.eventOf(r)
	if err != nil {
		return err
	}
	regs, err := s.st.Registrations(r.Context(), web.UserOf(r).Municipality, e.ID)
	if err != nil {
		return err
	}
	d := eventData{Event: e, Registrations: regs, Sessions: sessionLabels(e), RetentionEnd: recruit.RetentionEnd(e.RetainUntil, e.LastStart()),
		PublicURL: fmt.Sprintf("/public/recruit/%d", e.ID)}
	s.Render(w, r, http.StatusOK, "recruit_event", &web.Page{Title: e.Title, Nav: "recruit", FY: e.FY, Data: d})
	return nil
}

// back answers a form of the event page: its message as a flash, or the
// failure when it is not the user's to fix.
func (s *ui) back(w http.ResponseWriter, r *http.Request, err error, ok string) error {
	to := "/recruit/events/" + r.PathValue("id")
	if err != nil {
		if web.IsValidation(err) || web.Status(err) == http.StatusConflict {
			s.RedirectFlash(w, r, to, web.Message(err))
			return nil
		}
		return err
	}
	s.RedirectFlash(w, r, to, ok)
	return nil
}

func (s *ui) addSession(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	x := sessionOf(r)
	u := web.UserOf(r)
	return s.back(w, r, s.st.AddSession(r.Context(), u.Actor(), u.Municipality, id, &x), "開催回を追加しました。")
}

func (s *ui) addSpeaker(w http.ResponseWriter, r *http.Request) error {
	if _, err := s.eventOf(r); err != nil {
		return err
	}
	hours, err := strconv.ParseFloat(strings.TrimSpace(r.PostFormValue("hours")), 64)
	if err != nil {
		hours = 0
	}
	u := web.UserOf(r)
	return s.back(w, r, s.st.AddSpeaker(r.Context(), u.Actor(), u.Municipality, web.Int64(r, "session_id"), r.PostFormValue("number"), hours), "説明者を追加しました。")
}

func (s *ui) publish(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	on := r.PostFormValue("published") == "true"
	u := web.UserOf(r)
	msg := "公開サイトへの掲載を取りやめました。"
	if on {
		msg = "公開サイトに掲載しました。"
	}
	return s.back(w, r, s.st.SetPublished(r.Context(), u.Actor(), u.Municipality, id, on), msg)
}

func (s *ui) settings(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	var days []int
	for _, f := range strings.FieldsFunc(r.PostFormValue("reminder_days"), func(c rune) bool { return c == ',' || c == ' ' || c == '、' }) {
		n, err := strconv.Atoi(f)
		if err != nil {
			return s.back(w, r, apperr.Fields(apperr.FieldErrors{"reminder_days": "リマインダーは「3,1」のように日数をカンマで区切って入力してください。"}), "")
		}
		days = append(days, n)
	}
	if days == nil {
		days = []int{}
	}
	u := web.UserOf(r)
	err = s.st.SetSettings(r.Context(), u.Actor(), u.Municipality, id, optTime(r.PostFormValue("opens_at")), optTime(r.PostFormValue("closes_at")),
		days, strings.TrimSpace(r.PostFormValue("retain_until")))
	return s.back(w, r, err, "設定を保存しました。")
}

type deskData struct {
	Event   recruit.Event
	Q       string
	Found   []recruit.Registration
	Checked *recruit.Registration
	Labels  map[int64]string
	Stats   recruit.Tally
}

// desk is the check-in page at the door, made for a tablet: the code
// field takes what a QR scanner types, the search finds a registrant by
// name or kana, and a walk-in is added on the spot.
func (s *ui) desk(w http.ResponseWriter, r *http.Request) error {
	return s.renderDesk(w, r, http.StatusOK, nil, "")
}

func (s *ui) renderDesk(w http.ResponseWriter, r *http.Request, status int, checked *recruit.Registration, msg string) error {
	e, err := s.eventOf(r)
	if err != nil {
		return err
	}
	muni := web.UserOf(r).Municipality
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	found, err := s.st.Search(r.Context(), muni, e.ID, q)
	if err != nil {
		return err
	}
	f, err := s.st.EventFigures(r.Context(), muni, e.ID)
	if err != nil {
		return err
	}
	s.Render(w, r, status, "recruit_desk", &web.Page{Title: "受付：" + e.Title, Nav: "recruit", Error: msg,
		Data: deskData{Event: e, Q: q, Found: found, Checked: checked, Labels: sessionLabels(e), Stats: f.Tally}})
	return nil
}

// checkin marks a registrant present by the QR code's check-in code or by
// the registration chosen in the search.
func (s *ui) checkin(w http.ResponseWriter, r *http.Request) error {
	e, err := s.eventOf(r)
	if err != nil {
		return err
	}
	code, regID := r.PostFormValue("code"), web.Int64(r, "registration_id")
	if strings.TrimSpace(code) == "" && regID == 0 {
		return s.renderDesk(w, r, http.StatusUnprocessableEntity, nil, "QRコードを読み取るか、名前で検索してください。")
	}
	u := web.UserOf(r)
	g, err := s.st.CheckIn(r.Context(), u.Actor(), u.Municipality, e.ID, code, regID)
	if err != nil {
		if st := web.Status(err); st == http.StatusNotFound || st == http.StatusConflict {
			return s.renderDesk(w, r, st, nil, web.Message(err))
		}
		return err
	}
	s.RedirectFlash(w, r, fmt.Sprintf("/recruit/events/%d/desk", e.ID), fmt.Sprintf("%s さん（%s）を受け付けました。", g.Name, g.University))
	return nil
}

// walkin adds a walk-in, present at once.
func (s *ui) walkin(w http.ResponseWriter, r *http.Request) error {
	e, err := s.eventOf(r)
	if err != nil {
		return err
	}
	year, _ := strconv.Atoi(strings.TrimSpace(r.PostFormValue("graduation_year")))
	g := recruit.Registration{SessionID: web.Int64(r, "session_id"), Name: r.PostFormValue("name"), Kana: r.PostFormValue("kana"), Email: r.PostFormValue("email"),
		University: r.PostFormValue("university"), Faculty: r.PostFormValue("faculty"), GraduationYear: year, Interest: r.PostFormValue("interest")}
	u := web.UserOf(r)
	if err := s.st.WalkIn(r.Context(), u.Actor(), u.Municipality, e.ID, &g); err != nil {
		if web.IsValidation(err) || web.Status(err) == http.StatusConflict {
			return s.renderDesk(w, r, web.Status(err), nil, web.Message(err))
		}
		return err
	}
	s.RedirectFlash(w, r, fmt.Sprintf("/recruit/events/%d/desk", e.ID), fmt.Sprintf("当日参加の %s さんを受け付けました。", g.Name))
	return nil
}

type speakerData struct {
	Sessions []recruit.SpeakerSession
	Hours    float64 // as a speaker, all sessions
}

// mySessions shows a staff speaker the sessions they speak at, each with
// the names of those registered (names only).
func (s *ui) mySessions(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	if u.StaffID == 0 {
		return apperr.NotFoundf("職員の記録に結び付いていないため、担当する説明会はありません。")
	}
	list, err := s.st.SpeakerSessions(r.Context(), u.Municipality, u.StaffID)
	if err != nil {
		return err
	}
	d := speakerData{Sessions: list}
	for _, x := range list {
		d.Hours += x.Hours
	}
	s.Render(w, r, http.StatusOK, "recruit_mine", &web.Page{Title: "担当する採用説明会", Nav: "recruit-mine", Data: d})
	return nil
}
