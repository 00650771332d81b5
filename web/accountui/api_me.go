package accountui

import (
	"net/http"

	"hagukumi/web"
)

// apiMe answers who the caller is.
func (s *ui) apiMe(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	web.JSON(w, http.StatusOK, map[string]any{"login": u.Login, "display_name": u.DisplayName, "role": u.Role,
		"role_label": u.Role.Label(), "unit": u.UnitPath, "municipality_id": u.Municipality})
	return nil
}
