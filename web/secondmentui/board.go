package secondmentui

import (
	"net/http"

	"hagukumi/auth"
	"hagukumi/calendar"
	"hagukumi/secondment"
	"hagukumi/web"
)

// board shows the placements running now, those with a report overdue and
// those returning this fiscal year, within the user's scope.
func (s *ui) board(w http.ResponseWriter, r *http.Request) error {
	return s.renderBoard(w, r, http.StatusOK, "")
}

type boardData struct {
	secondment.Board
	Kinds []string
}

// renderBoard shows the board, with the message of a refused form.
func (s *ui) renderBoard(w http.ResponseWriter, r *http.Request, status int, errMsg string) error {
	u := web.UserOf(r)
	today := calendar.Today(s.Now())
	fy := calendar.FiscalYear(today)
	// From the start of last year, so that a final report still owed
	// after a return in March stays on the board.
	ps, err := s.st.List(r.Context(), u.Municipality, auth.ScopeOf(u), calendar.FiscalYearStart(fy-1), calendar.FiscalYearEnd(fy))
	if err != nil {
		return err
	}
	s.Render(w, r, status, "secondments", &web.Page{Title: "派遣", Nav: "secondments", FY: fy, Error: errMsg, Data: boardData{secondment.BoardOf(ps, today), secondment.Kinds}})
	return nil
}

// apiActive answers the placements running on ?active_on= (today when empty).
func (s *ui) apiActive(w http.ResponseWriter, r *http.Request) error {
	on := calendar.Today(s.Now())
	if v := r.FormValue("active_on"); v != "" {
		d, err := calendar.ParseDate(v)
		if err != nil {
			return apperrDate()
		}
		on = d
	}
	u := web.UserOf(r)
	ps, err := s.st.List(r.Context(), u.Municipality, auth.ScopeOf(u), on, on)
	if err != nil {
		return err
	}
	web.JSON(w, http.StatusOK, map[string]any{"active_on": on.Format("2006-01-02"), "items": ps})
	return nil
}
