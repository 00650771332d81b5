package rtwui

import (
	"net/http"
	"strconv"

	"hagukumi/web"
)

// back returns to the case page with a message.
func (s *ui) back(w http.ResponseWriter, r *http.Request, id int64, msg string) error {
	s.RedirectFlash(w, r, "/rtw/"+strconv.FormatInt(id, 10), msg)
	return nil
}

// setStep moves the case to a step; ⑤ with a return date schedules the
// follow-ups.
func (s *ui) setStep(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	if err := s.rtw.SetStep(r.Context(), web.UserOf(r), id, web.Int(r, "step"), r.PostFormValue("returned_on")); err != nil {
		return err
	}
	return s.back(w, r, id, "段階を更新しました。")
}
