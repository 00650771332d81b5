package adminui

import (
	"net/http"

	"hagukumi/web"
)

// tokens lists every API token of the municipality, so that the admins
// can see who holds a key to the API and end one that should not live.
func (s *ui) tokens(w http.ResponseWriter, r *http.Request) error {
	list, err := s.Auth.Tokens(r.Context(), web.UserOf(r).Municipality, 0)
	if err != nil {
		return err
	}
	s.Render(w, r, http.StatusOK, "admin_tokens", &web.Page{Title: "APIトークン（全利用者）", Nav: "admin", Data: list})
	return nil
}

// revokeToken ends any token of the municipality; auth.RevokeToken checks
// that the admin may, and that the token is in their municipality.
func (s *ui) revokeToken(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	if err := s.Auth.RevokeToken(r.Context(), web.UserOf(r), id); err != nil {
		return err
	}
	s.RedirectFlash(w, r, "/tokens", "APIトークンを失効させました。")
	return nil
}
