package trainingui

import (
	"net/http"
	"strconv"

	"hagukumi/web"
)

// setException adds a staff member to a program's roster of a 年度, keeps
// one out of it, or (kind=remove) drops the exception.
func (s *ui) setException(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	p, fy, err := s.programFY(r)
	if err != nil {
		return err
	}
	kind := r.PostFormValue("kind")
	if kind == "remove" {
		kind = ""
	}
	if err := s.Train.SetException(r.Context(), u.Actor(), u.Municipality, p.ID, fy, r.PostFormValue("number"), kind, r.PostFormValue("reason")); err != nil {
		return err
	}
	s.RedirectFlash(w, r, "/programs/"+p.Code+"/eligible?fy="+strconv.Itoa(fy), "対象者の例外を保存しました。")
	return nil
}
