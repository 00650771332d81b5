package training

import "hagukumi/apperr"

// A session's life: 予定 until its last day is over, then 実施済 by
// itself, or 中止 when the center cancels it. The status is computed from
// the days and today (calendar.Today), never set by a batch job, so a past
// session cannot stay 予定 and a page shows the same status on every
// instance. The stored column only records the cancellation.

// SessionStatus is the status of a session with the given days on a day
// (YYYY-MM-DD, Japanese date). On its last day a session is still 予定:
// it may run into the evening, and attendance is still being taken.
func SessionStatus(days []Day, cancelled bool, today string) string {
	switch {
	case cancelled:
		return SessionCancelled
	case len(days) > 0 && days[len(days)-1].Date < today:
		return SessionHeld
	}
	return SessionPlanned
}

// Begun tells whether a session's first day has come. Days are kept in
// date order.
func Begun(days []Day, today string) bool {
	return len(days) > 0 && days[0].Date <= today
}

// MayMarkAttendance says whether attendance may be recorded for a session
// today, by the list, the tablet or the QR code: not for a cancelled
// session, and not before its first day (nobody can have attended yet).
func MayMarkAttendance(x *Session, today string) error {
	if x.Status == SessionCancelled {
		return apperr.Invalidf("中止された開催回には出欠を記録できません。")
	}
	if !Begun(x.Days, today) {
		return apperr.New(apperr.Conflict, "開催日（%s）より前には出欠を記録できません。", DateLabel(x.First()))
	}
	return nil
}

// MayIssueCertificate says whether a 修了証 of the session may be shown:
// not before the session's first day, whatever the records say.
func MayIssueCertificate(x *Session, today string) error {
	if !Begun(x.Days, today) {
		return apperr.New(apperr.Conflict, "開催日（%s）より前には修了証を発行できません。", DateLabel(x.First()))
	}
	return nil
}

// MayCancel says whether an enrolment in a session may be cancelled
// (取消) today. Before the first day, whoever may cancel it at all (see
// CancelScope) may. Once the session has begun, a cancellation rewrites
// what happened, so only the center may make it, as a correction: the
// store then removes the person's attendance and completion with it (see
// Cancel), so no record ever says 取消 next to 出席 or a 修了証.
func MayCancel(center bool, x *Session, today string) error {
	if x.Status == SessionCancelled {
		return apperr.New(apperr.Conflict, "この開催回は中止されています。")
	}
	if Begun(x.Days, today) && !center {
		return apperr.New(apperr.Conflict, "研修が始まった後は取り消せません。取消が必要な場合は人財育成センターにご連絡ください。")
	}
	return nil
}
