package adminui

import (
	"net/http"

	"hagukumi/auth"
	"hagukumi/web"
)

type usersData struct {
	Users []*auth.User
}

// users lists the municipality's accounts.
func (s *ui) users(w http.ResponseWriter, r *http.Request) error {
	list, err := s.Auth.ListUsers(r.Context(), web.UserOf(r).Municipality)
	if err != nil {
		return err
	}
	s.Render(w, r, http.StatusOK, "users", &web.Page{Title: "利用者", Nav: "admin", Data: usersData{Users: list}})
	return nil
}
