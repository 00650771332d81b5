package adminui

import (
	"net/http"

	"hagukumi/auth"
	"hagukumi/web"
)

// editUser shows the form of an existing account.
func (s *ui) editUser(w http.ResponseWriter, r *http.Request) error {
	x, err := s.loadUser(r)
	if err != nil {
		return err
	}
	if err := mayGrant(web.UserOf(r).Role, x.Role); err != nil {
		return err
	}
	d := &userFormData{Edit: x, Form: auth.NewUser{Login: x.Login, DisplayName: x.DisplayName, Role: x.Role, UnitID: x.UnitID}}
	if x.StaffID != 0 {
		if m, err := s.Staff.ByID(r.Context(), x.Municipality, x.StaffID); err == nil {
			d.StaffNumber = m.Number
		}
	}
	s.renderForm(w, r, "利用者の編集", d, nil)
	return nil
}
