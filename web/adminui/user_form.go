package adminui

import (
	"net/http"
	"strconv"

	"hagukumi/apperr"
	"hagukumi/auth"
	"hagukumi/calendar"
	"hagukumi/staff"
	"hagukumi/web"
)

type userFormData struct {
	Edit        *auth.User // nil for a new account
	Roles       []auth.Role
	Units       []staff.Unit
	StaffNumber string
	Form        auth.NewUser
	MinLength   int
}

// renderForm shows the account form with what it offers to choose from;
// err, when set, is the user's to correct and decides the status.
func (s *ui) renderForm(w http.ResponseWriter, r *http.Request, title string, d *userFormData, err error) {
	d.Roles = auth.Grantable(web.UserOf(r).Role)
	d.MinLength = auth.MinPasswordLength
	d.Units, _ = s.Staff.Units(r.Context(), web.UserOf(r).Municipality, calendar.CurrentFY(s.Now()))
	p := &web.Page{Title: title, Nav: "admin", Data: d}
	status := http.StatusOK
	if err != nil {
		status, p.Error = web.Status(err), web.Message(err)
	}
	s.Render(w, r, status, "user_form", p)
}

// readUserForm turns the form into a NewUser, resolving 職員番号 to the staff id.
func (s *ui) readUserForm(r *http.Request) (auth.NewUser, string, error) {
	u := web.UserOf(r)
	n := auth.NewUser{Login: r.PostFormValue("login"), DisplayName: r.PostFormValue("display_name"), Role: auth.Role(r.PostFormValue("role")),
		UnitID: web.Int64(r, "unit"), Password: r.PostFormValue("password"), MustChange: true}
	num := r.PostFormValue("staff_number")
	if num != "" {
		m, err := s.Staff.ByNumber(r.Context(), u.Municipality, staff.Scope{}, num)
		if err != nil {
			return n, num, err
		}
		n.StaffID = m.ID
		if n.DisplayName == "" {
			n.DisplayName = m.Name()
		}
	}
	return n, num, nil
}

// loadUser reads the account named in the path, of the user's municipality only.
func (s *ui) loadUser(r *http.Request) (*auth.User, error) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	x, err := s.Auth.UserByID(r.Context(), id)
	if err != nil || x.Municipality != web.UserOf(r).Municipality {
		return nil, apperr.NotFoundf("利用者が見つかりません。")
	}
	return x, nil
}

// mayGrant refuses, with 403, to hand out a role the actor may not grant
// or to touch an account that holds one (auth.CanGrant): the form offers
// only grantable roles, so this answers a forged request.
func mayGrant(actor auth.Role, roles ...auth.Role) error {
	for _, r := range roles {
		if !auth.CanGrant(actor, r) {
			return apperr.New(apperr.Forbidden, "%sの利用者を作成・変更する権限がありません。", r.Label())
		}
	}
	return nil
}

// toCorrect tells whether the form should be shown again with the error:
// a validation failure, or a 職員番号 that names nobody (a typo).
func toCorrect(err error) bool {
	return web.IsValidation(err) || apperr.CodeOf(err) == apperr.NotFound
}
