package auth

import (
	"fmt"
	"strings"
)

// Scope is which staff records a user may see: the whole municipality (the
// zero Scope), one unit and everything below it (UnitPath), one person
// (StaffID), both limits at once, or nothing at all (None). It is the one
// place where this rule lives: SQL gives it to queries and Includes and
// Covers give it to Go code, and the two agree.
type Scope struct {
	UnitPath string
	StaffID  int64
	None     bool // sees no staff at all
}

// ScopeOf is what part of the staff registry a user may read: the center
// and the system administrators everything, a liaison or 所属長 their unit
// and below, staff and instructors their own record, anyone else (or an
// account missing the unit or staff link its role needs) nothing.
func ScopeOf(u *User) Scope {
	switch u.Role {
	case CenterAdmin, CenterStaff, SysAdmin:
		return Scope{}
	case Liaison, Supervisor:
		if u.UnitPath == "" {
			return Scope{None: true}
		}
		return Scope{UnitPath: u.UnitPath}
	case Staff, Instructor:
		return OwnScope(u)
	}
	return Scope{None: true}
}

// OwnScope is the user's own staff record only, or nothing for an account
// that is not linked to a staff member.
func OwnScope(u *User) Scope {
	if u.StaffID == 0 {
		return Scope{None: true}
	}
	return Scope{StaffID: u.StaffID}
}

// InPath tells whether a unit path is the unit root or lies below it.
// Paths are compared exactly, byte for byte, so a unit named "総_部" or "%"
// covers nothing but itself and its own sub-units.
func InPath(path, root string) bool {
	return path == root || strings.HasPrefix(path, root+"/")
}

// Covers tells whether the scope sees every staff member of the unit with
// this path. A scope limited to one person covers no unit.
func (sc Scope) Covers(unitPath string) bool {
	if sc.None || sc.StaffID != 0 {
		return false
	}
	return sc.UnitPath == "" || InPath(unitPath, sc.UnitPath)
}

// Includes tells whether the scope sees one staff member, given their id
// and their unit's path.
func (sc Scope) Includes(staffID int64, unitPath string) bool {
	if sc.None {
		return false
	}
	if sc.StaffID != 0 && sc.StaffID != staffID {
		return false
	}
	return sc.UnitPath == "" || InPath(unitPath, sc.UnitPath)
}

// InPathSQL is the SQL condition "path expression a is the unit root
// expression b or lies below it". It compares a prefix with substr and =,
// never LIKE, so that "_", "%" and "\" in unit names are plain characters;
// = is case-exact on both engines (SQLite's default BINARY collation and
// PostgreSQL's deterministic collations), and substr and length count
// characters on both. A NULL path (a person without a unit) matches nothing.
func InPathSQL(a, b string) string {
	return "(" + a + " = " + b + " OR substr(" + a + ", 1, length(" + b + ") + 1) = " + b + " || '/')"
}

// SQL is the scope's condition for a staff id column and the unit path
// column of that person's unit, with its placeholders numbered from $n,
// and the arguments for them. The whole municipality is "1 = 1".
func (sc Scope) SQL(staffCol, pathCol string, n int) (string, []any) {
	if sc.None {
		return "1 = 0", nil
	}
	var conds []string
	var args []any
	if sc.UnitPath != "" {
		args = append(args, sc.UnitPath)
		conds = append(conds, InPathSQL(pathCol, fmt.Sprintf("$%d", n)))
	}
	if sc.StaffID != 0 {
		args = append(args, sc.StaffID)
		conds = append(conds, fmt.Sprintf("%s = $%d", staffCol, n+len(args)-1))
	}
	if len(conds) == 0 {
		return "1 = 1", nil
	}
	return strings.Join(conds, " AND "), args
}

// And appends the scope's arguments to args and returns " AND " and its
// condition, or "" for the whole municipality, for queries that build
// their WHERE clause and argument list as they go.
func (sc Scope) And(staffCol, pathCol string, args *[]any) string {
	if !sc.None && sc.UnitPath == "" && sc.StaffID == 0 {
		return ""
	}
	cond, a := sc.SQL(staffCol, pathCol, len(*args)+1)
	*args = append(*args, a...)
	return " AND " + cond
}
