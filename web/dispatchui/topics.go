package dispatchui

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"hagukumi/apperr"
	"hagukumi/auth"
	"hagukumi/calendar"
	"hagukumi/dispatch"
	"hagukumi/web"
)

type topicsData struct {
	Topics   []*dispatch.Topic
	Units    []string
	Formats  []string
	Settings dispatch.Settings
	Admin    bool
	Center   bool
	Errors   apperr.FieldErrors
	Form     dispatch.Topic
	Speakers string
}

// topics shows a fiscal year's menu: the center's whole menu, a liaison's
// own department's topics.
func (s *ui) topics(w http.ResponseWriter, r *http.Request) error {
	return s.renderTopics(w, r, http.StatusOK, "", nil, dispatch.Topic{Minutes: 90, Format: "対面"}, "")
}

func (s *ui) renderTopics(w http.ResponseWriter, r *http.Request, status int, msg string, fe apperr.FieldErrors, form dispatch.Topic, speakers string) error {
	fy, err := web.FY(r, s.Now())
	if err != nil {
		return err
	}
	u := web.UserOf(r)
	sc := auth.ScopeOf(u)
	d := topicsData{Formats: dispatch.Formats, Admin: u.Role == auth.CenterAdmin, Center: u.Role == auth.CenterAdmin || u.Role == auth.CenterStaff, Errors: fe, Form: form, Speakers: speakers}
	if d.Errors == nil {
		d.Errors = apperr.FieldErrors{}
	}
	if d.Topics, err = s.st.Topics(r.Context(), u.Municipality, sc, fy, false); err != nil {
		return err
	}
	if d.Units, err = s.st.Units(r.Context(), u.Municipality, sc); err != nil {
		return err
	}
	if d.Settings, err = s.st.Settings(r.Context(), nil, u.Municipality); err != nil {
		return err
	}
	s.Render(w, r, status, "lecture_topics", &web.Page{Title: "講師派遣のテーマ", Nav: "lecture-topics", FY: fy, Error: msg, Data: d})
	return nil
}

// saveTopic adds a topic or changes one (id), with its speakers' 職員番号.
func (s *ui) saveTopic(w http.ResponseWriter, r *http.Request) error {
	f := r.PostFormValue
	fy, err := web.ParseFY(f("fy"), s.Now())
	if err != nil {
		return err
	}
	minutes, _ := strconv.Atoi(strings.TrimSpace(f("minutes")))
	tid, _ := strconv.ParseInt(f("id"), 10, 64)
	t := dispatch.Topic{ID: tid, FY: fy, Title: f("title"), UnitPath: f("unit"), Description: f("description"), Audience: f("audience"),
		Minutes: minutes, Format: f("format"), Published: f("published") == "on"}
	numbers := strings.FieldsFunc(f("speakers"), func(r rune) bool { return r == ',' || r == '、' || r == ' ' || r == '　' || r == '\n' })
	u := web.UserOf(r)
	if err := s.st.SaveTopic(r.Context(), u.Actor(), u.Municipality, auth.ScopeOf(u), &t, numbers); err != nil {
		if web.IsValidation(err) {
			q := r.URL.Query()
			q.Set("fy", strconv.Itoa(fy))
			r.URL.RawQuery = q.Encode()
			return s.renderTopics(w, r, web.Status(err), web.Message(err), apperr.FieldsOf(err), t, f("speakers"))
		}
		return err
	}
	s.RedirectFlash(w, r, fmt.Sprintf("/lectures/topics?fy=%d", fy), "テーマ「"+t.Title+"」を保存しました。")
	return nil
}

// copyTopics copies last year's menu into the year.
func (s *ui) copyTopics(w http.ResponseWriter, r *http.Request) error {
	fy, err := web.ParseFY(r.PostFormValue("fy"), s.Now())
	if err != nil {
		return err
	}
	u := web.UserOf(r)
	n, err := s.st.CopyTopics(r.Context(), u.Actor(), u.Municipality, fy)
	if err != nil {
		if web.IsValidation(err) {
			r.URL.RawQuery = "fy=" + strconv.Itoa(fy)
			return s.renderTopics(w, r, web.Status(err), web.Message(err), nil, dispatch.Topic{Minutes: 90, Format: "対面"}, "")
		}
		return err
	}
	s.RedirectFlash(w, r, fmt.Sprintf("/lectures/topics?fy=%d", fy), fmt.Sprintf("%sのテーマを前年度から%d件写しました（非公開）。内容を確かめて公開してください。", calendar.FormatNendo(fy), n))
	return nil
}

// saveSettings changes the rules of the request form.
func (s *ui) saveSettings(w http.ResponseWriter, r *http.Request) error {
	f := r.PostFormValue
	num := func(k string) int {
		n, err := strconv.Atoi(strings.TrimSpace(f(k)))
		if err != nil {
			return -1
		}
		return n
	}
	st := dispatch.Settings{LeadDays: num("lead_days"), MinAudience: num("min_audience"), RetentionDays: num("retention_days")}
	u := web.UserOf(r)
	if err := s.st.SaveSettings(r.Context(), u.Actor(), u.Municipality, st); err != nil {
		if web.IsValidation(err) {
			return s.renderTopics(w, r, web.Status(err), web.Message(err), apperr.FieldsOf(err), dispatch.Topic{Minutes: 90, Format: "対面"}, "")
		}
		return err
	}
	s.RedirectFlash(w, r, "/lectures/topics", "申込の条件を保存しました。")
	return nil
}
