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

type listData struct {
	Requests []*dispatch.Request
	State    string
	States   []string
	Counts   map[string]int
}

// list shows a fiscal year's requests to the center, by state.
func (s *ui) list(w http.ResponseWriter, r *http.Request) error {
	fy, err := web.FY(r, s.Now())
	if err != nil {
		return err
	}
	u := web.UserOf(r)
	all, err := s.st.List(r.Context(), u.Municipality, dispatch.ViewerOf(u), fy)
	if err != nil {
		return err
	}
	d := listData{State: r.FormValue("state"), States: dispatch.States, Counts: map[string]int{}, Requests: []*dispatch.Request{}}
	for _, x := range all {
		d.Counts[x.State]++
		if d.State == "" || d.State == x.State {
			d.Requests = append(d.Requests, x)
		}
	}
	s.Render(w, r, http.StatusOK, "lectures", &web.Page{Title: "講師派遣", Nav: "lectures", FY: fy, Data: d})
	return nil
}

type detailData struct {
	R          *dispatch.Request
	Center     bool
	Lecturer   bool // the viewer is the lecturer
	Agree      bool // the viewer may answer the agreement
	Candidates []dispatch.Candidate
	Next       []string
	Reasons    []string
	WorkModes  []string
	FeeStates  []string
	Errors     apperr.FieldErrors
	Today      string
}

// detail shows one request: to the center with its candidates and every
// action, to the lecturer with the report form, to the 所属長 with the
// agreement.
func (s *ui) detail(w http.ResponseWriter, r *http.Request) error {
	return s.renderDetail(w, r, http.StatusOK, "", nil)
}

func (s *ui) renderDetail(w http.ResponseWriter, r *http.Request, status int, msg string, fe apperr.FieldErrors) error {
	rid, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	u := web.UserOf(r)
	v := dispatch.ViewerOf(u)
	req, err := s.st.Get(r.Context(), u.Municipality, v, rid)
	if err != nil {
		return err
	}
	d := detailData{R: req, Center: v.Center, Lecturer: v.StaffID != 0 && v.StaffID == req.LecturerID, Reasons: dispatch.Reasons,
		WorkModes: dispatch.WorkModes, FeeStates: dispatch.FeeStates, Errors: fe, Today: calendar.Today(s.Now()).Format("2006-01-02")}
	if fe == nil {
		d.Errors = apperr.FieldErrors{}
	}
	if v.Center {
		d.Next = dispatch.Next(req.State)
		if req.State == dispatch.Received || req.State == dispatch.Coordinating {
			if d.Candidates, err = s.st.Candidates(r.Context(), u.Municipality, rid); err != nil {
				return err
			}
		}
	}
	d.Agree = req.State == dispatch.Coordinating && req.Agreement == dispatch.AgreePending && (v.Center || u.Role == auth.Supervisor)
	s.Render(w, r, status, "lecture", &web.Page{Title: "講師派遣: " + req.Organisation, Nav: "lectures", FY: req.FY, Error: msg, Data: d})
	return nil
}

// formFail shows the detail page again with a refused form's message.
func (s *ui) formFail(w http.ResponseWriter, r *http.Request, err error) error {
	if web.IsValidation(err) {
		return s.renderDetail(w, r, web.Status(err), web.Message(err), apperr.FieldsOf(err))
	}
	return err
}

// stateForm moves a request from its page.
func (s *ui) stateForm(w http.ResponseWriter, r *http.Request) error {
	rid, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	u := web.UserOf(r)
	req, err := s.st.Transition(r.Context(), u.Actor(), u.Municipality, rid, dispatch.Move{From: r.PostFormValue("from"), To: r.PostFormValue("to"), Reason: r.PostFormValue("reason"), Text: strings.TrimSpace(r.PostFormValue("text"))})
	if err != nil {
		return s.formFail(w, r, err)
	}
	s.RedirectFlash(w, r, fmt.Sprintf("/lectures/%d", rid), "「"+req.StateLabel+"」にしました。")
	return nil
}

// chooseForm names the lecturer and asks their 所属長.
func (s *ui) chooseForm(w http.ResponseWriter, r *http.Request) error {
	rid, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	u := web.UserOf(r)
	req, err := s.st.ChooseLecturer(r.Context(), u.Actor(), u.Municipality, rid, r.PostFormValue("number"))
	if err != nil {
		return s.formFail(w, r, err)
	}
	s.RedirectFlash(w, r, fmt.Sprintf("/lectures/%d", rid), "講師を選び、所属長に同意を依頼しました（"+req.LecturerUnit+"）。")
	return nil
}

