package dispatchui

import (
	"net/http"

	"hagukumi/apperr"
	"hagukumi/dispatch"
	"hagukumi/web"
)

type noticeData struct {
	R        *dispatch.Request
	City     string
	Center   string
	Public   bool
	IssuedOn string
	Token    string
}

// notice is the printable 決定通知 of an approved request (A4, 和暦).
func (s *ui) notice(w http.ResponseWriter, r *http.Request) error {
	rid, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	u := web.UserOf(r)
	req, err := s.st.Get(r.Context(), u.Municipality, dispatch.ViewerOf(u), rid)
	if err != nil {
		return err
	}
	if !decided(req) {
		return apperr.New(apperr.Conflict, "決定通知は承認または不承認の後に出せます。")
	}
	s.Render(w, r, http.StatusOK, "lecture_notice", &web.Page{Title: "講師派遣決定通知書", Nav: "lectures", Data: noticeData{R: req, City: u.MuniName, Center: u.CenterName, IssuedOn: issued(req)}})
	return nil
}

// decided tells whether a request has a decision to notify.
func decided(r *dispatch.Request) bool {
	return r.ApprovedAt != nil || r.State == dispatch.Declined
}

// issued is the date of the notice: the approval, else the last change.
func issued(r *dispatch.Request) string {
	if r.ApprovedAt != nil {
		return r.ApprovedAt.In(jst()).Format("2006-01-02")
	}
	return r.UpdatedAt.In(jst()).Format("2006-01-02")
}

// order is the lecturer's 派遣承認 record: what was agreed, on what terms.
func (s *ui) order(w http.ResponseWriter, r *http.Request) error {
	rid, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	u := web.UserOf(r)
	req, err := s.st.Get(r.Context(), u.Municipality, dispatch.ViewerOf(u), rid)
	if err != nil {
		return err
	}
	if req.ApprovedAt == nil {
		return apperr.New(apperr.Conflict, "派遣の承認はまだです。")
	}
	s.Render(w, r, http.StatusOK, "lecture_order", &web.Page{Title: "講師派遣承認書", Nav: "lectures-mine", Data: noticeData{R: req, City: u.MuniName, Center: u.CenterName, IssuedOn: issued(req)}})
	return nil
}
