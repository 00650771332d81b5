package recordsui

import (
	"fmt"
	"net/http"
	"strings"

	"hagukumi/staff"
	"hagukumi/training"
	"hagukumi/web"
)

// tabletCheckIn marks the person of a typed 職員番号 present. Any mistake
// of the person at the tablet (unknown number, not enrolled) is shown on
// the reception screen, so the next person can go on.
func (s *ui) tabletCheckIn(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	a, err := s.sessionAccess(r)
	if err != nil {
		return err
	}
	number := strings.TrimSpace(r.PostFormValue("number"))
	if number == "" {
		return s.renderTablet(w, r, a, http.StatusBadRequest, "職員番号を入力してください。")
	}
	m, err := s.Staff.ByNumber(r.Context(), u.Municipality, staff.Scope{}, number)
	var already bool
	if err == nil {
		already, err = s.Train.CheckIn(r.Context(), u.Actor(), u.Municipality, a.X.ID, m.ID, training.ViaTablet)
	}
	if err != nil {
		if st := web.Status(err); st < 500 {
			return s.renderTablet(w, r, a, st, "職員番号 "+number+": "+web.Message(err))
		}
		return err
	}
	msg := m.Name() + " さんの出席を受け付けました。"
	if already {
		msg = m.Name() + " さんは受付済みです。"
	}
	s.RedirectFlash(w, r, fmt.Sprintf("/sessions/%d/tablet", a.X.ID), msg)
	return nil
}
