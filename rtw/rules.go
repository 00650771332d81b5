package rtw

import (
	"time"

	"hagukumi/apperr"
	"hagukumi/auth"
)

// CanRead tells whether a user may see a case: only a case manager who is
// assigned to it now. Center and system administrators are not among them
// on purpose (need-to-know, DOMAIN.md §4).
func CanRead(role auth.Role, userID int64, assigned []int64) bool {
	if role != auth.CaseManager {
		return false
	}
	for _, id := range assigned {
		if id == userID {
			return true
		}
	}
	return false
}

// CanAssign tells whether a user may open cases and assign managers: the
// center admin only.
func CanAssign(role auth.Role) bool { return role == auth.CenterAdmin }

// Candidate is an account proposed as a case manager, with the staff
// member it is linked to and the units where that staff member is 所属長.
type Candidate struct {
	Login           string
	Role            auth.Role
	StaffID         int64
	SupervisorPaths []string
}

// CheckManager refuses a manager who is not a case manager, who is the
// person themselves, or who is the person's 所属長 (their unit lies in a
// unit the candidate heads).
func CheckManager(c Candidate, personStaffID int64, personUnitPath string) error {
	switch {
	case c.Role != auth.CaseManager:
		return apperr.Invalidf("%s は復職支援担当のアカウントではありません。", c.Login)
	case c.StaffID != 0 && c.StaffID == personStaffID:
		return apperr.Invalidf("本人（%s）を担当にすることはできません。", c.Login)
	}
	for _, p := range c.SupervisorPaths {
		if personUnitPath != "" && auth.InPath(personUnitPath, p) {
			return apperr.Invalidf("%s は本人の所属長のため担当にできません。", c.Login)
		}
	}
	return nil
}

// notFound is what every refusal of a case answers, so that a case's
// existence does not leak to those who may not see it.
func notFound() error { return apperr.NotFoundf("復職支援の記録が見つかりません。") }

// Parties a disclosure may go to, with consent.
var Parties = map[string]string{"doctor": "主治医", "oh_doctor": "産業医", "supervisor": "所属長", "family": "家族"}

// PartyLabel is the consent's party in Japanese.
func (c Consent) PartyLabel() string { return Parties[c.Party] }

// Consent is one recorded consent or refusal for a party.
type Consent struct {
	ID        int64      `json:"id"`
	Party     string     `json:"party"`
	Given     bool       `json:"given"`
	What      string     `json:"what"`
	At        time.Time  `json:"at"`
	Withdrawn *time.Time `json:"withdrawn,omitempty"`
}

// ConsentInForce finds the consent a disclosure to party rests on: the
// latest record for that party, if it was given and not withdrawn. A
// later refusal overrides an earlier consent.
func ConsentInForce(cs []Consent, party string) (int64, bool) {
	var last *Consent
	for i := range cs {
		if cs[i].Party == party && (last == nil || !cs[i].At.Before(last.At)) {
			last = &cs[i]
		}
	}
	if last == nil || !last.Given || last.Withdrawn != nil {
		return 0, false
	}
	return last.ID, true
}

// FollowUpMonths are the follow-up meetings after return (⑤).
var FollowUpMonths = []int{1, 3, 6, 12}

// FollowUps gives the due dates of the follow-ups after a return date.
func FollowUps(returned time.Time) []time.Time {
	out := make([]time.Time, len(FollowUpMonths))
	for i, m := range FollowUpMonths {
		out[i] = returned.AddDate(0, m, 0)
	}
	return out
}

// DefaultRetentionYears is how long content is kept after closing.
const DefaultRetentionYears = 5
