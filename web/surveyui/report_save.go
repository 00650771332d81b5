package surveyui

import (
	"fmt"
	"net/http"

	"hagukumi/web"
)

// saveReport saves an attendee's report as a draft or submits it to the
// supervisor.
func (s *ui) saveReport(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	x, err := s.attendee(r)
	if err != nil {
		return err
	}
	body := r.PostFormValue("body")
	if !s.started(x) {
		return s.renderReport(w, r, x, http.StatusBadRequest, "受講報告書は研修の開始後に作成できます。", body)
	}
	submit := r.PostFormValue("action") == "submit"
	if err := s.Train.SaveReport(r.Context(), u.Actor(), u.Municipality, x.ID, u.StaffID, body, submit); err != nil {
		if web.IsValidation(err) {
			return s.renderReport(w, r, x, web.Status(err), web.Message(err), body)
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
