package staffui

import (
	"net/http"

	"hagukumi/web"
)

// renameUnit records a reorganisation: the unit takes a new name from the
// 適用年度 of the form.
func (s *ui) renameUnit(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	fy, err := web.ParseFY(r.PostFormValue("fy"), s.Now())
	if err != nil {
		return err
	}
	if err := s.Staff.RenameUnit(r.Context(), u.Actor(), u.Municipality, id, r.PostFormValue("name"), fy); err != nil {
		return err
	}
	s.RedirectFlash(w, r, "/org", "組織改正を登録しました。")
	return nil
}
