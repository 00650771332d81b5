package staffui

import (
	"net/http"

	"hagukumi/web"
)

// apiUnits answers the units the user may see: every unit ever, or with
// ?fy= those valid in that 年度.
func (s *ui) apiUnits(w http.ResponseWriter, r *http.Request) error {
	fy := 0
	if r.FormValue("fy") != "" {
		var err error
		if fy, err = web.FY(r, s.Now()); err != nil {
			return err
		}
	}
	units, err := s.visibleUnits(r, fy)
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusOK, units)
	return nil
}
