package training

import (
	"strings"

	"hagukumi/auth"
)

// Approvals follow internal control: nobody decides their own application.
// An application goes to the 所属長 of the applicant's unit, or, when that
// unit has none (or the applicant is its 所属長), to the 所属長 of the unit
// above, and so on up to the department; with nobody left it goes to the
// center, which may decide any application. DeciderFor is that rule as a
// plain function; the store and the approval pages use it.

// Approver is a 所属長 account and the unit it is the 所属長 of.
type Approver struct {
	UserID   int64
	StaffID  int64 // the staff member the account is linked to, 0 for none
	Name     string
	UnitPath string
}

// Decider is who decides one application: the 所属長s of one unit, or the
// center when no unit above the applicant has a 所属長 other than them.
type Decider struct {
	Center    bool
	UnitPath  string
	Approvers []Approver
}

// Label names the decider for the applicant: 「市民文化部 の所属長（山田 太郎）」
// or 「人財育成センター」.
func (d Decider) Label(center string) string {
	if d.Center {
		if center == "" {
			center = "人財育成センター"
		}
		return center
	}
	names := make([]string, 0, len(d.Approvers))
	for _, a := range d.Approvers {
		if a.Name != "" {
			names = append(names, a.Name)
		}
	}
	label := strings.ReplaceAll(d.UnitPath, "/", " ") + " の所属長"
	if len(names) > 0 {
		label += "（" + strings.Join(names, "、") + "）"
	}
	return label
}

// Includes tells whether the account userID is one of the deciders.
func (d Decider) Includes(userID int64) bool {
	for _, a := range d.Approvers {
		if a.UserID == userID {
			return true
		}
	}
	return false
}

// parentPath is the unit above a unit path, "" above a department.
func parentPath(path string) string {
	i := strings.LastIndex(path, "/")
	if i < 0 {
		return ""
	}
	return path[:i]
}

// DeciderFor decides who decides the application of the staff member
// applicantID of the unit unitPath, given the municipality's 所属長
// accounts. When the applicant is a 所属長 themselves, the units they head
// (and those below them) are passed over, so neither they nor a fellow
// 所属長 of their own unit decides: the application goes one level up.
func DeciderFor(applicantID int64, unitPath string, approvers []Approver) Decider {
	// own is the highest unit on the applicant's path they are 所属長 of.
	own := ""
	for _, a := range approvers {
		if applicantID != 0 && a.StaffID == applicantID && auth.InPath(unitPath, a.UnitPath) {
			if own == "" || len(a.UnitPath) < len(own) {
				own = a.UnitPath
			}
		}
	}
	for p := unitPath; p != ""; p = parentPath(p) {
		if own != "" && auth.InPath(p, own) {
			continue
		}
		d := Decider{UnitPath: p}
		for _, a := range approvers {
			if a.UnitPath == p && (applicantID == 0 || a.StaffID != applicantID) {
				d.Approvers = append(d.Approvers, a)
			}
		}
		if len(d.Approvers) > 0 {
			return d
		}
	}
	return Decider{Center: true}
}
