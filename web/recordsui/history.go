package recordsui

import (
	"net/http"
	"time"

	"hagukumi/auth"
	"hagukumi/calendar"
	"hagukumi/staff"
	"hagukumi/training"
	"hagukumi/web"
)

// history is one person's training history. The staff page and
// GET /api/v1/staff/{number}/history both load it with numberedHistory.
type history struct {
	M *staff.Member
	H *training.StaffHistory
}

// numberedHistory loads the history of the 職員番号 in the URL, within the
// user's scope (404 outside it).
func (s *ui) numberedHistory(r *http.Request) (*history, error) {
	u := web.UserOf(r)
	m, err := s.Staff.ByNumber(r.Context(), u.Municipality, auth.ScopeOf(u), r.PathValue("number"))
	if err != nil {
		return nil, err
	}
	return s.historyOf(r, m)
}

func (s *ui) historyOf(r *http.Request, m *staff.Member) (*history, error) {
	h, err := s.Train.TrainingHistory(r.Context(), web.UserOf(r).Municipality, m.ID)
	if err != nil {
		return nil, err
	}
	return &history{M: m, H: h}, nil
}

type historyData struct {
	*history
	Today       string
	Self        bool
	CanExternal bool
	CertLinks   bool
	// SurveyOpen holds the sessions whose survey page would answer the
	// person (training.MySession.SurveyOpen), so that the history never
	// links to a survey that does not exist or is not open yet.
	SurveyOpen map[int64]bool
}

// renderHistory shows a history page, the person's own or another's.
func (s *ui) renderHistory(w http.ResponseWriter, r *http.Request, h *history) error {
	u := web.UserOf(r)
	self := u.StaffID == h.M.ID
	d := historyData{history: h, Today: calendar.Today(s.Now()).Format(time.DateOnly), Self: self,
		CanExternal: isCenter(u), CertLinks: maySeeCertificate(u, h.M), SurveyOpen: map[int64]bool{}}
	if self {
		mine, err := s.Train.MySessions(r.Context(), u.Municipality, h.M.ID)
		if err != nil {
			return err
		}
		for i := range mine {
			d.SurveyOpen[mine[i].SessionID] = mine[i].SurveyOpen(d.Today)
		}
	}
	title := h.M.Name() + " の受講履歴"
	if self {
		title = "わたしの受講履歴"
	}
	s.Render(w, r, http.StatusOK, "history", &web.Page{Title: title, Nav: "history", Data: d})
	return nil
}

// maySeeCertificate tells whether u may print m's certificates: the person,
// the center and the person's liaison.
func maySeeCertificate(u *auth.User, m *staff.Member) bool {
	return isCenter(u) || (u.StaffID != 0 && u.StaffID == m.ID) || (u.Role == auth.Liaison && auth.ScopeOf(u).Covers(m.Unit))
}
