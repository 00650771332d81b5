package adminui

import (
	"fmt"
	"net/http"
	"strconv"

	"hagukumi/apperr"
	"hagukumi/audit"
	"hagukumi/auth"
	"hagukumi/calendar"
	"hagukumi/sheet"
	"hagukumi/staff"
	"hagukumi/web"
)

type auditData struct {
	Filter  audit.Filter
	Items   []audit.Entry
	Total   int
	Page    int
	NextURL string
	PrevURL string
}

func auditFilter(r *http.Request) audit.Filter {
	return audit.Filter{Actor: r.FormValue("actor"), Action: r.FormValue("action"), Entity: r.FormValue("entity"),
		Text: r.FormValue("q"), From: r.FormValue("from"), To: r.FormValue("to")}
}

func (s *ui) auditPage(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	f := auditFilter(r)
	page := web.Int(r, "page")
	if page < 1 {
		page = 1
	}
	f.Limit, f.Offset = web.PageSize, (page-1)*web.PageSize
	items, total, err := audit.List(r.Context(), s.DB.R, u.Municipality, f)
	if err != nil {
		return err

	}
	d := auditData{Filter: f, Items: items, Total: total, Page: page}
	q := r.URL.Query()
	if page > 1 {
		q.Set("page", strconv.Itoa(page-1))
		d.PrevURL = "/audit?" + q.Encode()
	}
	if page*web.PageSize < total {
		q.Set("page", strconv.Itoa(page+1))
		d.NextURL = "/audit?" + q.Encode()
	}
	s.Render(w, r, http.StatusOK, "audit", &web.Page{Title: "監査ログ", Nav: "admin", Data: d})
	return nil
}

func (s *ui) auditExport(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	f := auditFilter(r)
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", web.ContentDisposition("監査ログ.csv"))
	cw, err := sheet.New(w, sheet.CSV, "監査ログ")
	if err != nil {
		return nil
	}
	cw.Row(sheet.Texts("番号", "日時", "利用者", "操作", "対象", "対象ID", "内容", "ハッシュ")...)
	for off := 0; ; off += 1000 {
		f.Limit, f.Offset = 1000, off
		items, _, err := audit.List(r.Context(), s.DB.R, u.Municipality, f)
		if err != nil || len(items) == 0 {
			break
		}
		for _, e := range items {
			cw.Row(sheet.Int(int(e.Seq)), sheet.Text(e.At.In(calendar.JST).Format("2006-01-02 15:04:05")), sheet.Text(e.Actor), sheet.Text(e.Action),
				sheet.Text(e.Entity), sheet.Text(e.EntityID), sheet.Text(e.Detail), sheet.Text(e.Hash))
		}
	}
	cw.Close()
	return nil
}

type usersData struct {
	Users []*auth.User
}

func (s *ui) usersPage(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	list, err := s.Auth.ListUsers(r.Context(), u.Municipality)
	if err != nil {
		return err

	}
	s.Render(w, r, http.StatusOK, "users", &web.Page{Title: "利用者", Nav: "admin", Data: usersData{Users: list}})
	return nil
}

type userFormData struct {
	Edit        *auth.User
	Roles       []auth.Role
	Units       []staff.Unit
	StaffNumber string
	Form        auth.NewUser
	MinLength   int
}

func (s *ui) userForm(r *http.Request, d *userFormData) {
	u := web.UserOf(r)
	d.Roles = auth.Roles
	d.MinLength = auth.MinPasswordLength
	d.Units, _ = s.Staff.Units(r.Context(), u.Municipality, calendar.FiscalYear(s.Now()))
}

