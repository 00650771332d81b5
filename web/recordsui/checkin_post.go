package recordsui

import (
	"net/http"

	"hagukumi/training"
	"hagukumi/web"
)

// checkIn marks the attendee of a QR link present.
func (s *ui) checkIn(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	d, err := s.checkinData(r)
	if err != nil {
		return err
	}
	already, err := s.Train.CheckIn(r.Context(), u.Actor(), u.Municipality, d.X.ID, u.StaffID, training.ViaQR)
	if err != nil {
		if st := web.Status(err); st < 500 {
			s.Render(w, r, st, "checkin", &web.Page{Title: "研修の受付", FY: d.X.FY, Error: web.Message(err), Data: d})
			return nil
		}
		return err
	}
	msg := "出席を受け付けました。研修を始めるまでお待ちください。"
	if already {
		msg = "既に受付済みです。"
	}
	s.RedirectFlash(w, r, r.URL.Path, msg)
	return nil
}
