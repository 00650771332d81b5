package accountui

import (
	"net/http"

	"hagukumi/auth"
	"hagukumi/web"
)

// meJSON is the answer of GET /api/v1/me.
type meJSON struct {
	Login          string    `json:"login"`
	DisplayName    string    `json:"display_name"`
	Role           auth.Role `json:"role"`
	RoleLabel      string    `json:"role_label"`
	Unit           string    `json:"unit"`
	MunicipalityID int64     `json:"municipality_id"`
}

// apiMe answers who the caller is.
func (s *ui) apiMe(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	web.JSON(w, http.StatusOK, meJSON{Login: u.Login, DisplayName: u.DisplayName, Role: u.Role,
		RoleLabel: u.Role.Label(), Unit: u.UnitPath, MunicipalityID: u.Municipality})
	return nil
}