func (s *ui) userNewPage(w http.ResponseWriter, r *http.Request) error {
	d := &userFormData{Form: auth.NewUser{Role: auth.Staff}}
	s.userForm(r, d)
	s.Render(w, r, http.StatusOK, "user_form", &web.Page{Title: "利用者の追加", Nav: "admin", Data: d})
	return nil
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

func (s *ui) userCreate(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	n, num, err := s.readUserForm(r)
	if err == nil {
		_, err = s.Auth.CreateUser(r.Context(), u.Municipality, u.Actor(), n)
	}
	if err != nil {
		if web.Status(err) >= 500 {
			return err

		}
		d := &userFormData{Form: n, StaffNumber: num}
		s.userForm(r, d)
		s.Render(w, r, web.Status(err), "user_form", &web.Page{Title: "利用者の追加", Nav: "admin", Error: web.Message(err), Data: d})
		return nil
	}
	s.RedirectFlash(w, r, "/users", fmt.Sprintf("利用者「%s」を追加しました。", n.Login))
	return nil
}

func (s *ui) loadUser(r *http.Request) (*auth.User, error) {
	u := web.UserOf(r)
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	x, err := s.Auth.UserByID(r.Context(), id)
	if err != nil || x.Municipality != u.Municipality {
		return nil, apperr.NotFoundf("利用者が見つかりません。")
	}
	return x, nil
}

func (s *ui) userEditPage(w http.ResponseWriter, r *http.Request) error {
	x, err := s.loadUser(r)
	if err != nil {
		return err

	}
	d := &userFormData{Edit: x, Form: auth.NewUser{Login: x.Login, DisplayName: x.DisplayName, Role: x.Role, UnitID: x.UnitID}}
	if x.StaffID != 0 {
		if m, err := s.Staff.ByID(r.Context(), x.Municipality, x.StaffID); err == nil {
			d.StaffNumber = m.Number
		}
	}
	s.userForm(r, d)
	s.Render(w, r, http.StatusOK, "user_form", &web.Page{Title: "利用者の編集", Nav: "admin", Data: d})
	return nil
}

func (s *ui) userUpdate(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	x, err := s.loadUser(r)
	if err != nil {
		return err

	}
	n, num, err := s.readUserForm(r)
	disabled := r.PostFormValue("disabled") == "1"
	if err == nil && x.ID == u.ID && (disabled || n.Role != x.Role) {
		err = apperr.Invalidf("自分自身の役割の変更や無効化はできません。")
	}
	if err == nil {
		err = s.Auth.UpdateUser(r.Context(), u.Municipality, u.Actor(), x.ID, n, disabled)
	}
	if err != nil {
		if web.Status(err) >= 500 {
			return err

		}
		n.Login = x.Login
		d := &userFormData{Edit: x, Form: n, StaffNumber: num}
		s.userForm(r, d)
		s.Render(w, r, web.Status(err), "user_form", &web.Page{Title: "利用者の編集", Nav: "admin", Error: web.Message(err), Data: d})
		return nil
	}
	s.RedirectFlash(w, r, "/users", fmt.Sprintf("利用者「%s」を更新しました。", x.Login))
	return nil
}

func (s *ui) userResetPassword(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	x, err := s.loadUser(r)
	if err != nil {
		return err

	}
	pw := auth.RandomPassword()
	if err := s.Auth.SetPassword(r.Context(), u.Municipality, u.Actor(), x.ID, pw, true, ""); err != nil {
		return err

	}
	s.Render(w, r, http.StatusOK, "password_reset", &web.Page{Title: "パスワードの再設定", Nav: "admin",
		Data: map[string]string{"Login": x.Login, "Password": pw}})
	return nil
}

func (s *ui) settingsPage(w http.ResponseWriter, r *http.Request) error {
	s.Render(w, r, http.StatusOK, "settings", &web.Page{Title: "自治体の設定", Nav: "admin"})
	return nil
}

func (s *ui) settingsSave(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	if err := s.Staff.RenameMunicipality(r.Context(), u.Actor(), u.Municipality, r.PostFormValue("name"), r.PostFormValue("center_name")); err != nil {
		return err

	}
	s.RedirectFlash(w, r, "/settings", "設定を保存しました。")
	return nil
}
