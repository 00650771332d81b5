package rtwui

import (
	"fmt"
	"net/http"

	"hagukumi/rtw"
	"hagukumi/web"
)

// addNote records a note from the case page.
func (s *ui) addNote(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	if _, err := s.rtw.AddNote(r.Context(), web.UserOf(r), id, r.PostFormValue("text")); err != nil {
		return err
	}
	s.RedirectFlash(w, r, fmt.Sprintf("/rtw/%d", id), "記録を追加しました。")
	return nil
}

// apiAddNote records a note from JSON {"text": ...}.
func (s *ui) apiAddNote(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	var b struct {
		Text string `json:"text"`
	}
	if err := web.DecodeJSON(r, &b); err != nil {
		return err
	}
	noteID, err := s.rtw.AddNote(r.Context(), web.UserOf(r), id, b.Text)
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusCreated, map[string]int64{"id": noteID})
	return nil
}

// saveContent replaces the case's sealed record from the case page.
func (s *ui) saveContent(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	c := rtw.Content{Diagnosis: r.PostFormValue("diagnosis"), DoctorOpinion: r.PostFormValue("doctor_opinion"), OHOpinion: r.PostFormValue("oh_opinion"),
		TrialPlan: r.PostFormValue("trial_plan"), ReturnDecision: r.PostFormValue("return_decision"), SupportPlan: r.PostFormValue("support_plan")}
	if err := s.rtw.SaveContent(r.Context(), web.UserOf(r), id, c); err != nil {
		return err
	}
	s.RedirectFlash(w, r, fmt.Sprintf("/rtw/%d", id), "記録を保存しました。")
	return nil
}
