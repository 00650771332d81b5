package auth

// CanGrant tells whether an account of role actor may give an account the
// role target, by creating it, changing it to it, or changing an account
// that holds it. It is the one rule of who hands out which powers, so that
// nobody can make an account stronger than their own.
//
// The センター管理者 runs the center and may grant every role. The
// システム管理者 keeps the accounts and settings but neither runs training
// nor reads confidential return-to-work files, so the center's roles and the
// 復職支援担当 are beyond them; the department and self-service roles, and
// their own, are theirs to grant. Nobody else manages accounts.
func CanGrant(actor, target Role) bool {
	if !target.Valid() {
		return false
	}
	switch actor {
	case CenterAdmin:
		return true
	case SysAdmin:
		switch target {
		case CenterAdmin, CenterStaff, CaseManager:
			return false
		}
		return true
	}
	return false
}

// Grantable lists, in display order, the roles actor may grant.
func Grantable(actor Role) []Role {
	var out []Role
	for _, r := range Roles {
		if CanGrant(actor, r) {
			out = append(out, r)
		}
	}
	return out
}
