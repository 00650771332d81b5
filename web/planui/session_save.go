package planui

import (
	"fmt"
	"net/http"

	"hagukumi/training"
	"hagukumi/web"
)

// saveSession reads the form into x and saves it. A refusal shows the form
// again with what was typed; cancelling a session tells its trainees.
func (s *ui) saveSession(w http.ResponseWriter, r *http.Request, x *training.Session) error {
	u := web.UserOf(r)
	was := x.Status
	err := s.readSessionForm(r, x)
	if err == nil {
		err = s.Train.SaveSession(r.Context(), u.Actor(), u.Municipality, x)
	}
	if err == nil && x.ID != 0 {
		// A larger capacity gives seats to the waitlist at once.
		err = s.Train.FillFromWaitlist(r.Context(), u.Actor(), u.Municipality, x.ID)
	}
	if err != nil {
		if !web.IsValidation(err) {
			return err
		}
		f, ferr := s.sessionFormData(r.Context(), u, x)
		if ferr != nil {
			return ferr
		}
		f.typed(r)
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
