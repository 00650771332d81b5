package recordsui

import (
	"crypto/subtle"
	"net/http"

	"hagukumi/apperr"
	"hagukumi/auth"
	"hagukumi/staff"
	"hagukumi/training"
	"hagukumi/web"
)

type checkinData struct {
	X       *training.Session
	Me      *staff.Member
	Present bool
	Open    bool
	Action  string
}

// checkinPage shows the page an attendee reaches from the QR code.
func (s *ui) checkinPage(w http.ResponseWriter, r *http.Request) error {
	d, err := s.checkinData(r)
	if err != nil {
		return err
	}
	s.Render(w, r, http.StatusOK, "checkin", &web.Page{Title: "研修の受付", FY: d.X.FY, Data: d})
	return nil
}

// checkinData checks the token of a QR link in constant time and that the
// user is enrolled; a wrong token and a stranger both get 404.
func (s *ui) checkinData(r *http.Request) (*checkinData, error) {
	u := web.UserOf(r)
	ctx := r.Context()
	id, err := web.ID(r, "id")
	if err != nil {
		return nil, err
	}
	notFound := apperr.NotFoundf("受付用のリンクが正しくないか、この研修の受講者として登録されていません。")
	tok, err := s.Train.CheckinToken(ctx, u.Municipality, id)
	if apperr.CodeOf(err) == apperr.NotFound {
		return nil, notFound
	} else if err != nil {
		return nil, err
	}
	given := r.PathValue("token")
	if tok == "" || subtle.ConstantTimeCompare([]byte(tok), []byte(given)) != 1 {
		return nil, notFound
	}
	if u.StaffID == 0 {
		return nil, apperr.NotFoundf(apperr.MsgNoStaff)
	}
	ok, err := s.Train.Participates(ctx, u.Municipality, id, u.StaffID)
	if err != nil {
		return nil, err
	}
	rows, err := s.Train.Attendance(ctx, u.Municipality, id, auth.OwnScope(u))
	if err != nil {
		return nil, err
	}
	if !ok && len(rows) == 0 {
		return nil, notFound
	}
	x, err := s.Train.SessionByID(ctx, u.Municipality, id)
	if err != nil {
		return nil, err
	}
	me, err := s.Staff.ByID(ctx, u.Municipality, u.StaffID)
	if err != nil {
		return nil, err
	}
	d := &checkinData{X: x, Me: me, Open: training.CheckInOpen(x, s.Now()), Action: r.URL.Path}
	d.Present = len(rows) == 1 && rows[0].Status == training.AttendPresent
	return d, nil
}