// termsForm saves the terms of the lecture.
func (s *ui) termsForm(w http.ResponseWriter, r *http.Request) error {
	rid, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	f := r.PostFormValue
	fee, ferr := strconv.Atoi(strings.TrimSpace(strings.ReplaceAll(f("fee"), ",", "")))
	if f("fee") == "" {
		fee, ferr = 0, nil
	}
	if ferr != nil {
		return s.formFail(w, r, apperr.Fields(apperr.FieldErrors{"fee": "謝金は数字（円）で入力してください。"}))
	}
	u := web.UserOf(r)
	t := dispatch.Terms{LectureOn: f("lecture_on"), WorkMode: f("work_mode"), Fee: fee, FeeStatus: f("fee_status"), Travel: strings.TrimSpace(f("travel")), Conditions: strings.TrimSpace(f("conditions"))}
	if err := s.st.SetTerms(r.Context(), u.Actor(), u.Municipality, rid, t); err != nil {
		return s.formFail(w, r, err)
	}
	s.RedirectFlash(w, r, fmt.Sprintf("/lectures/%d", rid), "派遣の条件を保存しました。")
	return nil
}

// agreeForm records the 所属長's answer.
func (s *ui) agreeForm(w http.ResponseWriter, r *http.Request) error {
	rid, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	u := web.UserOf(r)
	yes := r.PostFormValue("answer") == "agree"
	if _, err := s.st.Agree(r.Context(), dispatch.ViewerOf(u), u.Municipality, rid, yes); err != nil {
		return s.formFail(w, r, err)
	}
	msg := "講師の派遣に同意しました。"
	if !yes {
		msg = "講師の派遣に同意しませんでした。センターが別の講師を探します。"
	}
	to := fmt.Sprintf("/lectures/%d", rid)
	if u.Role == auth.Supervisor {
		to = "/lectures/agreements"
	}
	s.RedirectFlash(w, r, to, msg)
	return nil
}

// reportForm records the delivery of the lecture by its lecturer or the center.
func (s *ui) reportForm(w http.ResponseWriter, r *http.Request) error {
	rid, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	f := r.PostFormValue
	hours, err1 := strconv.ParseFloat(strings.TrimSpace(f("hours")), 64)
	att, err2 := strconv.Atoi(strings.TrimSpace(f("attendees")))
	if err1 != nil || err2 != nil {
		return s.formFail(w, r, apperr.Fields(apperr.FieldErrors{"hours": "時間と参加者数は数字で入力してください。"}))
	}
	u := web.UserOf(r)
	if _, err := s.st.Record(r.Context(), dispatch.ViewerOf(u), u.Municipality, rid, dispatch.Delivery{On: f("delivered_on"), Hours: hours, Attendees: att, Materials: strings.TrimSpace(f("materials"))}); err != nil {
		return s.formFail(w, r, err)
	}
	s.RedirectFlash(w, r, fmt.Sprintf("/lectures/%d", rid), "実施の報告を記録しました（報告済）。")
	return nil
}

// apiList lists a fiscal year's requests.
func (s *ui) apiList(w http.ResponseWriter, r *http.Request) error {
	fy, err := web.FY(r, s.Now())
	if err != nil {
		return err
	}
	u := web.UserOf(r)
	list, err := s.st.List(r.Context(), u.Municipality, dispatch.ViewerOf(u), fy)
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusOK, list)
	return nil
}

// stateBody moves a request.
type stateBody struct {
	// From is optional: the state the caller saw; a request moved since answers 409.
	From   string `json:"from,omitempty"`
	To     string `json:"to"`
	Reason string `json:"reason"`
}

// apiState moves a request; a move the workflow refuses answers 409.
func (s *ui) apiState(w http.ResponseWriter, r *http.Request) error {
	rid, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	var b stateBody
	if err := web.DecodeJSON(r, &b); err != nil {
		return err
	}
	u := web.UserOf(r)
	req, err := s.st.Transition(r.Context(), u.Actor(), u.Municipality, rid, dispatch.Move{From: b.From, To: b.To, Reason: b.Reason})
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusOK, req)
	return nil
}

// apiCandidates lists who can speak on a request's topic.
func (s *ui) apiCandidates(w http.ResponseWriter, r *http.Request) error {
	rid, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	list, err := s.st.Candidates(r.Context(), web.UserOf(r).Municipality, rid)
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusOK, list)
	return nil
}
