package teamsui

import (
	"net/http"
	"strconv"

	"hagukumi/apperr"
	"hagukumi/web"
)

// file sends a meeting's material to the center and the cohort's members.
func (s *ui) file(w http.ResponseWriter, r *http.Request) error {
	id, err := web.ID(r, "id")
	if err != nil {
		return err
	}
	u := web.UserOf(r)
	fi, cohortID, data, err := s.teams.File(r.Context(), u.Municipality, id)
	if err != nil {
		return err
	}
	r.SetPathValue("id", strconv.FormatInt(cohortID, 10))
	if _, drafts, err := s.cohortOf(r); err != nil {
		return err
	} else if !drafts {
		return apperr.NotFoundf("ファイルが見つかりません。")
	}
	w.Header().Set("Content-Type", fi.ContentType)
	w.Header().Set("Content-Disposition", web.ContentDisposition(fi.Name))
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Write(data)
	return nil
}
