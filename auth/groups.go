package auth

// Role groups the route table uses. A group names who may do a kind of
// thing; a route lists one group, so widening a permission is one edit here.
var (
	// Everyone: every signed-in role.
	Everyone = Roles
	// Center: the center's own people, who run training.
	Center = []Role{CenterAdmin, CenterStaff}
	// Admins: who manage accounts, imports and settings.
	Admins = []Role{CenterAdmin, SysAdmin}
	// StaffReaders: who read the staff registry (within their scope).
	StaffReaders = []Role{CenterAdmin, CenterStaff, Liaison, Supervisor, SysAdmin}
	// StaffSelf: StaffReaders plus staff reading their own record.
	StaffSelf = []Role{CenterAdmin, CenterStaff, Liaison, Supervisor, SysAdmin, Staff, Instructor}
	// Exporters: who may export the registry.
	Exporters = []Role{CenterAdmin, CenterStaff, Liaison, SysAdmin}
	// RosterReaders: who read eligibility rosters and plans' exports.
	RosterReaders = []Role{CenterAdmin, CenterStaff, Liaison}
	// Trainees: everyone who takes part in training, in some capacity.
	Trainees = []Role{CenterAdmin, CenterStaff, Liaison, Supervisor, Staff, Instructor}
	// Liaisons and Supervisors: a department's two roles.
	Liaisons    = []Role{Liaison}
	Supervisors = []Role{Supervisor}
	// Approvers: who decide applications — the 所属長 the decider rule
	// (training.DeciderFor) names, and the center, which may decide any
	// application and is the decider where no 所属長 is left.
	Approvers = []Role{CenterAdmin, CenterStaff, Supervisor}
	// Teachers: who mark attendance (the center and instructors).
	Teachers = []Role{CenterAdmin, CenterStaff, Instructor}
	// AttendanceReaders: who read a session's attendance.
	AttendanceReaders = []Role{CenterAdmin, CenterStaff, Liaison, Instructor}
	// ReportReaders: who read trainees' reports.
	ReportReaders = []Role{CenterAdmin, CenterStaff, Liaison, Supervisor}
)
