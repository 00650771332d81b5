package planui

import (
	"fmt"
	"net/http"
	"strings"

	"hagukumi/notify"
	"hagukumi/web"
)

// sessionPage shows one session, or with .ics after its number gives it
// as an iCalendar file.
func (s *ui) sessionPage(w http.ResponseWriter, r *http.Request) error {
	base, ics := strings.CutSuffix(r.PathValue("id"), ".ics")
	r.SetPathValue("id", base)
	v, err := s.loadSession(r)
	if err != nil {
		return err
	}
	if ics {
		cal, err := s.Train.SessionCalendar(r.Context(), web.UserOf(r).Municipality, v.S)
		if err != nil {
			return err
		}
		w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
		w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="session-%d.ics"`, v.S.ID))
		w.Header().Set("Cache-Control", "no-store")
		notify.WriteICS(w, cal)
		return nil
	}
	s.Render(w, r, http.StatusOK, "session", &web.Page{Title: v.S.Label(), Nav: "plan", FY: v.S.FY, Data: v})
	return nil
}
