package web

import (
	"fmt"
	"net/http"
	"strconv"

	"hagukumi/apperr"
	"hagukumi/audit"
	"hagukumi/auth"
	"hagukumi/calendar"
	"hagukumi/staff"
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

func (s *Server) auditPage(w http.ResponseWriter, r *http.Request) {
	u := userOf(r)
	f := auditFilter(r)
	page := intParam(r, "page")
	if page < 1 {
		page = 1
	}
	f.Limit, f.Offset = pageSize, (page-1)*pageSize
	items, total, err := audit.List(r.Context(), s.DB.R, u.Municipality, f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := auditData{Filter: f, Items: items, Total: total, Page: page}
	q := r.URL.Query()
	if page > 1 {
		q.Set("page", strconv.Itoa(page-1))
		d.PrevURL = "/audit?" + q.Encode()
	}
	if page*pageSize < total {
		q.Set("page", strconv.Itoa(page+1))
		d.NextURL = "/audit?" + q.Encode()
	}
	s.render(w, r, http.StatusOK, "audit", &Page{Title: "監査ログ", Nav: "admin", Data: d})
}

func (s *Server) auditExport(w http.ResponseWriter, r *http.Request) {
	u := userOf(r)
	f := auditFilter(r)
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", contentDisposition("監査ログ.csv"))
	cw, err := staff.NewCSVWriter(w)
	if err != nil {
		return
	}
	cw.Write([]string{"番号", "日時", "利用者", "操作", "対象", "対象ID", "内容", "ハッシュ"})
	for off := 0; ; off += 1000 {
		f.Limit, f.Offset = 1000, off
		items, _, err := audit.List(r.Context(), s.DB.R, u.Municipality, f)
		if err != nil || len(items) == 0 {
			break
		}
		for _, e := range items {
			cw.Write([]string{strconv.FormatInt(e.Seq, 10), e.At.In(calendar.JST).Format("2006-01-02 15:04:05"), e.Actor, e.Action, e.Entity, e.EntityID, e.Detail, e.Hash})
		}
	}
	cw.Flush()
}

type usersData struct {
	Users []*auth.User
}

func (s *Server) usersPage(w http.ResponseWriter, r *http.Request) {
	u := userOf(r)
	list, err := s.Auth.ListUsers(r.Context(), u.Municipality)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "users", &Page{Title: "利用者", Nav: "admin", Data: usersData{Users: list}})
}

type userFormData struct {
	Edit        *auth.User
	Roles       []auth.Role
	Units       []staff.Unit
	StaffNumber string
	Form        auth.NewUser
	MinLength   int
}

func (s *Server) userForm(r *http.Request, d *userFormData) {
	u := userOf(r)
	d.Roles = auth.Roles
	d.MinLength = auth.MinPasswordLength
	d.Units, _ = s.Staff.Units(r.Context(), u.Municipality, calendar.CurrentFY(s.Now()))
}

func (s *Server) userNewPage(w http.ResponseWriter, r *http.Request) {
	d := &userFormData{Form: auth.NewUser{Role: auth.Staff}}
	s.userForm(r, d)
	s.render(w, r, http.StatusOK, "user_form", &Page{Title: "利用者の追加", Nav: "admin", Data: d})
}

// readUserForm turns the form into a NewUser, resolving 職員番号 to the staff id.
func (s *Server) readUserForm(r *http.Request) (auth.NewUser, string, error) {
	u := userOf(r)
	n := auth.NewUser{Login: r.PostFormValue("login"), DisplayName: r.PostFormValue("display_name"), Role: auth.Role(r.PostFormValue("role")),
		UnitID: int64Param(r, "unit"), Password: r.PostFormValue("password"), MustChange: true}
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

func (s *Server) userCreate(w http.ResponseWriter, r *http.Request) {
	u := userOf(r)
	n, num, err := s.readUserForm(r)
	if err == nil {
		_, err = s.Auth.CreateUser(r.Context(), u.Municipality, u.Actor(), n)
	}
	if err != nil {
		if statusOf(err) >= 500 {
			s.fail(w, r, err)
			return
		}
		d := &userFormData{Form: n, StaffNumber: num}
		s.userForm(r, d)
		s.render(w, r, statusOf(err), "user_form", &Page{Title: "利用者の追加", Nav: "admin", Error: messageOf(err), Data: d})
		return
	}
	s.redirectFlash(w, r, "/users", fmt.Sprintf("利用者「%s」を追加しました。", n.Login))
}

func (s *Server) loadUser(r *http.Request) (*auth.User, error) {
	u := userOf(r)
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	x, err := s.Auth.UserByID(r.Context(), id)
	if err != nil || x.Municipality != u.Municipality {
		return nil, apperr.NotFoundf("利用者が見つかりません。")
	}
	return x, nil
}

func (s *Server) userEditPage(w http.ResponseWriter, r *http.Request) {
	x, err := s.loadUser(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := &userFormData{Edit: x, Form: auth.NewUser{Login: x.Login, DisplayName: x.DisplayName, Role: x.Role, UnitID: x.UnitID}}
	if x.StaffID != 0 {
		if m, err := s.Staff.ByID(r.Context(), x.Municipality, x.StaffID); err == nil {
			d.StaffNumber = m.Number
		}
	}
	s.userForm(r, d)
	s.render(w, r, http.StatusOK, "user_form", &Page{Title: "利用者の編集", Nav: "admin", Data: d})
}

func (s *Server) userUpdate(w http.ResponseWriter, r *http.Request) {
	u := userOf(r)
	x, err := s.loadUser(r)
	if err != nil {
		s.fail(w, r, err)
		return
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
		if statusOf(err) >= 500 {
			s.fail(w, r, err)
			return
		}
		n.Login = x.Login
		d := &userFormData{Edit: x, Form: n, StaffNumber: num}
		s.userForm(r, d)
		s.render(w, r, statusOf(err), "user_form", &Page{Title: "利用者の編集", Nav: "admin", Error: messageOf(err), Data: d})
		return
	}
	s.redirectFlash(w, r, "/users", fmt.Sprintf("利用者「%s」を更新しました。", x.Login))
}

func (s *Server) userResetPassword(w http.ResponseWriter, r *http.Request) {
	u := userOf(r)
	x, err := s.loadUser(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	pw := auth.RandomPassword()
	if err := s.Auth.SetPassword(r.Context(), u.Municipality, u.Actor(), x.ID, pw, true, ""); err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "password_reset", &Page{Title: "パスワードの再設定", Nav: "admin",
		Data: map[string]string{"Login": x.Login, "Password": pw}})
}

func (s *Server) settingsPage(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "settings", &Page{Title: "自治体の設定", Nav: "admin"})
}

func (s *Server) settingsSave(w http.ResponseWriter, r *http.Request) {
	u := userOf(r)
	if err := s.Staff.RenameMunicipality(r.Context(), u.Actor(), u.Municipality, r.PostFormValue("name"), r.PostFormValue("center_name")); err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirectFlash(w, r, "/settings", "設定を保存しました。")
}
