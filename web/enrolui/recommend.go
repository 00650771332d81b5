package enrolui

import (
	"fmt"
	"net/http"

	"hagukumi/auth"
	"hagukumi/web"
)

// recommend enrols staff of the liaison's unit, within the unit's quota.
func (s *ui) recommend(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	res, err := s.Train.Recommend(r.Context(), u.Actor(), u.Municipality, auth.ScopeOf(u), u.UnitID, id, []string{r.PostFormValue("numbers")})
	if err != nil {
		return err
	}
	s.RedirectFlash(w, r, web.LocalPath(r.PostFormValue("back"), fmt.Sprintf("/sessions/%d", id)), "推薦しました。"+resultMessage(res))
	return nil
}
