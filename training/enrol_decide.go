package training

import (
	"fmt"

	"hagukumi/apperr"
	"hagukumi/staff"
)

// The enrolment decision is one pure function over plain facts, so 指名,
// 申込, 推薦 and 移動 decide alike and the rule is tested without a
// database. The store gathers the facts under the session's lock
// (lockSession, readCandidates) and writes what was decided.

// Seats are a locked session's places: Capacity 0 means no limit.
// Enrolled counts the seats taken, LastPos the last waitlist position.
type Seats struct {
	Capacity int
	Enrolled int
	LastPos  int
}

// Next is where the next person goes: a free seat, or the end of the
// waitlist.
func (s Seats) Next() (status string, waitlistPos int) {
	if s.Capacity > 0 && s.Enrolled >= s.Capacity {
		return EnrolWaitlisted, s.LastPos + 1
	}
	return EnrolEnrolled, 0
}

// Take counts a decision's place in the seats.
func (s *Seats) Take(d EnrolDecision) {
	switch d.Status {
	case EnrolEnrolled:
		s.Enrolled++
	case EnrolWaitlisted:
		s.LastPos = d.Position
	}
}

// Candidate is what the decision needs to know of one person.
type Candidate struct {
	Found       bool   // the 職員番号 names a staff member (within the caller's scope)
	Number      string // as given, or as stored when found
	StaffStatus string // 在職 etc.
	Current     string // their status on this session, "" when they have no row
	OnOther     bool   // they hold or wait for a place on another session of the program and year
	OtherTitle  string // that session's title
}

// EnrolDecision is the outcome for one person: a Status (and a waitlist
// Position), or a Refusal with its Japanese reason.
type EnrolDecision struct {
	Status   string
	Position int
	Refusal  string
	code     apperr.Code
}

// Refused tells whether the person was left out.
func (d EnrolDecision) Refused() bool { return d.Refusal != "" }

// Err is the refusal as an error, for a request about one person.
func (d EnrolDecision) Err() error {
	if !d.Refused() {
		return nil
	}
	return apperr.New(d.code, "%s", d.Refusal)
}

// The reasons a person is not enrolled, written once.
const (
	reasonNotFound = "職員が見つかりません。"
)

func reasonNotActive(status string) string {
	return "在職中ではありません（" + status + "）。"
}

func reasonAlready(status string) string {
	return fmt.Sprintf("既にこの開催回に登録されています（%s）。", EnrolStatusLabel(status))
}

func reasonOnOther(title string) string {
	if title == "" {
		title = "別の回"
	}
	return fmt.Sprintf("既にこの研修の別の開催回（%s）に登録されています。", title)
}

// DecideEnrolment decides one person's place on a session. want is
// EnrolApplied for an application that waits for its decider, or
// EnrolRecommended for a 推薦 that waits for the center's selection (no seat
// is taken yet); otherwise the seats decide. A person not found or not in
// service, already on this session, or on another session of the program
// in the same year is refused.
func DecideEnrolment(c Candidate, seats Seats, want string) EnrolDecision {
	switch {
	case !c.Found:
		return EnrolDecision{Refusal: reasonNotFound, code: apperr.NotFound}
	case c.StaffStatus != staff.Active:
		return EnrolDecision{Refusal: reasonNotActive(c.StaffStatus), code: apperr.Invalid}
	case live(c.Current):
		return EnrolDecision{Refusal: reasonAlready(c.Current), code: apperr.Conflict}
	case c.OnOther:
		return EnrolDecision{Refusal: reasonOnOther(c.OtherTitle), code: apperr.Conflict}
	case want == EnrolApplied || want == EnrolRecommended:
		return EnrolDecision{Status: want}
	}
	st, pos := seats.Next()
	return EnrolDecision{Status: st, Position: pos}
}

// RecommendOutOfScope lists, in the order typed, the 職員番号 of a 推薦 that
// name nobody in the liaison's department (found holds those who are).
func RecommendOutOfScope[T any](numbers []string, found map[string]T) []string {
	var out []string
	for _, n := range numbers {
		if _, ok := found[n]; !ok {
			out = append(out, n)
		}
	}
	return out
}

// OverQuota lists the 職員番号 of a 推薦 beyond the quota: takes are the
// people the 推薦 would place, in the order typed, and used the places of
// the quota already taken.
func OverQuota(takes []string, quota, used int) []string {
	free := max(quota-used, 0)
	if len(takes) <= free {
		return nil
	}
	return takes[free:]
}
