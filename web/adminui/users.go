package adminui

import (
	"net/http"

	"hagukumi/auth"
	"hagukumi/web"
)

type usersData struct {
	Users []*auth.User
	// Manage marks the accounts the viewer may edit (auth.CanGrant), so
	// that no link leads to a refusal.
	Manage map[int64]bool
}

// users lists the municipality's accounts.
func (s *ui) users(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	list, err := s.Auth.ListUsers(r.Context(), u.Municipality)
	if err != nil {
		return err
	}
	d := usersData{Users: list, Manage: map[int64]bool{}}
	for _, x := range list {
		d.Manage[x.ID] = auth.CanGrant(u.Role, x.Role)
	}
	s.Render(w, r, http.StatusOK, "users", &web.Page{Title: "利用者", Nav: "admin", Data: d})
	return nil
}
