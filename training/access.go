package training

import (
	"slices"
	"strings"

	"hagukumi/auth"
	"hagukumi/staff"
)

// Viewer is who looks at a session, as plain values: the role, the staff
// member the account is linked to (0 for none), the unit it is scoped to,
// and the part of the staff registry that role and unit may read.
type Viewer struct {
	Role     auth.Role
	StaffID  int64
	UnitPath string
	Unit     staff.Scope
}

// ViewerOf describes a signed-in user, with the user's scope in the staff
// registry from the one scope rule.
func ViewerOf(u *auth.User) Viewer {
	return Viewer{Role: u.Role, StaffID: u.StaffID, UnitPath: u.UnitPath, Unit: auth.ScopeOf(u)}
}

// Center tells whether the viewer belongs to the center, which runs training.
func (v Viewer) Center() bool { return slices.Contains(auth.Center, v.Role) }

// own is the viewer's own enrolments only, or none for an account that is
// not linked to a staff member.
func (v Viewer) own() staff.Scope {
	if v.StaffID == 0 {
		return staff.Scope{None: true}
	}
	return staff.Scope{StaffID: v.StaffID}
}

// teaches tells whether the viewer is one of the session's instructors.
func (v Viewer) teaches(s *Session) bool {
	if v.StaffID == 0 {
		return false
	}
	for _, in := range s.Instructors {
		if in.StaffID == v.StaffID {
			return true
		}
	}
	return false
}

// SessionFacts are what SessionAccess needs to know besides the session.
type SessionFacts struct {
	Published bool       // the plan of the session's 年度 is published
	Mode      string     // its program's mode (ModeNomination …)
	Mine      *Enrolment // the viewer's own enrolment in it, nil if none
	Today     string     // today in JST, YYYY-MM-DD
}

// Access is what a viewer may see of one session and do on it.
type Access struct {
	// Visible is false when the session does not exist for the viewer.
	Visible  bool
	Center   bool
	Teaching bool // the viewer is one of its instructors
	// ShowRoster tells whether the viewer sees the session's roster:
	// RosterScope is whose enrolments it lists, RosterNote says so to the
	// viewer. Without a roster the viewer sees only their own enrolment.
	ShowRoster  bool
	RosterScope staff.Scope
	RosterNote  string

	CanApply     bool // apply for the session themselves
	CanRecommend bool // recommend staff of their unit for it
	CanCancel    bool // cancel the enrolments listed in the roster
	CanCancelOwn bool // cancel their own enrolment (see MayCancel)
	CanDecide    bool // approve or decline the applications in the roster
}

// SessionAccess decides what a viewer may see of a session and do on it.
// Outside the center a session exists only in a published plan, or for
// the people enrolled in it and the staff who teach it. The center sees
// every roster; an instructor the roster of what they teach; a liaison or
// 所属長 the enrolments of their unit, which they may also cancel (and a
// 所属長 decide on).
func SessionAccess(v Viewer, s *Session, f SessionFacts) Access {
	a := Access{Center: v.Center(), Teaching: v.teaches(s)}
	a.Visible = a.Center || f.Published || f.Mine != nil || a.Teaching
	if !a.Visible {
		return a
	}
	planned := s.Status == SessionPlanned
	cancel := MayCancel(a.Center, s, f.Today) == nil
	a.RosterScope = v.own()
	switch {
	case a.Center:
		a.ShowRoster, a.RosterScope, a.CanCancel = true, staff.Scope{}, cancel
		// The center may decide any application (DeciderFor).
		a.CanDecide = planned
	case v.Role == auth.Instructor && a.Teaching:
		a.ShowRoster, a.RosterScope = true, staff.Scope{}
		a.RosterNote = "担当する開催回の受講者です。"
	case v.Role == auth.Liaison || v.Role == auth.Supervisor:
		a.ShowRoster, a.RosterScope = true, v.Unit
		a.RosterNote = strings.ReplaceAll(v.UnitPath, "/", " ") + "の職員のみ表示しています。"
		a.CanCancel = cancel
		a.CanDecide = v.Role == auth.Supervisor
	}
	// Applications close the day before the first day; one live enrolment
	// in the session is enough.
	a.CanApply = f.Published && planned && s.First() > f.Today && v.StaffID != 0 &&
		f.Mode == ModeApplication && (f.Mine == nil || !f.Mine.Live())
	a.CanCancelOwn = cancel && f.Mine != nil && f.Mine.Live()
	a.CanRecommend = v.Role == auth.Liaison && f.Mode == ModeRecommendation && f.Published && planned
	return a
}

// CancelScope is whose enrolments a viewer may cancel: the center
// anyone's, a liaison or 所属長 their unit's, everyone else their own.
func CancelScope(v Viewer) staff.Scope {
	switch {
	case v.Center():
		return staff.Scope{}
	case v.Role == auth.Liaison || v.Role == auth.Supervisor:
		return v.Unit
	}
	return v.own()
}
