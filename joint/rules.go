package joint

import (
	"math/rand/v2"
	"time"

	"hagukumi/apperr"
	"hagukumi/calendar"
)

// HoldsPlace tells whether an application in this state uses one of the
// city's places: every state but 落選 and 取消.
func HoldsPlace(s Status) bool { return s != Rejected && s != Cancelled }

// CheckQuota refuses one more application when the places already taken
// fill the city's quota. The message names both numbers, so the liaison
// knows how full the programme is without asking the center.
func CheckQuota(quota, taken int) error {
	if taken >= quota {
		return apperr.New(apperr.Conflict, "この研修の本市の割当人数（%d人）に達しています（申込済み%d人）。", quota, taken)
	}
	return nil
}

// LateReasons are why an application may come after the deadline: people
// who did not exist or did not hold the rank when the call went out
// (新規採用・新任係長・新任課長, as 福岡県市町村研修所 allows).
var LateReasons = []string{"新規採用", "新任係長", "新任課長"}

// CheckApplyDeadline refuses an application after the programme's
// deadline unless it is one of the late additions.
func CheckApplyDeadline(applyBy, today time.Time, lateReason string) error {
	if !today.After(applyBy) {
		return nil
	}
	for _, r := range LateReasons {
		if r == lateReason {
			return nil
		}
	}
	return apperr.Invalidf("申込締切（%s）を過ぎています。追加申込は新規採用・新任係長・新任課長に限られます。", calendar.FormatWareki(applyBy))
}

// ChangeDeadline is the last moment a substitution or cancellation is
// accepted: 17:00 JST on the business day before the programme starts.
func ChangeDeadline(startsOn time.Time) time.Time {
	d := calendar.D(startsOn.Year(), startsOn.Month(), startsOn.Day()).AddDate(0, 0, -1)
	for !calendar.IsBusinessDay(d) {
		d = d.AddDate(0, 0, -1)
	}
	return time.Date(d.Year(), d.Month(), d.Day(), 17, 0, 0, 0, calendar.JST)
}

// CanChange tells whether a change (変更・取消) may still be made at now.
func CanChange(startsOn, now time.Time) bool {
	return !now.After(ChangeDeadline(startsOn))
}

// Allocate chooses who is accepted among applicants (ids in the order they
// applied) for quota places. The lottery is drawn from seed, so the same
// seed gives the same result: a draw can be shown again and checked.
func Allocate(policy Policy, applicants []int64, quota int, seed uint64) (accepted, rejected []int64) {
	order := append([]int64(nil), applicants...)
	switch policy {
	case AllIn:
		return order, nil
	case Lottery:
		r := rand.New(rand.NewPCG(seed, uint64(len(order))))
		r.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
	}
	if quota < 0 {
		quota = 0
	}
	if quota >= len(order) {
		return order, nil
	}
	return order[:quota], order[quota:]
}
