package ojt

import "hagukumi/auth"

// Who may do what with a plan. The center sees and signs every plan; the
// trainee writes their reflections, the trainer comments and rates the
// check items, the 所属長 (a supervisor whose unit holds the trainee)
// signs the reviews, and a liaison reads the plans of their department.

// MayView tells whether u may open the plan.
func MayView(u *auth.User, p *Plan) bool {
	if isCenter(u) {
		return true
	}
	if u.StaffID != 0 && (u.StaffID == p.traineeID || u.StaffID == p.trainerID) {
		return true
	}
	return (u.Role == auth.Liaison || u.Role == auth.Supervisor) && auth.ScopeOf(u).Includes(p.traineeID, p.Unit)
}

// MayReflect: only the trainee writes the monthly reflection.
func MayReflect(u *auth.User, p *Plan) bool { return u.StaffID != 0 && u.StaffID == p.traineeID }

// MayComment: the trainer comments, marks goals done and rates the items.
func MayComment(u *auth.User, p *Plan) bool {
	return p.trainerID != 0 && u.StaffID == p.trainerID
}

// MaySign: the trainee's 所属長, or the center.
func MaySign(u *auth.User, p *Plan) bool {
	return isCenter(u) || (u.Role == auth.Supervisor && auth.ScopeOf(u).Includes(p.traineeID, p.Unit))
}

func isCenter(u *auth.User) bool { return u.Role == auth.CenterAdmin || u.Role == auth.CenterStaff }
