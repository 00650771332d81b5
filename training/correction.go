package training

import (
	"context"
	"strings"

	"hagukumi/apperr"
	"hagukumi/audit"
)

// Once a session has been held (its last day is over) its attendance is a
// record others rely on: completions and certificates follow from it. A
// change is then a correction: only the center makes it, and always with a
// reason that the audit log keeps. Until the end of the last day the
// instructor marks attendance as before.

// Held tells whether a session's last day is over (実施済).
func Held(x *Session, today string) bool {
	return len(x.Days) > 0 && x.Days[len(x.Days)-1].Date < today
}

// MayChangeAttendance says whether a user may change a session's recorded
// attendance today: center tells whether the user is center staff, reason
// is the reason they gave. It adds to MayMarkAttendance what a held
// session needs.
func MayChangeAttendance(center bool, x *Session, today, reason string) error {
	if err := MayMarkAttendance(x, today); err != nil {
		return err
	}
	if !Held(x, today) {
		return nil
	}
	if !center {
		return apperr.New(apperr.Conflict, "実施済みの開催回の出欠は変更できません。訂正が必要な場合は人財育成センターにご連絡ください。")
	}
	if strings.TrimSpace(reason) == "" {
		return apperr.Fields(apperr.FieldErrors{"correction_reason": "実施済みの開催回の出欠を訂正する理由を入力してください。"})
	}
	return nil
}

// CorrectAttendance changes the attendance of a session as a correction:
// like MarkAttendance, and the audit entry records the reason. Who may
// correct is MayChangeAttendance's rule, checked by the caller, which
// knows the user.
func (s *Store) CorrectAttendance(ctx context.Context, by audit.Actor, muni, sessionID int64, marks []Mark, reason string) error {
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return apperr.Fields(apperr.FieldErrors{"correction_reason": "訂正の理由を入力してください。"})
	}
	return s.markAttendance(ctx, by, muni, sessionID, marks, reason)
}
