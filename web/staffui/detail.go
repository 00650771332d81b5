package staffui

import (
	"net/http"
	"time"

	"hagukumi/auth"
	"hagukumi/staff"
	"hagukumi/web"
)

// loadMember reads the staff member named in the path, if the user may see
// them, with their history. The detail page and its API both use it.
func (s *ui) loadMember(r *http.Request) (*staff.Member, staff.History, error) {
	u := web.UserOf(r)
	m, err := s.Staff.ByNumber(r.Context(), u.Municipality, auth.ScopeOf(u), r.PathValue("number"))
	if err != nil {
		return nil, staff.History{}, err
	}
	h, err := s.Staff.HistoryOf(r.Context(), u.Municipality, m.ID)
	return m, h, err
}

type detailData struct {
	M           *staff.Member
	History     staff.History
	ServiceYear int
	YearsInRank int
	HireFY      int
}

// detail shows one staff member with their years of service and history.
func (s *ui) detail(w http.ResponseWriter, r *http.Request) error {
	m, h, err := s.loadMember(r)
	if err != nil {
		return err
	}
	fy := s.fy()
	d := detailData{M: m, History: h, HireFY: staff.HireFY(m.Hire()), ServiceYear: staff.ServiceYear(m.Hire(), fy)}
	if t, err := time.Parse(time.DateOnly, m.RankSince); err == nil {
		d.YearsInRank = staff.YearsInRank(t, fy)
	}
	s.Render(w, r, http.StatusOK, "staff_detail", &web.Page{Title: m.Name(), Nav: "staff", Data: d})
	return nil
}
