package jointui

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"hagukumi/auth"
	"hagukumi/joint"
	"hagukumi/web"
)

type programmeData struct {
	Programme    joint.Programme
	Applications []joint.Application
	Labels       map[joint.Status]string
	Statuses     []joint.Status
}

// programme shows one programme with the applications the user's scope sees.
func (s *ui) programme(w http.ResponseWriter, r *http.Request) error {
	return s.renderProgramme(w, r, http.StatusOK, "")
}

func (s *ui) renderProgramme(w http.ResponseWriter, r *http.Request, status int, errMsg string) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	u := web.UserOf(r)
	p, err := s.st.Programme(r.Context(), u.Municipality, id)
	if err != nil {
		return err
	}
	apps, err := s.st.Applications(r.Context(), u.Municipality, auth.ScopeOf(u), id)
	if err != nil {
		return err
	}
	d := programmeData{Programme: p, Applications: apps, Labels: joint.StatusLabels,
		Statuses: []joint.Status{joint.Recommended, joint.Accepted, joint.Rejected, joint.Changed, joint.Cancelled, joint.Completed, joint.Absent}}
	s.Render(w, r, status, "joint_programme", &web.Page{Title: p.Name, Nav: "joint", FY: p.FY, Error: errMsg, Data: d})
	return nil
}

// createForm registers a programme from the list page's form.
func (s *ui) createForm(w http.ResponseWriter, r *http.Request) error {
	f := r.PostFormValue
	quota, _ := strconv.Atoi(f("quota"))
	hours, _ := strconv.ParseFloat(f("hours"), 64)
	p, err := programmeOf(programmeBody{Name: strings.TrimSpace(f("name")), Host: strings.TrimSpace(f("host")), Quota: quota, Policy: f("policy"),
		StartsOn: f("starts_on"), EndsOn: f("ends_on"), Hours: hours, ApplyBy: f("apply_by")})
	if err == nil {
		u := web.UserOf(r)
		err = s.st.CreateProgramme(r.Context(), u.Actor(), u.Municipality, &p)
	}
	if web.IsValidation(err) {
		s.RedirectFlash(w, r, "/joint-programmes", web.Message(err))
		return nil
	}
	if err != nil {
		return err
	}
	s.RedirectFlash(w, r, fmt.Sprintf("/joint-programmes/%d", p.ID), fmt.Sprintf("共同研修「%s」を登録しました。", p.Name))
	return nil
}

// applyForm applies or recommends a staff member from the programme page.
func (s *ui) applyForm(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	u := web.UserOf(r)
	a, err := s.st.Apply(r.Context(), u.Actor(), u.Municipality, auth.ScopeOf(u), id, strings.TrimSpace(r.PostFormValue("number")), r.PostFormValue("late_reason"))
	if err != nil {
		if st := web.Status(err); st < 500 && st != http.StatusForbidden {
			if _, perr := s.st.Programme(r.Context(), u.Municipality, id); perr != nil {
				return perr
			}
			return s.renderProgramme(w, r, st, web.Message(err))
		}
		return err
	}
	s.RedirectFlash(w, r, fmt.Sprintf("/joint-programmes/%d", id), fmt.Sprintf("%s %s を申し込みました。", a.Number, a.Name))
	return nil
}

// statusForm moves an application to a new state from the programme page.
func (s *ui) statusForm(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	u := web.UserOf(r)
	st := joint.Status(r.PostFormValue("status"))
	back := web.LocalPath(r.PostFormValue("back"), "/joint-programmes")
	if err := s.st.SetStatus(r.Context(), u.Actor(), u.Municipality, id, st); err != nil {
		if web.IsValidation(err) || web.Status(err) == http.StatusConflict {
			s.RedirectFlash(w, r, back, web.Message(err))
			return nil
		}
		return err
	}
	s.RedirectFlash(w, r, back, "申込の状態を「"+joint.StatusLabels[st]+"」にしました。")
	return nil
}
