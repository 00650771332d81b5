package recruitui

import (
	"fmt"

	"hagukumi/apperr"
	"net/http"
	"strconv"
	"strings"

	"hagukumi/recruit"
	"hagukumi/sheet"
	"hagukumi/web"
)

type universitiesData struct {
	FY           int
	Universities []recruit.University
	Visits       []recruit.Visit
	AlumniOf     string // the university whose alumni are listed
	Alumni       []recruit.Alumnus
}

// universities shows the universities with their contacts, the year's PR
// visits and the alumni staff by 出身大学.
func (s *ui) universities(w http.ResponseWriter, r *http.Request) error {
	fy, err := web.FY(r, s.Now())
	if err != nil {
		return err
	}
	ctx, muni := r.Context(), web.UserOf(r).Municipality
	d := universitiesData{FY: fy}
	if d.Universities, err = s.st.Universities(ctx, muni); err != nil {
		return err
	}
	if d.Visits, err = s.st.Visits(ctx, muni, fy); err != nil {
		return err
	}
	if id := web.Int64(r, "alumni"); id != 0 {
		for _, u := range d.Universities {
			if u.ID == id {
				d.AlumniOf = u.Name
			}
		}
		if d.AlumniOf == "" {
			return apperr.NotFoundf("大学が見つかりません。")
		}
		if d.Alumni, err = s.st.Alumni(ctx, muni, id); err != nil {
			return err
		}
	}
	s.Render(w, r, http.StatusOK, "recruit_universities", &web.Page{Title: "大学と広報活動", Nav: "recruit", FY: fy, Data: d})
	return nil
}

func (s *ui) univBack(w http.ResponseWriter, r *http.Request, err error, ok string) error {
	if err != nil {
		if web.IsValidation(err) || web.Status(err) == http.StatusNotFound {
			s.RedirectFlash(w, r, "/recruit/universities", web.Message(err))
			return nil
		}
		return err
	}
	s.RedirectFlash(w, r, "/recruit/universities", ok)
	return nil
}

func (s *ui) createUniversity(w http.ResponseWriter, r *http.Request) error {
	v := recruit.University{Name: r.PostFormValue("name"), Kana: r.PostFormValue("kana"), Prefecture: r.PostFormValue("prefecture"), Partner: r.PostFormValue("partner") == "on"}
	u := web.UserOf(r)
	return s.univBack(w, r, s.st.CreateUniversity(r.Context(), u.Actor(), u.Municipality, &v), fmt.Sprintf("大学「%s」を登録しました。", v.Name))
}

func (s *ui) addContact(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	k := recruit.Contact{Name: r.PostFormValue("name"), Role: r.PostFormValue("role"), Email: r.PostFormValue("email"), Phone: r.PostFormValue("phone")}
	u := web.UserOf(r)
	return s.univBack(w, r, s.st.AddContact(r.Context(), u.Actor(), u.Municipality, id, &k), "担当者を登録しました。")
}

func (s *ui) addVisit(w http.ResponseWriter, r *http.Request) error {
	n, _ := strconv.Atoi(strings.TrimSpace(r.PostFormValue("students")))
	v := recruit.Visit{UniversityID: web.Int64(r, "university_id"), Date: strings.TrimSpace(r.PostFormValue("date")), Who: r.PostFormValue("who"), What: r.PostFormValue("what"), Students: n}
	u := web.UserOf(r)
	return s.univBack(w, r, s.st.AddVisit(r.Context(), u.Actor(), u.Municipality, &v), "広報活動を記録しました。")
}

// eventFigures shows one briefing's counts.
func (s *ui) eventFigures(w http.ResponseWriter, r *http.Request) error {
	e, err := s.eventOf(r)
	if err != nil {
		return err
	}
	f, err := s.st.EventFigures(r.Context(), web.UserOf(r).Municipality, e.ID)
	if err != nil {
		return err
	}
	s.Render(w, r, http.StatusOK, "recruit_figures", &web.Page{Title: "集計：" + e.Title, Nav: "recruit", FY: e.FY,
		Data: figuresData{Event: &f, Export: fmt.Sprintf("/recruit/events/%d/figures/export", e.ID)}})
	return nil
}

type figuresData struct {
	Event  *recruit.Figures
	Year   *recruit.YearFigures
	Export string
}

// yearFigures shows a fiscal year's counts.
func (s *ui) yearFigures(w http.ResponseWriter, r *http.Request) error {
	fy, err := web.FY(r, s.Now())
	if err != nil {
		return err
	}
	y, err := s.st.FYFigures(r.Context(), web.UserOf(r).Municipality, fy)
	if err != nil {
		return err
	}
	s.Render(w, r, http.StatusOK, "recruit_figures", &web.Page{Title: "採用広報の集計", Nav: "recruit", FY: fy,
		Data: figuresData{Year: &y, Export: fmt.Sprintf("/recruit/figures/export?fy=%d", fy)}})
	return nil
}

func tallyRows(row func(group, item string, v float64), group string, t recruit.Tally) {
	row(group, "登録（席を確保）", float64(t.Registered))
	row(group, "キャンセル待ち", float64(t.Waitlisted))
	row(group, "キャンセル", float64(t.Cancelled))
	row(group, "参加", float64(t.Attended))
	row(group, "うち当日参加", float64(t.WalkIns))
	row(group, "不参加", float64(t.NoShows))
	row(group, "不参加率（%）", t.NoShowRate)
}

