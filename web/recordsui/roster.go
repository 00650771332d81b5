package recordsui

import (
	"net/http"

	"hagukumi/auth"
	"hagukumi/training"
	"hagukumi/web"
)

// roster is one session's attendance as the viewer may see it. The page
// and GET /api/v1/sessions/{id}/attendance both load it here.
type roster struct {
	A    *access
	Rows []training.AttendanceRow
}

func (s *ui) roster(r *http.Request, a *access) (*roster, error) {
	rows, err := s.Train.Attendance(r.Context(), web.UserOf(r).Municipality, a.X.ID, a.Scope)
	if err != nil {
		return nil, err
	}
	if rows == nil {
		rows = []training.AttendanceRow{} // the API answers [], not null
	}
	return &roster{A: a, Rows: rows}, nil
}

// attendanceData is the roster page: the roster with its counts, the
// completion rule, those carried over from earlier sessions and the QR link.
type attendanceData struct {
	*roster
	Reasons    []string
	Rule       string
	Carry      []training.NotAttendedEntry
	ShowCarry  bool
	CheckinURL string
	Counts     map[string]int
	// CorrectionReason is the reason typed for a correction, shown again
	// when the form is refused.
	CorrectionReason string
}

func (s *ui) attendanceData(r *http.Request, a *access) (*attendanceData, error) {
	u := web.UserOf(r)
	ctx := r.Context()
	ro, err := s.roster(r, a)
	if err != nil {
		return nil, err
	}
	d := &attendanceData{roster: ro, Reasons: training.AbsenceReasons, Counts: map[string]int{}}
	for _, row := range d.Rows {
		d.Counts[row.Status]++
	}
	p, err := s.Train.ProgramByID(ctx, u.Municipality, a.X.ProgramID)
	if err != nil {
		return nil, err
	}
	d.Rule = training.CompletionRuleOf(p).Sentence()
	// Those who missed the program's earlier sessions this year are carried
	// to this one; the center and liaisons act on that list.
	if isCenter(u) || u.Role == auth.Liaison {
		d.ShowCarry = true
		if d.Carry, err = s.Train.NotAttended(ctx, u.Municipality, p, a.X.FY, a.X.First(), a.Scope); err != nil {
			return nil, err
		}
	}
	if a.Edit {
		if d.CheckinURL, err = s.checkinURL(r, a.X.ID); err != nil {
			return nil, err
		}
	}
	return d, nil
}

// renderAttendance shows the roster page; the form handler shows it again
// with an error.
func (s *ui) renderAttendance(w http.ResponseWriter, r *http.Request, status int, errMsg string, d *attendanceData) {
	s.Render(w, r, status, "attendance", &web.Page{Title: "出欠 " + d.A.X.Label(), Nav: "training", FY: d.A.X.FY, Error: errMsg, Data: d})
}
