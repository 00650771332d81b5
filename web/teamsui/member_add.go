package teamsui

import (
	"fmt"
	"net/http"
	"strings"

	"hagukumi/web"
)

// memberAdd adds a staff member to a cohort by staff number.
func (s *ui) memberAdd(w http.ResponseWriter, r *http.Request) error {
	c, _, err := s.cohortOf(r)
	if err != nil {
		return err
	}
	u := web.UserOf(r)
	number := strings.TrimSpace(r.PostFormValue("number"))
	if err := s.teams.AddMember(r.Context(), u.Actor(), u.Municipality, c.ID, number, r.PostFormValue("role")); web.IsValidation(err) {
		return s.renderCohort(w, r, web.Status(err), err)
	} else if err != nil {
		return err
	}
	s.RedirectFlash(w, r, fmt.Sprintf("/cohorts/%d#members", c.ID), "メンバーを追加しました。")
	return nil
}
