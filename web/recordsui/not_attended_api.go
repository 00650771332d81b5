package recordsui

import (
	"net/http"

	"hagukumi/auth"
	"hagukumi/web"
)

// apiNotAttended answers who in the user's scope has not yet attended a
// program in a 年度.
func (s *ui) apiNotAttended(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	fy, err := web.FY(r, s.Now())
	if err != nil {
		return err
	}
	p, err := s.Train.ProgramByCode(r.Context(), u.Municipality, r.PathValue("code"))
	if err != nil {
		return err
	}
	list, err := s.Train.NotAttended(r.Context(), u.Municipality, p, fy, "", auth.ScopeOf(u))
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusOK, list)
	return nil
}
