package enrolui

import (
	"net/http"

	"hagukumi/notify"
	"hagukumi/web"
)

type noticesData struct {
	Linked bool
	Items  []*notify.Notification
	Unread int
}

// notifications lists the user's latest notices.
func (s *ui) notifications(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	d := &noticesData{Linked: u.StaffID != 0}
	if d.Linked {
		var err error
		if d.Items, d.Unread, err = s.Train.Notifications(r.Context(), u.Municipality, u.StaffID, 100); err != nil {
			return err
		}
	}
	s.Render(w, r, http.StatusOK, "notifications", &web.Page{Title: "お知らせ", Nav: "notifications", Data: d})
	return nil
}
