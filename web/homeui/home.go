package homeui

import (
	"net/http"

	"hagukumi/auth"
	"hagukumi/staff"
	"hagukumi/web"
)

func (s *ui) routes() {
	s.Handle(web.Route{Pattern: "GET /{$}", Roles: auth.Everyone, Menu: "ホーム", Order: 10, Nav: "home"}, s.home)
}

type homeData struct {
	Counts staff.Counts
	Me     *staff.Member
}

func (s *ui) home(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	var d homeData
	var err error
	sc := auth.ScopeOf(u)
	if !sc.None {
		d.Counts, err = s.Staff.CountStaff(r.Context(), u.Municipality, sc)
		if err != nil {
			return err
		}
	}
	if u.StaffID != 0 {
		d.Me, _ = s.Staff.ByID(r.Context(), u.Municipality, u.StaffID)
	}
	s.Render(w, r, http.StatusOK, "home", &web.Page{Title: "ホーム", Nav: "home", Data: d})
	return nil
}
