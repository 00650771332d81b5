package public

import (
	"time"
)

// SenderLabel is the state a sender sees on the private link. Moderation
// is the center's business: a queued submission shows 受付 like any other.
func SenderLabel(state string) string {
	switch state {
	case StateReceived:
		return "受付"
	case StateWorking:
		return "対応中"
	case StateAnswered, StateClosed, StateSpam:
		return "対応終了"
	case StateWithdrawn:
		return "取り下げ済み"
	}
	return "受付"
}

// Closed tells whether a state ends the handling of a submission; the
// retention period runs from then.
func Closed(state string) bool {
	switch state {
	case StateAnswered, StateClosed, StateWithdrawn, StateSpam:
		return true
	}
	return false
}

// ValidState tells whether s is a known state.
func ValidState(s string) bool {
	for _, x := range States {
		if x == s {
			return true
		}
	}
	return false
}

// CanWithdraw tells whether the sender may still withdraw a submission.
func CanWithdraw(state string) bool { return state == StateReceived || state == StateWorking }

// Retention is how long the personal data of a closed submission of a
// kind is kept: one year unless a kind says otherwise.
func Retention(kind string) time.Duration {
	switch kind {
	default:
		return 365 * 24 * time.Hour
	}
}

// RetentionLabel says the retention period for the privacy page.
func RetentionLabel(kind string) string {
	return "対応の終了から1年"
}

// PurgeAfter is when a submission's personal data is deleted: the
// retention of its kind after it was closed, or never while open.
func PurgeAfter(kind, state string, closedAt time.Time) *time.Time {
	if !Closed(state) {
		return nil
	}
	t := closedAt.Add(Retention(kind)).UTC()
	return &t
}

// Rate limits of the public forms: per client address, and over every
// address together (a flood from many addresses), per RateWindow.
const (
	RateWindow    = 10 * time.Minute
	RatePerClient = 10
	RateGlobal    = 300
)

// Limits is the rate limit of a kind of submission per RateWindow: per
// client address and over every address together. A briefing's
// registrations come in bursts, often from one university's network.
func Limits(kind string) (perClient, global int) {
	switch kind {
	case KindRecruit:
		return 200, 1000
	}
	return RatePerClient, RateGlobal
}

// Allowed decides the rate limit of a kind: the number of submissions of
// the kind already stored in the window from this client and from
// everyone.
func Allowed(kind string, fromClient, fromAll int) bool {
	perClient, global := Limits(kind)
	return fromClient < perClient && fromAll < global
}