func breakdownRows(row func(group, item string, v float64), univ, grad, interest []recruit.Count, sv recruit.Survey) {
	for _, c := range univ {
		row("大学別", c.Key, float64(c.Count))
	}
	for _, c := range grad {
		row("卒業（予定）年別", c.Key, float64(c.Count))
	}
	for _, c := range interest {
		row("関心のある職種別", c.Key, float64(c.Count))
	}
	row("アンケート", "回答数", float64(sv.Answers))
	row("アンケート", "満足度（平均）", sv.Satisfaction)
	for _, c := range sv.ByIntent {
		row("アンケート：受験の意向", c.Key, float64(c.Count))
	}
}

// exportEventFigures downloads one briefing's counts as 区分, 項目, 値.
func (s *ui) exportEventFigures(w http.ResponseWriter, r *http.Request) error {
	e, err := s.eventOf(r)
	if err != nil {
		return err
	}
	f, err := s.st.EventFigures(r.Context(), web.UserOf(r).Municipality, e.ID)
	if err != nil {
		return err
	}
	sw, err := web.Sheet(w, r, "採用説明会の集計", "集計")
	if err != nil {
		return err
	}
	row := func(group, item string, v float64) { sw.Row(sheet.Text(group), sheet.Text(item), sheet.Number(v)) }
	sw.Row(sheet.Texts("区分", "項目", "値")...)
	tallyRows(row, "合計", f.Tally)
	for i, x := range f.Sessions {
		tallyRows(row, fmt.Sprintf("第%d回", i+1), x.Tally)
	}
	breakdownRows(row, f.ByUniversity, f.ByGraduationYear, f.ByInterest, f.Survey)
	if err := sw.Close(); err != nil {
		s.Log.Error("recruit figures export", "err", err)
	}
	return nil
}

// exportYearFigures downloads a fiscal year's counts.
func (s *ui) exportYearFigures(w http.ResponseWriter, r *http.Request) error {
	fy, err := web.FY(r, s.Now())
	if err != nil {
		return err
	}
	y, err := s.st.FYFigures(r.Context(), web.UserOf(r).Municipality, fy)
	if err != nil {
		return err
	}
	sw, err := web.Sheet(w, r, "採用広報の年度集計", "集計")
	if err != nil {
		return err
	}
	row := func(group, item string, v float64) { sw.Row(sheet.Text(group), sheet.Text(item), sheet.Number(v)) }
	sw.Row(sheet.Texts("区分", "項目", "値")...)
	tallyRows(row, "年度合計", y.Tally)
	for _, f := range y.Events {
		tallyRows(row, f.Title, f.Tally)
	}
	breakdownRows(row, y.ByUniversity, y.ByGraduationYear, y.ByInterest, y.Survey)
	for _, u := range y.Universities {
		row("大学："+u.Name, "広報活動", float64(u.Visits))
		row("大学："+u.Name, "接触した学生数", float64(u.Students))
		row("大学："+u.Name, "説明会の登録者", float64(u.Registrants))
		row("大学："+u.Name, "説明会の参加者", float64(u.Attended))
		row("大学："+u.Name, "出身の職員（在職）", float64(u.Alumni))
	}
	if err := sw.Close(); err != nil {
		s.Log.Error("recruit year figures export", "err", err)
	}
	return nil
}

// ---- API ----

type createdSession struct {
	ID int64 `json:"id"`
}

type created struct {
	ID       int64            `json:"id"`
	Sessions []createdSession `json:"sessions"`
}

// apiCreateEvent registers a briefing: 201 with its id and its sessions' ids.
func (s *ui) apiCreateEvent(w http.ResponseWriter, r *http.Request) error {
	var e recruit.Event
	if err := web.DecodeJSON(r, &e); err != nil {
		return err
	}
	e.ID, e.PurgedAt = 0, nil
	if e.JobTypes == nil {
		e.JobTypes = []string{}
	}
	u := web.UserOf(r)
	if err := s.st.CreateEvent(r.Context(), u.Actor(), u.Municipality, &e); err != nil {
		return err
	}
	out := created{ID: e.ID, Sessions: []createdSession{}}
	for _, x := range e.Sessions {
		out.Sessions = append(out.Sessions, createdSession{x.ID})
	}
	web.JSON(w, http.StatusCreated, out)
	return nil
}

func (s *ui) apiEvents(w http.ResponseWriter, r *http.Request) error {
	fy, err := web.FY(r, s.Now())
	if err != nil {
		return err
	}
	list, err := s.st.Events(r.Context(), web.UserOf(r).Municipality, fy)
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusOK, map[string]any{"fy": fy, "items": list})
	return nil
}

func (s *ui) apiRegistrations(w http.ResponseWriter, r *http.Request) error {
	e, err := s.eventOf(r)
	if err != nil {
		return err
	}
	regs, err := s.st.Registrations(r.Context(), web.UserOf(r).Municipality, e.ID)
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusOK, map[string]any{"event_id": e.ID, "items": regs})
	return nil
}

func (s *ui) apiEventFigures(w http.ResponseWriter, r *http.Request) error {
	e, err := s.eventOf(r)
	if err != nil {
		return err
	}
	f, err := s.st.EventFigures(r.Context(), web.UserOf(r).Municipality, e.ID)
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusOK, f)
	return nil
}

func (s *ui) apiYearFigures(w http.ResponseWriter, r *http.Request) error {
	fy, err := web.FY(r, s.Now())
	if err != nil {
		return err
	}
	y, err := s.st.FYFigures(r.Context(), web.UserOf(r).Municipality, fy)
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusOK, y)
	return nil
}
