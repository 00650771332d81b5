package web

import (
	"hagukumi/auth"
	"hagukumi/staff"
)

// ScopeOf is what part of the staff registry a user may read.
func ScopeOf(u *auth.User) staff.Scope {
	switch u.Role {
	case auth.CenterAdmin, auth.CenterStaff, auth.SysAdmin:
		return staff.Scope{}
	case auth.Liaison, auth.Supervisor:
		if u.UnitPath == "" {
			return staff.Scope{None: true}
		}
		return staff.Scope{UnitPath: u.UnitPath}
	case auth.Staff, auth.Instructor:
		if u.StaffID == 0 {
			return staff.Scope{None: true}
		}
		return staff.Scope{StaffID: u.StaffID}
	}
	return staff.Scope{None: true}
}
