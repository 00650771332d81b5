package training_test

import (
	"testing"

	"hagukumi/auth"
	"hagukumi/staff"
	"hagukumi/training"
)

// TestSessionAccess walks each role over one session: a planned session
// of an application or recommendation program, taught by staff 7, its plan
// published or still a draft.
func TestSessionAccess(t *testing.T) {
	unit := staff.Scope{UnitPath: "市民文化部"}
	session := func(status string) *training.Session {
		return &training.Session{Status: status, Days: []training.Day{{Date: "2026-06-10", Start: "09:00", End: "17:00"}},
			Instructors: []training.Instructor{{StaffID: 7, Name: "佐藤 三郎"}}}
	}
	const today = "2026-05-01"
	live := &training.Enrolment{Status: training.EnrolEnrolled}
	cancelled := &training.Enrolment{Status: training.EnrolCancelled}
	all, none := staff.Scope{}, staff.Scope{None: true}

	for _, c := range []struct {
		name   string
		v      training.Viewer
		status string
		f      training.SessionFacts
		want   training.Access
	}{
		{"center admin sees a draft and every roster", training.Viewer{Role: auth.CenterAdmin}, training.SessionPlanned,
			training.SessionFacts{Mode: training.ModeApplication, Today: today},
			training.Access{Visible: true, Center: true, ShowRoster: true, RosterScope: all, CanCancel: true, CanDecide: true}},
		{"center staff may still correct (cancel) once held", training.Viewer{Role: auth.CenterStaff}, training.SessionHeld,
			training.SessionFacts{Published: true, Mode: training.ModeApplication, Today: today},
			training.Access{Visible: true, Center: true, ShowRoster: true, RosterScope: all, CanCancel: true}},
		{"liaison sees their unit and recommends", training.Viewer{Role: auth.Liaison, UnitPath: "市民文化部/市民課", Unit: unit}, training.SessionPlanned,
			training.SessionFacts{Published: true, Mode: training.ModeRecommendation, Today: today},
			training.Access{Visible: true, ShowRoster: true, RosterScope: unit, RosterNote: "市民文化部 市民課の職員のみ表示しています。", CanRecommend: true, CanCancel: true}},
		{"liaison does not see a draft", training.Viewer{Role: auth.Liaison, Unit: unit}, training.SessionPlanned,
			training.SessionFacts{Mode: training.ModeRecommendation, Today: today},
			training.Access{}},
		{"supervisor decides within their unit", training.Viewer{Role: auth.Supervisor, UnitPath: "市民文化部", Unit: unit}, training.SessionPlanned,
			training.SessionFacts{Published: true, Mode: training.ModeRecommendation, Today: today},
			training.Access{Visible: true, ShowRoster: true, RosterScope: unit, RosterNote: "市民文化部の職員のみ表示しています。", CanCancel: true, CanDecide: true}},
		{"staff applies to an open session", training.Viewer{Role: auth.Staff, StaffID: 3}, training.SessionPlanned,
			training.SessionFacts{Published: true, Mode: training.ModeApplication, Today: today},
			training.Access{Visible: true, RosterScope: staff.Scope{StaffID: 3}, CanApply: true}},
		{"staff may apply again after cancelling", training.Viewer{Role: auth.Staff, StaffID: 3}, training.SessionPlanned,
			training.SessionFacts{Published: true, Mode: training.ModeApplication, Mine: cancelled, Today: today},
			training.Access{Visible: true, RosterScope: staff.Scope{StaffID: 3}, CanApply: true}},
		{"staff already enrolled does not apply", training.Viewer{Role: auth.Staff, StaffID: 3}, training.SessionPlanned,
			training.SessionFacts{Published: true, Mode: training.ModeApplication, Mine: live, Today: today},
			training.Access{Visible: true, RosterScope: staff.Scope{StaffID: 3}, CanCancelOwn: true}},
		{"staff may not apply on the first day", training.Viewer{Role: auth.Staff, StaffID: 3}, training.SessionPlanned,
			training.SessionFacts{Published: true, Mode: training.ModeApplication, Today: "2026-06-10"},
			training.Access{Visible: true, RosterScope: staff.Scope{StaffID: 3}}},
		{"staff sees a draft session they are enrolled in", training.Viewer{Role: auth.Staff, StaffID: 3}, training.SessionPlanned,
			training.SessionFacts{Mode: training.ModeNomination, Mine: live, Today: today},
			training.Access{Visible: true, RosterScope: staff.Scope{StaffID: 3}, CanCancelOwn: true}},
		{"staff does not see a draft", training.Viewer{Role: auth.Staff, StaffID: 3}, training.SessionPlanned,
			training.SessionFacts{Mode: training.ModeApplication, Today: today},
			training.Access{}},
		{"instructor sees the roster of what they teach, even in a draft", training.Viewer{Role: auth.Instructor, StaffID: 7}, training.SessionPlanned,
			training.SessionFacts{Mode: training.ModeNomination, Today: today},
			training.Access{Visible: true, Teaching: true, ShowRoster: true, RosterScope: all, RosterNote: "担当する開催回の受講者です。"}},
		{"instructor of another session sees no roster", training.Viewer{Role: auth.Instructor, StaffID: 8}, training.SessionPlanned,
			training.SessionFacts{Published: true, Mode: training.ModeNomination, Today: today},
			training.Access{Visible: true, RosterScope: staff.Scope{StaffID: 8}}},
		{"unlinked account sees nobody's enrolment", training.Viewer{Role: auth.CaseManager}, training.SessionPlanned,
			training.SessionFacts{Published: true, Mode: training.ModeApplication, Today: today},
			training.Access{Visible: true, RosterScope: none}},
		{"system administrator is not the center", training.Viewer{Role: auth.SysAdmin}, training.SessionPlanned,
			training.SessionFacts{Mode: training.ModeApplication, Today: today},
			training.Access{}},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := training.SessionAccess(c.v, session(c.status), c.f); got != c.want {
				t.Errorf("SessionAccess\n got %+v\nwant %+v", got, c.want)
			}
		})
	}
}

// TestCancelScope: the center cancels anyone's enrolment, a liaison or
// 所属長 their unit's, anyone else their own, an unlinked account nobody's.
func TestCancelScope(t *testing.T) {
	unit := staff.Scope{UnitPath: "市民文化部"}
	for _, c := range []struct {
		v    training.Viewer
		want staff.Scope
	}{
		{training.Viewer{Role: auth.CenterAdmin}, staff.Scope{}},
		{training.Viewer{Role: auth.CenterStaff, StaffID: 1}, staff.Scope{}},
		{training.Viewer{Role: auth.Liaison, Unit: unit}, unit},
		{training.Viewer{Role: auth.Supervisor, StaffID: 2, Unit: unit}, unit},
		{training.Viewer{Role: auth.Staff, StaffID: 3}, staff.Scope{StaffID: 3}},
		{training.Viewer{Role: auth.Instructor, StaffID: 7}, staff.Scope{StaffID: 7}},
		{training.Viewer{Role: auth.CaseManager}, staff.Scope{None: true}},
		{training.Viewer{Role: auth.SysAdmin}, staff.Scope{None: true}},
	} {
		if got := training.CancelScope(c.v); got != c.want {
			t.Errorf("CancelScope(%s) = %+v, want %+v", c.v.Role, got, c.want)
		}
	}
}
