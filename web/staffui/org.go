package staffui

import (
	"net/http"

	"hagukumi/staff"
	"hagukumi/web"
)

type orgData struct {
	Units   []staff.Unit // valid in FY
	History []staff.Unit // abolished or not yet in force
	FY      int
}

// org shows the organisation of a 年度 (?fy=, this one by default) and the
// units that are not valid in it.
func (s *ui) org(w http.ResponseWriter, r *http.Request) error {
	fy, err := web.FY(r, s.Now())
	if err != nil {
		return err
	}
	all, err := s.visibleUnits(r, 0)
	if err != nil {
		return err
	}
	d := orgData{FY: fy}
	for _, x := range all {
		if x.ValidIn(fy) {
			d.Units = append(d.Units, x)
		} else {
			d.History = append(d.History, x)
		}
	}
	s.Render(w, r, http.StatusOK, "org", &web.Page{Title: "組織", Nav: "org", Data: d, FY: fy})
	return nil
}
